// Fault `partition`: the paths between two sets of endpoints are cut, in both directions or only
// from -> to (an asymmetric firewall rule). Discovery stops listing the other side (`Members`),
// etcd members on the minority side lose quorum and a new leader is elected on the majority side.
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';
import { blockPaths, unblockPaths } from './path-blocks.ts';
import { linkPaths } from './fault-targets.ts';

export const partition = defineFaultKind({
  kind: 'partition',
  description: 'The paths between two sets of endpoints are cut, symmetric or one-way.',
  targets: 'link',
  options: z.strictObject({
    symmetric: z.boolean().default(true).meta({ description: 'Cut both directions (default true) or only from -> to.' }),
  }),
  inject(cluster, targets, options) {
    const paths = linkPaths(targets.link!, options.symmetric);
    blockPaths(cluster, paths);
    return { paths };
  },
  heal(cluster, _targets, handle) {
    unblockPaths(cluster, handle.paths);
  },
});
