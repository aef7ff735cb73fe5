// Fault `etcd-commit-delay`: every etcd commit takes this much longer (an overloaded leader, a
// slow network between members). Past etcd's request timeout (5 s) health checks fail with
// `context deadline exceeded` and the Kubernetes API stops answering, so a control-plane apply that
// needs kube-apiserver stays Reconciling, then stuck with an etcd reason. Leaves out: etcd's own
// `apply request took too long` log lines.
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';

export const etcdCommitDelay = defineFaultKind({
  kind: 'etcd-commit-delay',
  description: 'Every etcd commit takes longer; past 5 s etcd health and the Kubernetes API fail.',
  targets: 'cluster',
  options: z.strictObject({
    commitDelayMs: z.number().min(0).max(600_000).default(6_000).meta({ description: 'Delay added to every commit, ms. Default 6000 (beyond the 5 s request timeout).' }),
  }),
  inject(cluster, _targets, options) {
    const faults = cluster.world.etcd.faults;
    const previousMs = faults.commitDelayMs;
    faults.commitDelayMs = options.commitDelayMs;
    return { previousMs };
  },
  heal(cluster, _targets, handle) {
    cluster.world.etcd.faults.commitDelayMs = handle.previousMs;
  },
});
