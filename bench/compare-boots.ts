// Two source trees of talsim (e.g. `git archive <commit> | tar -x -C /tmp/before`, with a
// node_modules link) booting 3 CPs + N workers in ONE process, one boot of each in turn: the
// ratio of their model cost (CPU per boot, cluster build apart) is then measured under the same
// load, JIT and heap conditions, which single figures on a shared machine are not. Prints the
// medians: kernel events, model CPU µs/event and ms/boot, cluster build CPU ms, heap after the
// boot (with --expose-gc), the main thread's CPU per boot (Linux), and the ratio second/first.
//   node --expose-gc --import tsx bench/compare-boots.ts /tmp/before .   (TALSIM_BENCH_WORKERS=20, TALSIM_BENCH_ROUNDS=8)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BootFigures } from './lib/boot-cluster.ts';
import { mainThreadCpuMs, median } from './lib/report.ts';

const trees = [process.argv[2], process.argv[3]].map((tree) => resolve(tree ?? '.'));
const workers = Number(process.env.TALSIM_BENCH_WORKERS ?? 20);
const rounds = Number(process.env.TALSIM_BENCH_ROUNDS ?? 8);

type Boot = (workers: number) => BootFigures;
const boots: Boot[] = [];
for (const tree of trees) boots.push((await import(pathToFileURL(`${tree}/bench/lib/boot-cluster.ts`).href)).bootCluster as Boot);
for (const boot of boots) boot(workers);

const figures: BootFigures[][] = [[], []];
/** The main thread's CPU per boot, build included (Linux only): the background GC threads left out. */
const mainMs: number[][] = [[], []];
for (let round = 0; round < rounds; round++) {
  boots.forEach((boot, index) => {
    const started = mainThreadCpuMs();
    figures[index]!.push(boot(workers));
    if (started !== undefined) mainMs[index]!.push(mainThreadCpuMs()! - started);
  });
}

const modelMs = (f: BootFigures) => f.cpuMs - f.buildCpuMs;
trees.forEach((tree, index) => {
  const runs = figures[index]!;
  const line = [
    `${tree}: ${runs[0]!.events} events`,
    `${median(runs.map((f) => (modelMs(f) * 1000) / f.events)).toFixed(1)} µs/event`,
    `${median(runs.map(modelMs)).toFixed(0)} CPU ms/boot`,
    `build ${median(runs.map((f) => f.buildCpuMs)).toFixed(0)} CPU ms`,
    `heap ${(median(runs.map((f) => f.heapBytes)) / 1e6).toFixed(0)} MB`,
    ...(mainMs[index]!.length ? [`main thread ${median(mainMs[index]!).toFixed(0)} CPU ms/boot with the build`] : []),
  ];
  console.log(line.join(', '));
});
const mainRatio = mainMs[0]!.length ? `, main thread ${(median(mainMs[1]!) / median(mainMs[0]!)).toFixed(3)}` : '';
console.log(`ratio second/first: model ${(median(figures[1]!.map(modelMs)) / median(figures[0]!.map(modelMs))).toFixed(3)}, build ${(median(figures[1]!.map((f) => f.buildCpuMs)) / median(figures[0]!.map((f) => f.buildCpuMs))).toFixed(3)}${mainRatio}`);
