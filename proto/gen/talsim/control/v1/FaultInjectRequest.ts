// Original file: proto/talsim/control.proto

import type { Long } from '@grpc/proto-loader';

export interface FaultInjectRequest {
  'kind'?: (string);
  'targets'?: (string)[];
  'params_json'?: (string);
  'duration_ms'?: (number | string | Long);
}

export interface FaultInjectRequest__Output {
  'kind': (string);
  'targets': (string)[];
  'params_json': (string);
  'duration_ms': (string);
}
