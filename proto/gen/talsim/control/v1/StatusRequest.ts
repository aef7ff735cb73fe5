// Original file: proto/talsim/control.proto


export interface StatusRequest {
}

export interface StatusRequest__Output {
}
