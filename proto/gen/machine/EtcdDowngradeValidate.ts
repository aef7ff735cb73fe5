// Original file: proto/machine/machine.proto

import type { Metadata as _common_Metadata, Metadata__Output as _common_Metadata__Output } from '../common/Metadata.ts';
import type { EtcdClusterDowngrade as _machine_EtcdClusterDowngrade, EtcdClusterDowngrade__Output as _machine_EtcdClusterDowngrade__Output } from '../machine/EtcdClusterDowngrade.ts';

export interface EtcdDowngradeValidate {
  'metadata'?: (_common_Metadata | null);
  'cluster_downgrade'?: (_machine_EtcdClusterDowngrade | null);
}

export interface EtcdDowngradeValidate__Output {
  'metadata': (_common_Metadata__Output | null);
  'cluster_downgrade': (_machine_EtcdClusterDowngrade__Output | null);
}
