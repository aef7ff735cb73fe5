// Sweep: `talsim run scenarios/boot-healthy.yaml --seeds 1..1000 --jobs 2` as a whole process
// (smoke: 10 seeds), against the baseline of the same seeds' in-process runs of this process
// (one run per seed measured on a sample, scaled to all seeds and divided over the 2 workers: a
// sweep with perfect parallelism and no start-up). Wall time is judged here (the sweep's own
// figure), with the process's CPU time in the note. Target: <= 30 s.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile } from '../sim/scenario/load-scenario.ts';
import { runScenario } from '../sim/scenario/run-scenario.ts';
import { talsim, timeToExit } from './lib/processes.ts';
import { cpuMsSince, median, report, SMOKE } from './lib/report.ts';

const SEEDS = Number(process.env.TALSIM_BENCH_SEEDS ?? (SMOKE ? 10 : 1_000));
const SAMPLE = SMOKE ? 2 : 10;
const JOBS = 2;

const plan = loadScenarioFile('scenarios/boot-healthy.yaml');
runScenario(plan, { seed: 'warmup' });
const perRun: number[] = [];
for (let seed = 1; seed <= SAMPLE; seed++) {
  const started = process.cpuUsage();
  runScenario(plan, { seed: String(seed) });
  perRun.push(cpuMsSince(started));
}
const idealMs = (median(perRun) * SEEDS) / JOBS;
const dir = mkdtempSync(join(tmpdir(), 'talsim-bench-sweep-'));
const sweep = timeToExit(talsim(['run', 'scenarios/boot-healthy.yaml', '--seeds', `1..${SEEDS}`, '--jobs', String(JOBS), '--no-shrink', '--reporter', 'json', '--out', join(dir, 'report.json')]));
report([
  {
    id: 'sweep',
    what: `sweep: ${SEEDS} seeds of boot-healthy, ${JOBS} workers, whole process`,
    value: sweep.wallMs / 1000,
    unit: 's wall',
    baselineUnit: 's CPU',
    baselineName: `in-process runs x${SEEDS} / ${JOBS} (CPU)`,
    baseline: idealMs / 1000,
    ratio: sweep.wallMs / idealMs,
    ratioSense: 'lower',
    target: '<= 30 s',
    met: sweep.wallMs <= 30_000,
    note: `process CPU ${(sweep.cpuMs / 1000).toFixed(1)} s; one run ${median(perRun).toFixed(0)} CPU ms in process`,
  },
]);
