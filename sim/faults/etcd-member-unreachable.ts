// Fault `etcd-member-unreachable`: each target control plane is cut off from the other control
// planes (both directions), as a firewall on 2379/2380 or a broken switch port would. The member
// leaves the majority: its etcd health fails with `context deadline exceeded`; if it led, the
// others elect a new leader. Workers and the client still reach it.
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';
import { blockPaths, unblockPaths } from './path-blocks.ts';
import { isPlannedControlPlane, linkPaths, requireControlPlanes } from './fault-targets.ts';

export const etcdMemberUnreachable = defineFaultKind({
  kind: 'etcd-member-unreachable',
  description: 'Each target control plane is partitioned from the other control planes (its etcd member loses the majority).',
  targets: 'nodes',
  options: z.strictObject({}),
  inject(cluster, targets) {
    requireControlPlanes(cluster, 'etcd-member-unreachable', targets.nodes);
    const controlPlanes = [...cluster.nodes.values()].filter((node) => isPlannedControlPlane(cluster, node)).map((node) => node.name);
    const paths = linkPaths({ from: targets.nodes.map((node) => node.name), to: controlPlanes }, true);
    blockPaths(cluster, paths);
    return { paths };
  },
  heal(cluster, _targets, handle) {
    unblockPaths(cluster, handle.paths);
  },
});
