// Fault `etcd-data-not-empty`: the etcd data directory of each target control plane already holds
// data (left over from an earlier cluster, a reset that kept EPHEMERAL). Bootstrap there fails with
// AlreadyExists `etcd data directory is not empty`.
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';
import { requireControlPlanes } from './fault-targets.ts';

export const etcdDataNotEmpty = defineFaultKind({
  kind: 'etcd-data-not-empty',
  description: "The etcd data directory of each target control plane holds data: Bootstrap fails with AlreadyExists.",
  targets: 'nodes',
  options: z.strictObject({}),
  inject(cluster, targets) {
    requireControlPlanes(cluster, 'etcd-data-not-empty', targets.nodes);
    const directories = cluster.world.etcd.dataDirectories;
    const marked = targets.nodes.map((node) => node.name).filter((name) => !directories.has(name));
    for (const name of marked) directories.add(name);
    return { marked };
  },
  heal(cluster, _targets, handle) {
    const etcd = cluster.world.etcd;
    for (const name of handle.marked) if (!etcd.members.has(name)) etcd.dataDirectories.delete(name);
  },
});
