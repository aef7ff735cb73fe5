// Original file: proto/resource/definitions/block/block.proto

import type { Long } from '@grpc/proto-loader';

export interface TPMEncryptionOptionsInfo {
  'pc_rs'?: (number | string | Long)[];
  'pub_key_pc_rs'?: (number | string | Long)[];
}

export interface TPMEncryptionOptionsInfo__Output {
  'pc_rs': (string)[];
  'pub_key_pc_rs': (string)[];
}
