// Partitions as counted blocks: several faults may cut the same directed path (a partition and an
// etcd-member-unreachable at once), and healing one must not reopen a path another still cuts.
// After every change etcd re-evaluates leadership, since its quorum is computed over the network.
import type { SimCluster } from '../cluster/cluster.ts';
import type { Network } from '../cluster/network.ts';

const blockCounts = new WeakMap<Network, Map<string, number>>();

function countsOf(network: Network): Map<string, number> {
  let counts = blockCounts.get(network);
  if (!counts) blockCounts.set(network, (counts = new Map()));
  return counts;
}

export function blockPaths(cluster: SimCluster, paths: Array<[string, string]>): void {
  const network = cluster.world.network;
  const counts = countsOf(network);
  for (const [from, to] of paths) {
    const key = `${from}->${to}`;
    const count = counts.get(key) ?? 0;
    if (count === 0) network.partition(from, to, false);
    counts.set(key, count + 1);
  }
  cluster.world.etcd.reevaluate();
}

export function unblockPaths(cluster: SimCluster, paths: Array<[string, string]>): void {
  const network = cluster.world.network;
  const counts = countsOf(network);
  for (const [from, to] of paths) {
    const key = `${from}->${to}`;
    const count = counts.get(key) ?? 0;
    if (count <= 1) {
      counts.delete(key);
      network.heal(from, to, false);
    } else counts.set(key, count - 1);
  }
  cluster.world.etcd.reevaluate();
}
