// Original file: proto/cosi/v1alpha1/state.proto


export interface TeardownAndDestroyResponse {
}

export interface TeardownAndDestroyResponse__Output {
}
