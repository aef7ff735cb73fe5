// Original file: proto/cluster/cluster.proto


export interface ClusterInfo {
  'control_plane_nodes'?: (string)[];
  'worker_nodes'?: (string)[];
  'force_endpoint'?: (string);
}

export interface ClusterInfo__Output {
  'control_plane_nodes': (string)[];
  'worker_nodes': (string)[];
  'force_endpoint': (string);
}
