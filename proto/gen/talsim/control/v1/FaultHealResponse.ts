// Original file: proto/talsim/control.proto


export interface FaultHealResponse {
  'healed'?: (string)[];
}

export interface FaultHealResponse__Output {
  'healed': (string)[];
}
