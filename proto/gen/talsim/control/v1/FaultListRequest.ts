// Original file: proto/talsim/control.proto


export interface FaultListRequest {
}

export interface FaultListRequest__Output {
}
