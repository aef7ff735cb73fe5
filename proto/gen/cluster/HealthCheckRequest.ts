// Original file: proto/cluster/cluster.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../google/protobuf/Duration.ts';
import type { ClusterInfo as _cluster_ClusterInfo, ClusterInfo__Output as _cluster_ClusterInfo__Output } from '../cluster/ClusterInfo.ts';

export interface HealthCheckRequest {
  'wait_timeout'?: (_google_protobuf_Duration | null);
  'cluster_info'?: (_cluster_ClusterInfo | null);
}

export interface HealthCheckRequest__Output {
  'wait_timeout': (_google_protobuf_Duration__Output | null);
  'cluster_info': (_cluster_ClusterInfo__Output | null);
}
