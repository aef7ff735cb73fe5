// Original file: proto/talsim/control.proto

import type { NodeStatus as _talsim_control_v1_NodeStatus, NodeStatus__Output as _talsim_control_v1_NodeStatus__Output } from '../../../talsim/control/v1/NodeStatus.ts';
import type { Long } from '@grpc/proto-loader';

export interface StatusResponse {
  'virtual_ms'?: (number | string | Long);
  'speed'?: (number | string);
  'paused'?: (boolean);
  'nodes'?: (_talsim_control_v1_NodeStatus)[];
}

export interface StatusResponse__Output {
  'virtual_ms': (string);
  'speed': (number);
  'paused': (boolean);
  'nodes': (_talsim_control_v1_NodeStatus__Output)[];
}
