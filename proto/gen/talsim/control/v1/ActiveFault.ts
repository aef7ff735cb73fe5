// Original file: proto/talsim/control.proto

import type { Long } from '@grpc/proto-loader';

export interface ActiveFault {
  'fault_id'?: (string);
  'kind'?: (string);
  'targets'?: (string)[];
  'params_json'?: (string);
  'started_ms'?: (number | string | Long);
  'ends_ms'?: (number | string | Long);
}

export interface ActiveFault__Output {
  'fault_id': (string);
  'kind': (string);
  'targets': (string)[];
  'params_json': (string);
  'started_ms': (string);
  'ends_ms': (string);
}
