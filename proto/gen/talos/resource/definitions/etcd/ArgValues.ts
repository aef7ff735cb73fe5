// Original file: proto/resource/definitions/etcd/etcd.proto


export interface ArgValues {
  'values'?: (string)[];
}

export interface ArgValues__Output {
  'values': (string)[];
}
