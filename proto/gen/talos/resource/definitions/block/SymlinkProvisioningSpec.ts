// Original file: proto/resource/definitions/block/block.proto


export interface SymlinkProvisioningSpec {
  'symlink_target_path'?: (string);
  'force'?: (boolean);
}

export interface SymlinkProvisioningSpec__Output {
  'symlink_target_path': (string);
  'force': (boolean);
}
