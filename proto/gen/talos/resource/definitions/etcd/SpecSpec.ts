// Original file: proto/resource/definitions/etcd/etcd.proto

import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from '../../../../common/NetIP.ts';
import type { ArgValues as _talos_resource_definitions_etcd_ArgValues, ArgValues__Output as _talos_resource_definitions_etcd_ArgValues__Output } from '../../../../talos/resource/definitions/etcd/ArgValues.ts';

export interface SpecSpec {
  'name'?: (string);
  'advertised_addresses'?: (_common_NetIP)[];
  'image'?: (string);
  'listen_peer_addresses'?: (_common_NetIP)[];
  'listen_client_addresses'?: (_common_NetIP)[];
  'extra_args'?: ({[key: string]: _talos_resource_definitions_etcd_ArgValues});
}

export interface SpecSpec__Output {
  'name': (string);
  'advertised_addresses': (_common_NetIP__Output)[];
  'image': (string);
  'listen_peer_addresses': (_common_NetIP__Output)[];
  'listen_client_addresses': (_common_NetIP__Output)[];
  'extra_args': ({[key: string]: _talos_resource_definitions_etcd_ArgValues__Output});
}
