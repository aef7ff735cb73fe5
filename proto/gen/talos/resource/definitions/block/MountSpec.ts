// Original file: proto/resource/definitions/block/block.proto

import type { Long } from '@grpc/proto-loader';

export interface MountSpec {
  'target_path'?: (string);
  'selinux_label'?: (string);
  'project_quota_support'?: (boolean);
  'parent_id'?: (string);
  'file_mode'?: (number);
  'uid'?: (number | string | Long);
  'gid'?: (number | string | Long);
  'recursive_relabel'?: (boolean);
  'bind_target'?: (string);
}

export interface MountSpec__Output {
  'target_path': (string);
  'selinux_label': (string);
  'project_quota_support': (boolean);
  'parent_id': (string);
  'file_mode': (number);
  'uid': (string);
  'gid': (string);
  'recursive_relabel': (boolean);
  'bind_target': (string);
}
