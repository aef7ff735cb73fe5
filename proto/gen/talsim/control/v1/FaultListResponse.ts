// Original file: proto/talsim/control.proto

import type { ActiveFault as _talsim_control_v1_ActiveFault, ActiveFault__Output as _talsim_control_v1_ActiveFault__Output } from '../../../talsim/control/v1/ActiveFault.ts';

export interface FaultListResponse {
  'faults'?: (_talsim_control_v1_ActiveFault)[];
}

export interface FaultListResponse__Output {
  'faults': (_talsim_control_v1_ActiveFault__Output)[];
}
