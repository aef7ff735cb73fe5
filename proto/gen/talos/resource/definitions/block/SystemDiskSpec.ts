// Original file: proto/resource/definitions/block/block.proto


export interface SystemDiskSpec {
  'disk_id'?: (string);
  'dev_path'?: (string);
}

export interface SystemDiskSpec__Output {
  'disk_id': (string);
  'dev_path': (string);
}
