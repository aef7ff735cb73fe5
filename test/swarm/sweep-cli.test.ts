// Swarm runs as CI runs them: the real CLI (bin/talsim.js, so the worker threads load the
// TypeScript themselves) over 200 seeds of two library scenarios on 2 workers. The canary fails
// for every seed, the other scenario passes for every seed, failures are printed in (scenario,
// seed) order with a replay command, traces are saved, the canary is shrunk once, and the run
// ends with `N passed, M failed` alone on a line. Wall time is printed: this is the CI sweep.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSweepReport } from '../../sim/report/json-reporter.ts';
import { loadScenarioFile } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';
import { runSweep } from '../../sim/swarm/run-sweep.ts';
import { talsimInProcess } from '../report/cli-in-process.ts';

const CANARY = 'test/swarm/fixtures/canary-false-expectation.yaml';
const PASSING = 'scenarios/etc-edit-wiped-by-reconcile.yaml';
const SWEEP_SEEDS = 200;
/** The sweep's wall-time bound: measured ~50 s on 2 busy cores (see deploy/README.md). */
const SWEEP_WALL_LIMIT_MS = 240_000;

function talsim(args: string[], timeoutMs = 120_000) {
  const result = spawnSync(process.execPath, ['bin/talsim.js', ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('talsim run --seeds (swarm)', () => {
  it(`sweeps ${SWEEP_SEEDS} seeds of the canary and a passing scenario on 2 workers, in bounded time`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-sweep-'));
    const traces = join(dir, 'traces');
    const startedMs = performance.now();
    const run = talsim(['run', CANARY, PASSING, '--seeds', `1..${SWEEP_SEEDS}`, '--jobs', '2', '--reporter', 'json', '--out', join(dir, 'report.json'), '--trace-dir', traces], SWEEP_WALL_LIMIT_MS);
    const wallMs = performance.now() - startedMs;
    process.stdout.write(`CI sweep: ${2 * SWEEP_SEEDS} runs on 2 workers in ${(wallMs / 1000).toFixed(1)} s wall\n`);
    expect(run.code, run.stderr).toBe(1);
    expect(wallMs).toBeLessThan(SWEEP_WALL_LIMIT_MS);

    const report = parseSweepReport(readFileSync(join(dir, 'report.json'), 'utf8'), 'report.json');
    expect(report.summary).toMatchObject({ total: 2 * SWEEP_SEEDS, passed: SWEEP_SEEDS, failed: SWEEP_SEEDS });
    expect(report.cases.map((c) => c.index)).toEqual(report.cases.map((_, index) => index));
    const canary = report.cases.filter((c) => c.file === CANARY);
    expect(canary.map((c) => c.seed)).toEqual(Array.from({ length: SWEEP_SEEDS }, (_, index) => String(index + 1)));
    expect(canary.every((c) => !c.passed && c.failures[0]!.name === 'a configured worker is in maintenance (false)')).toBe(true);
    expect(report.cases.filter((c) => c.file === PASSING).every((c) => c.passed)).toBe(true);
    expect(new Set(canary.map((c) => c.traceDigest)).size, 'each seed is its own run').toBe(SWEEP_SEEDS);

    // The canary fails the same way for every seed: printed once, then one line with the count and seeds.
    const failLines = run.stdout.split('\n').filter((line) => line.startsWith('FAIL '));
    expect(failLines).toHaveLength(1);
    expect(failLines[0]).toMatch(/^FAIL canary-false-expectation seed=1 /);
    expect(run.stdout).toContain(`\n  replay: npx talsim run ${CANARY} --seed 1\n`);
    expect(run.stdout).toContain(`canary-false-expectation seed=1: the same failure in ${SWEEP_SEEDS - 1} more runs (seeds 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, ... ${SWEEP_SEEDS - 21} more)\n`);
    expect(report.cases.find((c) => c.seed === '137' && c.file === CANARY)!.replay).toBe(`npx talsim run ${CANARY} --seed 137`);
    expect(run.stdout.split('\n')).toContain(`${SWEEP_SEEDS} passed, ${SWEEP_SEEDS} failed`);
    expect(run.stderr).toContain(`talsim: ${2 * SWEEP_SEEDS} runs (2 scenarios x ${SWEEP_SEEDS} seeds) on 2 workers`);

    const saved = readdirSync(traces);
    expect(saved.filter((name) => name.endsWith('.jsonl'))).toHaveLength(SWEEP_SEEDS);
    expect(saved).toContain('canary-false-expectation-seed200.jsonl');
    expect(saved.filter((name) => name.endsWith('.min.yaml'))).toEqual(['canary-false-expectation-seed1.min.yaml']);
    expect(report.shrinks).toHaveLength(1);
    const minimal = loadScenarioFile(join(traces, 'canary-false-expectation-seed1.min.yaml'));
    expect(runScenario(minimal, { seed: '1' }).failures[0]).toMatchObject({ failureClass: 'correctness', name: 'a configured worker is in maintenance (false)' });
  }, SWEEP_WALL_LIMIT_MS + 10_000);

  it('reports in the order the seeds are written, whatever order the workers finish in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-sweep-'));
    const plan = loadScenarioFile(CANARY);
    const reported: string[] = [];
    const request = {
      scenarios: [{ file: CANARY, name: plan.name, seed: plan.seed }],
      plans: [plan],
      seeds: ['9', '2', '5', '1'],
      seedsSpec: '9,2,5,1',
      jobs: 2,
      shrink: false,
      shrinkBudgetRuns: 0,
      traceDir: dir,
      wallClockMs: () => performance.now(),
    };
    const report = await runSweep(request, { caseReported: (c) => reported.push(c.seed) });
    expect(reported).toEqual(['9', '2', '5', '1']);
    expect(report.cases.map((c) => [c.index, c.seed, c.passed])).toEqual([[0, '9', false], [1, '2', false], [2, '5', false], [3, '1', false]]);
    expect(report.cases.every((c) => c.wallSeconds > 0)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['canary-false-expectation-seed1.jsonl', 'canary-false-expectation-seed2.jsonl', 'canary-false-expectation-seed5.jsonl', 'canary-false-expectation-seed9.jsonl']);
    expect(readFileSync(join(dir, 'canary-false-expectation-seed5.jsonl'), 'utf8')).toContain('"seed":"5"');
    expect(report.cases[2]!.traceDigest).toBe(runScenario(plan, { seed: '5' }).traceDigest);
  });

  it('a passing sweep exits 0 and creates no trace directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-sweep-'));
    const { code, stdout } = await talsimInProcess('run', PASSING, '--seeds', '1..2', '--jobs', '2', '--trace-dir', join(dir, 'traces'));
    expect(code).toBe(0);
    expect(stdout.split('\n')).toContain('2 passed, 0 failed');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses unusable sweep options with exit 2 before running anything', async () => {
    const refusals: [string[], string][] = [
      [['--seeds', '5..1'], '--seeds: expected a range'],
      [['--seeds', '1..2', '--seed', '3'], '--seed: expected either --seed (one run) or --seeds (a sweep)'],
      [['--shard', '4/4'], '--shard: expected i/N'],
      [['--seeds', '1', '--reporter', 'xml'], '--reporter: expected one of pretty, json, junit, tap'],
      [['--seeds', '1', '--jobs', '0'], '--jobs: expected a whole number >= 1'],
      [['--seeds', '1', '--trace', 'x.jsonl'], '--trace: expected --trace-dir'],
    ];
    for (const [options, message] of refusals) {
      const { code, stderr } = await talsimInProcess('run', CANARY, ...options);
      expect(code, options.join(' ')).toBe(2);
      expect(stderr, options.join(' ')).toContain(message);
    }
  });
});

