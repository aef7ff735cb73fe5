// Original file: proto/kms/kms.proto


export interface Request {
  'node_uuid'?: (string);
  'data'?: (Buffer | Uint8Array | string);
}

export interface Request__Output {
  'node_uuid': (string);
  'data': (Buffer);
}
