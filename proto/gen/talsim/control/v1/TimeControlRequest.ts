// Original file: proto/talsim/control.proto

import type { Long } from '@grpc/proto-loader';

// Original file: proto/talsim/control.proto

export const _talsim_control_v1_TimeControlRequest_Action = {
  PAUSE: 'PAUSE',
  RESUME: 'RESUME',
  SPEED: 'SPEED',
  ADVANCE: 'ADVANCE',
} as const;

export type _talsim_control_v1_TimeControlRequest_Action =
  | 'PAUSE'
  | 0
  | 'RESUME'
  | 1
  | 'SPEED'
  | 2
  | 'ADVANCE'
  | 3

export type _talsim_control_v1_TimeControlRequest_Action__Output = typeof _talsim_control_v1_TimeControlRequest_Action[keyof typeof _talsim_control_v1_TimeControlRequest_Action]

export interface TimeControlRequest {
  'action'?: (_talsim_control_v1_TimeControlRequest_Action);
  'speed'?: (number | string);
  'advance_ms'?: (number | string | Long);
}

export interface TimeControlRequest__Output {
  'action': (_talsim_control_v1_TimeControlRequest_Action__Output);
  'speed': (number);
  'advance_ms': (string);
}
