// Original file: proto/talsim/control.proto

import type { Long } from '@grpc/proto-loader';

export interface TimeControlResponse {
  'virtual_ms'?: (number | string | Long);
  'speed'?: (number | string);
  'paused'?: (boolean);
}

export interface TimeControlResponse__Output {
  'virtual_ms': (string);
  'speed': (number);
  'paused': (boolean);
}
