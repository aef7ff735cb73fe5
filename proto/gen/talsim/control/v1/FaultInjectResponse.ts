// Original file: proto/talsim/control.proto


export interface FaultInjectResponse {
  'fault_id'?: (string);
}

export interface FaultInjectResponse__Output {
  'fault_id': (string);
}
