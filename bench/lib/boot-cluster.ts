// A cluster of 3 control planes + N workers booted, bootstrapped and run until every node is
// running (checked every 2,000 events), for the model-cost and scale rows. Returns the CPU time
// (this process, all threads), wall time, kernel events and heap after the boot.
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { bootstrap } from '../../nodes/node-commands.ts';
import type { NodePlan } from '../../sim/scenario/plan.ts';
import { cpuMsSince } from './report.ts';

export interface BootFigures {
  nodes: number;
  buildCpuMs: number;
  cpuMs: number;
  wallMs: number;
  events: number;
  heapBytes: number;
  virtualMs: number;
}

export function clusterPlan(workers: number): NodePlan[] {
  const names = [...['cp-1', 'cp-2', 'cp-3'].map((name) => ({ name, role: 'controlplane' as const })), ...Array.from({ length: workers }, (_, i) => ({ name: `w-${i + 1}`, role: 'worker' as const }))];
  return names.map((n) => ({ ...n, hardware: { profile: 'default' }, config: { source: 'generated', patches: [] }, configured: true, source: { file: '', line: 0, column: 0 } }));
}

export function bootCluster(workers: number, keep?: (cluster: SimCluster) => void): BootFigures {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const cluster = new SimCluster({ name: 'scale', endpoint: '', subnet: '10.0.0.0/12', talosVersion: 'v1.13.0', nodes: clusterPlan(workers) }, { seed: 'scale' });
  const buildCpuMs = cpuMsSince(cpuStart);
  progress(`built ${workers + 3} nodes`, cpuStart);
  cluster.powerOnAll();
  const kernel = cluster.world.kernel;
  kernel.runUntilCondition(() => cluster.node('cp-1').services.state('etcd') === 'Preparing', { maxTimeMs: 300_000 });
  progress('etcd waits for bootstrap', cpuStart);
  bootstrap(cluster.node('cp-1'));
  const nodes = [...cluster.nodes.values()];
  let sinceCheck = 0;
  kernel.runUntilCondition(() => {
    if (++sinceCheck % 2_000 !== 0) return false;
    if (sinceCheck % 200_000 === 0) progress(`${kernel.eventsFired} events, ${(kernel.now / 1000).toFixed(1)} s virtual, ${nodes.filter((n) => n.stage() === 'running').length} running`, cpuStart);
    return nodes.every((n) => n.stage() === 'running');
  }, { maxTimeMs: 60 * 60_000 });
  if (!nodes.every((n) => n.stage() === 'running')) throw new Error(`not every node is running at ${kernel.now} ms`);
  const figures = { nodes: workers + 3, buildCpuMs, cpuMs: cpuMsSince(cpuStart), wallMs: performance.now() - wallStart, events: kernel.eventsFired, heapBytes: 0, virtualMs: kernel.now };
  keep?.(cluster);
  globalThis.gc?.();
  figures.heapBytes = process.memoryUsage().heapUsed;
  return figures;
}

/** With TALSIM_BENCH_PROGRESS=1, a line per phase on stderr (CPU so far, heap): how far a big run got. */
function progress(what: string, cpuStart: NodeJS.CpuUsage): void {
  if (process.env.TALSIM_BENCH_PROGRESS !== '1') return;
  process.stderr.write(`[scale] ${what}: ${(cpuMsSince(cpuStart) / 1000).toFixed(1)} CPU s, heap ${(process.memoryUsage().heapUsed / 1e9).toFixed(2)} GB\n`);
}
