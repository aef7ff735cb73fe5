// Where a big boot's cost grows with the cluster: boots 3 CPs + W workers for each size in
// TALSIM_BENCH_SIZES (default 1000,10000) in this process, one after the other, and prints the CPU
// per kernel event and the garbage collection's share in each stretch of virtual time, side by side
// for the sizes (a ratio of 1.0 = the same cost per event at both sizes). The boot is
// bench/lib/boot-cluster.ts's (bootstrap when cp-1's etcd waits for it).
//   node --max-old-space-size=8000 --expose-gc --import tsx bench/scale-phases.ts
// TALSIM_BENCH_STOP_CPU_S / TALSIM_BENCH_STOP_AT (an ISO time) end a boot early (the 100,000-node
// attempt): the table then shows how far it got, and --cpu-prof still writes its profile at exit.
// TALSIM_BENCH_STOP_VIRTUAL_S ends each boot at that virtual time instead (a fixed stretch, the same
// events in two trees: compare their CPU and the trace digest printed per size).
// TALSIM_BENCH_PROFILE_S=FROM,TO writes a CPU profile of that stretch of virtual time only (each
// size's own file, scale-<workers>-<from>-<to>.cpuprofile in the working directory).
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { SimCluster } from '../sim/cluster/cluster.ts';
import { bootstrap } from '../nodes/node-commands.ts';
import { clusterPlan } from './lib/boot-cluster.ts';
import { cpuMsSince } from './lib/report.ts';

const SIZES = (process.env.TALSIM_BENCH_SIZES ?? '1000,10000').split(',').map(Number);
/** Stretch boundaries in virtual seconds. */
const EDGES = (process.env.TALSIM_BENCH_EDGES ?? '2,5,10,15,20,25,30,35,40,45,50,55,60,90').split(',').map((s) => Number(s) * 1000);

interface Stretch { untilMs: number; events: number; cpuMs: number; wallStart: number; wallEnd: number; gcMs: number }

const STOP_CPU_MS = Number(process.env.TALSIM_BENCH_STOP_CPU_S ?? Infinity) * 1000;
const STOP_AT = process.env.TALSIM_BENCH_STOP_AT ? Date.parse(process.env.TALSIM_BENCH_STOP_AT) : Infinity;
const STOP_VIRTUAL_MS = Number(process.env.TALSIM_BENCH_STOP_VIRTUAL_S ?? Infinity) * 1000;

const PROFILE_MS = process.env.TALSIM_BENCH_PROFILE_S?.split(',').map((s) => Number(s) * 1000);

/** The inspector's CPU profiler over one stretch of virtual time (its calls answer synchronously in this thread). */
function stretchProfiler(workers: number): (end?: boolean) => void {
  if (!PROFILE_MS) return () => {};
  const [from, to] = PROFILE_MS as [number, number];
  const session = new Session();
  session.connect();
  let state: 'before' | 'on' | 'done' = 'before';
  return (end = false) => {
    const now = end ? Infinity : cluster_now();
    if (state === 'before' && now >= from) {
      session.post('Profiler.enable');
      session.post('Profiler.start');
      state = 'on';
    } else if (state === 'on' && now >= to) {
      session.post('Profiler.stop', (err, result) => {
        if (!err) writeFileSync(`scale-${workers}-${from / 1000}-${to / 1000}.cpuprofile`, JSON.stringify(result.profile));
      });
      state = 'done';
      session.disconnect();
    }
  };
}
let cluster_now = () => 0;

const gcEntries: { start: number; duration: number }[] = [];
const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcEntries.push({ start: e.startTime, duration: e.duration }); });
observer.observe({ entryTypes: ['gc'] });

