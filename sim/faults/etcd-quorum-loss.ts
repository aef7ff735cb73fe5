// Fault `etcd-quorum-loss`: etcd loses its quorum, either because every control plane is cut off
// from every other (`partition`) or because the etcd service of a majority of the members is
// stopped (`stop`). No leader can be elected, etcd health fails everywhere, the Kubernetes API
// stops answering and config changes that need it stay stuck `waiting for etcd quorum`.
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';
import { blockPaths, unblockPaths } from './path-blocks.ts';
import { isPlannedControlPlane, linkPaths } from './fault-targets.ts';

export const etcdQuorumLoss = defineFaultKind({
  kind: 'etcd-quorum-loss',
  description: 'etcd loses its quorum: control planes partitioned from each other, or etcd stopped on a majority of members.',
  targets: 'cluster',
  options: z.strictObject({
    method: z.enum(['partition', 'stop']).default('partition').meta({
      description: '`partition` (default): every control plane cut off from every other; `stop`: the etcd service stopped on a majority of members (first by name).',
    }),
  }),
  inject(cluster, _targets, options) {
    const controlPlanes = [...cluster.nodes.values()].filter((node) => isPlannedControlPlane(cluster, node));
    if (options.method === 'partition') {
      const names = controlPlanes.map((node) => node.name);
      const paths = linkPaths({ from: names, to: names }, true);
      blockPaths(cluster, paths);
      return { paths, stopped: [] as string[] };
    }
    const voters = cluster.world.etcd.voters().map((member) => member.node).sort();
    const stopped = voters.slice(0, Math.floor(voters.length / 2) + 1);
    for (const name of stopped) cluster.node(name).services.stop('etcd');
    return { paths: [] as Array<[string, string]>, stopped };
  },
  heal(cluster, _targets, handle) {
    if (handle.paths.length > 0) unblockPaths(cluster, handle.paths);
    for (const name of handle.stopped) {
      const node = cluster.node(name);
      if (node.isPoweredOn() && node.services.isStarted('etcd')) node.services.start('etcd');
    }
  },
});
