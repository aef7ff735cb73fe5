// Fault `etcd-slow-election`: leader elections take this many times longer (slow disks or CPU on
// the members, long election timeouts). Nothing shows while the leader stays; once it is lost the
// cluster goes without a leader (no quorum, no Kubernetes API) for many seconds instead of one or two.
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';

export const etcdSlowElection = defineFaultKind({
  kind: 'etcd-slow-election',
  description: 'Leader elections take longer; shows when a leader is lost.',
  targets: 'cluster',
  options: z.strictObject({
    electionSlowdownFactor: z.number().min(1).max(1000).default(10).meta({ description: 'Multiplier of the 1-2 s election timeout. Default 10.' }),
  }),
  inject(cluster, _targets, options) {
    const faults = cluster.world.etcd.faults;
    const previousFactor = faults.electionSlowdownFactor;
    faults.electionSlowdownFactor = options.electionSlowdownFactor;
    return { previousFactor };
  },
  heal(cluster, _targets, handle) {
    cluster.world.etcd.faults.electionSlowdownFactor = handle.previousFactor;
  },
});
