// Original file: proto/talsim/control.proto


export interface FaultHealRequest {
  'fault_id'?: (string);
  'all'?: (boolean);
}

export interface FaultHealRequest__Output {
  'fault_id': (string);
  'all': (boolean);
}
