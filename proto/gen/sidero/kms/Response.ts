// Original file: proto/kms/kms.proto


export interface Response {
  'data'?: (Buffer | Uint8Array | string);
}

export interface Response__Output {
  'data': (Buffer);
}
