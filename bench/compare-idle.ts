// Two source trees of talsim with an IDLE running cluster each (3 CPs + N workers booted, then 2
// virtual minutes to settle) in ONE process: rounds alternate a few virtual minutes of each cluster
// (order swapped every round, a full GC before each with --expose-gc), so load, JIT and heap
// conditions are shared. Prints the medians of CPU per virtual minute (the process's, and the main
// thread's alone where Linux tells it: the background GC threads' work after a collection otherwise
// lands in whichever round runs next), kernel events per virtual minute, pending kernel timers per
// node: how many are entries of the event queue's heap and how many armed periodic timers (the
// kernel's timer table, session 10), and the ratio second/first. It reads the kernel's private fields for those two.
//   node --expose-gc --import tsx bench/compare-idle.ts /tmp/before .   (TALSIM_BENCH_WORKERS=200, TALSIM_BENCH_ROUNDS=10, TALSIM_BENCH_MINUTES=3)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BootFigures } from './lib/boot-cluster.ts';
import { cpuMsSince, mainThreadCpuMs, median } from './lib/report.ts';

interface IdleKernel {
  readonly now: number;
  readonly eventsFired: number;
  readonly pendingEvents: number;
  advance(durationMs: number): void;
}

const trees = [process.argv[2], process.argv[3]].map((tree) => resolve(tree ?? '.'));
const workers = Number(process.env.TALSIM_BENCH_WORKERS ?? 200);
const rounds = Number(process.env.TALSIM_BENCH_ROUNDS ?? 10);
/** Virtual minutes per round. */
const minutes = Number(process.env.TALSIM_BENCH_MINUTES ?? 3);
const nodes = workers + 3;

const kernels: IdleKernel[] = [];
for (const tree of trees) {
  const { bootCluster } = (await import(pathToFileURL(`${tree}/bench/lib/boot-cluster.ts`).href)) as { bootCluster: (workers: number, keep: (cluster: { world: { kernel: IdleKernel } }) => void) => BootFigures };
  bootCluster(workers, (cluster) => kernels.push(cluster.world.kernel));
  kernels.at(-1)!.advance(120_000);
}

const cpu: number[][] = [[], []];
const mainCpu: number[][] = [[], []];
const events: number[][] = [[], []];
for (let round = 0; round < rounds; round++) {
  for (const index of round % 2 ? [1, 0] : [0, 1]) {
    const kernel = kernels[index]!;
    // Each cluster's garbage is collected before its own round, not charged to the other's.
    globalThis.gc?.();
    const firedBefore = kernel.eventsFired;
    const started = process.cpuUsage();
    const mainStarted = mainThreadCpuMs();
    kernel.advance(minutes * 60_000);
    cpu[index]!.push(cpuMsSince(started) / minutes);
    if (mainStarted !== undefined) mainCpu[index]!.push((mainThreadCpuMs()! - mainStarted) / minutes);
    events[index]!.push((kernel.eventsFired - firedBefore) / minutes);
  }
}

trees.forEach((tree, index) => {
  const kernel = kernels[index]!;
  const internals = kernel as unknown as { queue: { heap: Array<{ done: boolean; atMs: number }> }; timers?: { size: number } };
  const queued = internals.queue.heap.filter((event) => !event.done).length;
  const periodic = internals.timers?.size ?? 0;
  console.log(
    `${tree}: ${median(cpu[index]!).toFixed(1)} CPU ms/virtual min${mainCpu[index]!.length ? ` (main thread ${median(mainCpu[index]!).toFixed(1)})` : ''}, ${median(events[index]!).toFixed(0)} kernel events/virtual min, ` +
      `${kernel.pendingEvents} pending (${(kernel.pendingEvents / nodes).toFixed(2)}/node): ${queued} queue heap entries (${(queued / nodes).toFixed(2)}/node), ` +
      `${periodic} armed periodic timers`,
  );
});
const mainRatio = mainCpu[0]!.length ? `, main thread ${(median(mainCpu[1]!) / median(mainCpu[0]!)).toFixed(3)}` : '';
console.log(`ratio second/first: CPU ${(median(cpu[1]!) / median(cpu[0]!)).toFixed(3)}${mainRatio}`);
