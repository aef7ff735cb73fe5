// Original file: proto/resource/definitions/block/block.proto


export interface MountRequestSpec {
  'volume_id'?: (string);
  'parent_mount_id'?: (string);
  'requesters'?: (string)[];
  'requester_i_ds'?: (string)[];
  'read_only'?: (boolean);
  'detached'?: (boolean);
  'disable_access_time'?: (boolean);
  'secure'?: (boolean);
}

export interface MountRequestSpec__Output {
  'volume_id': (string);
  'parent_mount_id': (string);
  'requesters': (string)[];
  'requester_i_ds': (string)[];
  'read_only': (boolean);
  'detached': (boolean);
  'disable_access_time': (boolean);
  'secure': (boolean);
}
