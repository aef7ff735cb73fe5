// Original file: proto/resource/definitions/k8s/k8s.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../../../google/protobuf/Struct.ts';

export interface KubeletSpecSpec {
  'image'?: (string);
  'args'?: (string)[];
  'expected_nodename'?: (string);
  'config'?: (_google_protobuf_Struct | null);
  'credential_provider_config'?: (_google_protobuf_Struct | null);
}

export interface KubeletSpecSpec__Output {
  'image': (string);
  'args': (string)[];
  'expected_nodename': (string);
  'config': (_google_protobuf_Struct__Output | null);
  'credential_provider_config': (_google_protobuf_Struct__Output | null);
}
