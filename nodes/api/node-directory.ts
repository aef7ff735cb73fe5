// What the API edge needs of the cluster it serves, declared here and implemented by the cluster
// (sim/cluster/cluster.ts's SimCluster): the nodes by name (apid routes `node`/`nodes` metadata to
// them), their shared world (network reachability for routing, etcd and Kubernetes for health
// checks), the cluster's secrets (the machine CA a talosconfig is checked against) and its
// Kubernetes endpoint. Leaves out: building, faults and plans, which only the cluster knows.
import type { VirtualNode } from '../node.ts';
import type { NodeWorld } from '../node-world.ts';
import type { SecretsBundle } from '../pki/index.ts';

export interface NodeDirectory {
  readonly world: NodeWorld;
  readonly nodes: ReadonlyMap<string, VirtualNode>;
  readonly secrets: SecretsBundle;
  /** The cluster's Kubernetes API endpoint, e.g. `https://10.5.0.2:6443`. */
  readonly endpoint: string;
}
