// The start-up rows of two built trees of talsim (e.g. `git archive <commit> | tar -x -C
// /tmp/before`, a node_modules link, `npm run build` in each), in interleaved rounds with `node -e
// 0`: `talsim run scenarios/boot-healthy.yaml` and `talsim up` (1 CP + 2 W) to ready, each a whole
// process from the tree's dist/, judged on the CPU the child used (bench/lib/processes.ts). Prints
// the medians and the ratio second/first, so a change is measured under the same load as its
// baseline.
//   node --import tsx bench/compare-startup.ts /tmp/before .      (TALSIM_BENCH_ROUNDS=5)
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './lib/report.ts';
import { nodeBare, timeToExit, timeToLine, type Spawned, type Timing } from './lib/processes.ts';

const trees = [process.argv[2], process.argv[3]].map((tree) => resolve(tree ?? '.'));
const rounds = Number(process.env.TALSIM_BENCH_ROUNDS ?? 5);
const READY = 'Ctrl-C stops the cluster.';

const inTree = (tree: string, args: string[]): Spawned => ({
  command: process.execPath,
  args: [join(tree, 'bin/talsim.js'), ...args],
  cwd: tree,
  env: { ...process.env, TALSIM_FROM_SOURCE: '0' },
});
const upArgs = (round: number, slot: number) => [
  'up', '--no-ui', '--seed', '1', '--state-dir', mkdtempSync(join(tmpdir(), 'talsim-bench-up-')), '--base-address', `127.0.${60 + slot}.${2 + round * 4}`,
];

/** bin/talsim.js falls back to the sources when a source is newer than dist/: that would time tsx, not the build. */
function assertBuilt(when: string): void {
  for (const tree of trees) {
    const run = inTree(tree, ['--version']);
    const { stderr } = spawnSync(run.command, run.args, { cwd: run.cwd, env: run.env, encoding: 'utf8' });
    if (stderr.includes('running the TypeScript sources')) throw new Error(`${tree}: dist/ is stale ${when} (${stderr.trim()}); run npm run build there`);
  }
}

assertBuilt('before the rounds');
const bare: Timing[] = [];
const runs: Timing[][] = [[], []];
const ups: Timing[][] = [[], []];
for (let round = 0; round < rounds; round++) {
  bare.push(timeToExit(nodeBare));
  for (const [index, tree] of trees.entries()) {
    runs[index]!.push(timeToExit(inTree(tree, ['run', 'scenarios/boot-healthy.yaml', '--quiet'])));
    ups[index]!.push(await timeToLine(inTree(tree, upArgs(round, index)), READY));
  }
}
assertBuilt('after the rounds (a source changed during the run: the figures are void)');
const cpu = (timings: Timing[]) => median(timings.map((t) => t.cpuMs));
const wall = (timings: Timing[]) => median(timings.map((t) => t.wallMs));
console.log(`node -e 0: ${cpu(bare).toFixed(0)} CPU ms (${wall(bare).toFixed(0)} wall), median of ${rounds}`);
for (const [name, timings] of [['run boot-healthy', runs], ['up to ready', ups]] as const) {
  trees.forEach((tree, index) => console.log(`${name} ${tree}: ${cpu(timings[index]!).toFixed(0)} CPU ms (${wall(timings[index]!).toFixed(0)} wall)`));
  console.log(`${name}: ratio second/first ${(cpu(timings[1]!) / cpu(timings[0]!)).toFixed(2)}x`);
}