function boot(workers: number): { stretches: Stretch[]; buildCpuMs: number; totalCpuMs: number; events: number; digest: string; heapBytes: number } {
  globalThis.gc?.();
  const cpuStart = process.cpuUsage();
  const cluster = new SimCluster({ name: 'scale', endpoint: '', subnet: '10.0.0.0/12', talosVersion: 'v1.13.0', nodes: clusterPlan(workers) }, { seed: 'scale' });
  const buildCpuMs = cpuMsSince(cpuStart);
  cluster.powerOnAll();
  const kernel = cluster.world.kernel;
  const nodes = [...cluster.nodes.values()];
  const stretches: Stretch[] = [];
  let edge = 0;
  let mark = { events: kernel.eventsFired, cpu: process.cpuUsage(), wall: performance.now() };
  const cut = () => {
    const now = { events: kernel.eventsFired, cpu: process.cpuUsage(), wall: performance.now() };
    const cpuMs = (now.cpu.user + now.cpu.system - mark.cpu.user - mark.cpu.system) / 1000;
    stretches.push({ untilMs: EDGES[edge] ?? kernel.now, events: now.events - mark.events, cpuMs, wallStart: mark.wall, wallEnd: now.wall, gcMs: 0 });
    mark = now;
    edge++;
  };
  let bootstrapped = false;
  let sinceCheck = 0;
  cluster_now = () => kernel.now;
  const profile = stretchProfiler(workers);
  kernel.runUntilCondition(() => {
    profile();
    if (kernel.now >= STOP_VIRTUAL_MS) return true;
    while (edge < EDGES.length && kernel.now >= EDGES[edge]!) cut();
    if (!bootstrapped && cluster.node('cp-1').services.state('etcd') === 'Preparing') {
      bootstrap(cluster.node('cp-1'));
      bootstrapped = true;
    }
    if (++sinceCheck % 2_000 !== 0) return false;
    if (cpuMsSince(cpuStart) > STOP_CPU_MS || Date.now() > STOP_AT) {
      process.stderr.write(`[${workers}] stopped at ${kernel.eventsFired} events, ${(kernel.now / 1000).toFixed(1)} s virtual, ${nodes.filter((n) => n.stage() === 'running').length} running\n`);
      return true;
    }
    if (process.env.TALSIM_BENCH_PROGRESS === '1' && sinceCheck % 200_000 === 0) process.stderr.write(`[${workers}] ${kernel.eventsFired} events, ${(kernel.now / 1000).toFixed(1)} s virtual, ${(cpuMsSince(cpuStart) / 1000).toFixed(1)} CPU s, heap ${(process.memoryUsage().heapUsed / 1e9).toFixed(2)} GB, ${cluster.world.trace.size + cluster.world.trace.dropped} trace entries (${cluster.world.trace.dropped} dropped)\n`);
    return bootstrapped && nodes.every((n) => n.stage() === 'running');
  }, { maxTimeMs: 60 * 60_000 });
  profile(true);
  cut();
  const totalCpuMs = cpuMsSince(cpuStart);
  globalThis.gc?.();
  const heapBytes = process.memoryUsage().heapUsed;
  return { stretches, buildCpuMs, totalCpuMs, events: kernel.eventsFired, digest: cluster.world.trace.digest(), heapBytes };
}

const runs = SIZES.map((w) => ({ workers: w, ...boot(w) }));
await new Promise((r) => setTimeout(r, 50));
for (const run of runs) for (const s of run.stretches) s.gcMs = gcEntries.filter((g) => g.start >= s.wallStart && g.start < s.wallEnd).reduce((a, g) => a + g.duration, 0);
for (const run of runs) console.log(`${run.workers} workers: GC ${(run.stretches.reduce((sum, s) => sum + s.gcMs, 0) / 1000).toFixed(1)} s (wall), build ${(run.buildCpuMs / 1000).toFixed(1)} CPU s, boot+build ${(run.totalCpuMs / 1000).toFixed(1)} CPU s, ${run.events} events, ${(run.totalCpuMs * 1000 / run.events).toFixed(1)} µs/event, ${(run.totalCpuMs / (run.workers + 3)).toFixed(2)} CPU ms/node, heap ${(run.heapBytes / 1e9).toFixed(2)} GB at the end (${(run.heapBytes / (run.workers + 3) / 1000).toFixed(1)} KB/node), trace ${run.digest.slice(0, 12)}`);
const header = ['until s', ...runs.flatMap((r) => [`${r.workers} ev/node`, `µs/ev`, `gc%`]), 'ratio µs/ev'];
console.log(header.join('\t'));
const count = Math.max(...runs.map((r) => r.stretches.length));
for (let i = 0; i < count; i++) {
  const cells: string[] = [String((runs[0]!.stretches[i]?.untilMs ?? 0) / 1000)];
  const per: number[] = [];
  for (const r of runs) {
    const s = r.stretches[i];
    if (!s || s.events === 0) { cells.push('-', '-', '-'); per.push(Number.NaN); continue; }
    const us = (s.cpuMs * 1000) / s.events;
    per.push(us);
    cells.push((s.events / (r.workers + 3)).toFixed(1), us.toFixed(1), ((100 * s.gcMs) / Math.max(1, s.wallEnd - s.wallStart)).toFixed(0));
  }
  cells.push((per[per.length - 1]! / per[0]!).toFixed(2));
  console.log(cells.join('\t'));
}
observer.disconnect();
