// How talsim scales with cluster size: 3 control planes + N workers booted, bootstrapped and run
// until every node is running (checked every 2,000 events, not after each), for N = 50 and 250,
// with the wall time, events and heap. The ratio between the two sizes shows how far from linear
// the per-node cost is (1.0 = linear).
import { SimCluster } from '../sim/cluster/cluster.ts';
import { bootstrap } from '../nodes/node-commands.ts';
import type { NodePlan } from '../sim/scenario/plan.ts';

function plan(workers: number): NodePlan[] {
  const names = [...['cp-1', 'cp-2', 'cp-3'].map((name) => ({ name, role: 'controlplane' as const })), ...Array.from({ length: workers }, (_, i) => ({ name: `w-${i + 1}`, role: 'worker' as const }))];
  return names.map((n) => ({ ...n, hardware: { profile: 'default' }, config: { source: 'generated', patches: [] }, configured: true, source: { file: '', line: 0, column: 0 } }));
}

function boot(workers: number): { wallMs: number; events: number; heapMb: number } {
  const started = performance.now();
  const cluster = new SimCluster({ name: 'scale', endpoint: '', subnet: '10.0.0.0/16', talosVersion: 'v1.13.0', nodes: plan(workers) }, { seed: 'scale' });
  cluster.powerOnAll();
  const kernel = cluster.world.kernel;
  kernel.runUntilCondition(() => cluster.node('cp-1').services.state('etcd') === 'Preparing', { maxTimeMs: 300_000 });
  bootstrap(cluster.node('cp-1'));
  const nodes = [...cluster.nodes.values()];
  let sinceCheck = 0;
  kernel.runUntilCondition(() => (++sinceCheck % 2_000 === 0 ? nodes.every((n) => n.stage() === 'running') : false), { maxTimeMs: 20 * 60_000 });
  if (!nodes.every((n) => n.stage() === 'running')) throw new Error(`not every node is running at ${kernel.now} ms`);
  return { wallMs: performance.now() - started, events: kernel.eventsFired, heapMb: process.memoryUsage().heapUsed / 1e6 };
}

const small = boot(50);
const large = boot(250);
for (const [workers, figures] of [[50, small], [250, large]] as const) {
  console.log(`scale: 3 CPs + ${workers} workers booted to running: ${figures.wallMs.toFixed(0)} ms wall, ${figures.events} events, heap ${figures.heapMb.toFixed(0)} MB`);
}
const perNode = (f: { wallMs: number }, n: number) => f.wallMs / (n + 3);
console.log(`scale: wall ms per node ${perNode(small, 50).toFixed(1)} -> ${perNode(large, 250).toFixed(1)} (ratio ${(perNode(large, 250) / perNode(small, 50)).toFixed(2)}; 1.0 = linear)`);
