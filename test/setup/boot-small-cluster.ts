// A generated cluster of 3 control planes and 5 workers, booted to running and then a minute
// past it: what the reconcile tests compare pass by pass.
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { bootstrap } from '../../nodes/node-commands.ts';

export function bootSmallCluster(name: string): SimCluster {
  const names = [...['cp-1', 'cp-2', 'cp-3'].map((node) => ({ name: node, role: 'controlplane' as const })), ...Array.from({ length: 5 }, (_, i) => ({ name: `w-${i + 1}`, role: 'worker' as const }))];
  const nodes = names.map((n) => ({ ...n, hardware: { profile: 'default' }, config: { source: 'generated' as const, patches: [] }, configured: true, source: { file: '', line: 0, column: 0 } }));
  const cluster = new SimCluster({ name, endpoint: '', subnet: '10.5.0.0/24', talosVersion: 'v1.13.0', nodes }, { seed: name });
  cluster.powerOnAll();
  const kernel = cluster.world.kernel;
  kernel.runUntilCondition(() => cluster.node('cp-1').services.state('etcd') === 'Preparing', { maxTimeMs: 300_000 });
  bootstrap(cluster.node('cp-1'));
  const all = [...cluster.nodes.values()];
  kernel.runUntilCondition(() => all.every((n) => n.stage() === 'running'), { maxTimeMs: 600_000 });
  kernel.runUntil(kernel.now + 60_000);
  return cluster;
}
