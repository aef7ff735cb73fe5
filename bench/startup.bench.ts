// Start-up rows: `talsim --help`, `talsim run scenarios/boot-healthy.yaml` and `talsim up`
// (1 CP + 2 workers) start to ready, each as a whole process, in interleaved rounds with `node -e 0`
// (the baseline) and with the same command run from the TypeScript sources through tsx (how talsim
// started before dist/, in the note). Judged on the process's CPU time (the machine is shared);
// wall times are in the note. Needs a current build (`npm run build`).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, report, SMOKE, type Row } from './lib/report.ts';
import { nodeBare, talsim, timeToExit, timeToLine, type Timing } from './lib/processes.ts';

const ROUNDS = SMOKE ? 1 : 5;
const READY = 'Ctrl-C stops the cluster.';

function upArgs(round: number, slot: number): string[] {
  const stateDir = mkdtempSync(join(tmpdir(), 'talsim-bench-up-'));
  return ['up', '--no-ui', '--seed', '1', '--state-dir', stateDir, '--base-address', `127.0.${50 + slot}.${2 + round * 4}`];
}

const timings: Record<string, Timing[]> = { bare: [], help: [], helpSource: [], run: [], runSource: [], up: [], upSource: [] };
timeToExit(talsim(['--help']));
for (let round = 0; round < ROUNDS; round++) {
  timings.bare!.push(timeToExit(nodeBare));
  timings.help!.push(timeToExit(talsim(['--help'])));
  timings.helpSource!.push(timeToExit(talsim(['--help'], true)));
  timings.run!.push(timeToExit(talsim(['run', 'scenarios/boot-healthy.yaml', '--quiet'])));
  timings.runSource!.push(timeToExit(talsim(['run', 'scenarios/boot-healthy.yaml', '--quiet'], true)));
  timings.up!.push(await timeToLine(talsim(upArgs(round, 0)), READY));
  timings.upSource!.push(await timeToLine(talsim(upArgs(round, 1), true), READY));
}

const cpu = (name: string) => median(timings[name]!.map((t) => t.cpuMs));
const wall = (name: string) => median(timings[name]!.map((t) => t.wallMs));
const bareCpu = cpu('bare');
const row = (id: string, what: string, name: string, target: string, met: (ms: number) => boolean, cpuJudged = true): Row => {
  const value = cpuJudged ? cpu(name) : wall(name);
  return {
    id,
    what,
    value,
    unit: cpuJudged ? 'CPU ms' : 'wall ms',
    baselineName: '`node -e 0`',
    baseline: cpuJudged ? bareCpu : wall('bare'),
    ratio: value / (cpuJudged ? bareCpu : wall('bare')),
    ratioSense: 'lower',
    target,
    met: met(value),
    note: `wall ${wall(name).toFixed(0)} ms vs ${wall('bare').toFixed(0)} ms; from the sources through tsx: ${cpu(`${name}Source`).toFixed(0)} CPU ms, ${wall(`${name}Source`).toFixed(0)} wall ms; median of ${ROUNDS}`,
  };
};
report([
  row('help', '`talsim --help`, whole process', 'help', '<= 3x `node -e 0`', (ms) => ms / bareCpu <= 3),
  row('run-boot-healthy', '`talsim run scenarios/boot-healthy.yaml`, whole process', 'run', '<= 500 ms', (ms) => ms <= 500),
  row('up-ready', '`talsim up` (1 CP + 2 W) start to ready, whole process (CPU to its exit)', 'up', '<= 500 ms', (ms) => ms <= 500),
]);
