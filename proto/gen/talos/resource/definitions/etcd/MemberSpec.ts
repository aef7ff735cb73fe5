// Original file: proto/resource/definitions/etcd/etcd.proto


export interface MemberSpec {
  'member_id'?: (string);
}

export interface MemberSpec__Output {
  'member_id': (string);
}
