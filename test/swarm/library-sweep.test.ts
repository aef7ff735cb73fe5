// The CI sweep over the whole failure library: 200 (scenario, seed) cases spread over every
// bundled scenario with `--shard 0/N` over `--seeds 1..200` (each scenario gets ~200/N distinct
// seeds), on 2 workers. Every scenario passes for every seed it gets (the canary as an expected
// failure). Wall time is printed as the CI figure.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSweepReport } from '../../sim/report/json-reporter.ts';

const SEEDS = 200;
const WALL_LIMIT_MS = 480_000;

describe('CI sweep over the library', () => {
  it('200 seeds spread over every bundled scenario: every one passes (the canary as an expected failure)', () => {
    const scenarios = readdirSync('scenarios').filter((name) => name.endsWith('.yaml'));
    const dir = mkdtempSync(join(tmpdir(), 'talsim-library-sweep-'));
    const started = performance.now();
    const run = spawnSync(
      process.execPath,
      ['bin/talsim.js', 'run', 'scenarios/', '--seeds', `1..${SEEDS}`, '--shard', `0/${scenarios.length}`, '--jobs', '2', '--no-shrink', '--reporter', 'json', '--out', join(dir, 'report.json'), '--trace-dir', join(dir, 'traces')],
      { encoding: 'utf8', timeout: WALL_LIMIT_MS, maxBuffer: 64 * 1024 * 1024 },
    );
    const wallMs = performance.now() - started;
    const report = parseSweepReport(readFileSync(join(dir, 'report.json'), 'utf8'), 'report.json');
    process.stdout.write(`CI library sweep: ${report.cases.length} runs over ${scenarios.length} scenarios on 2 workers in ${(wallMs / 1000).toFixed(1)} s wall\n`);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(report.cases.length).toBeGreaterThanOrEqual(SEEDS - scenarios.length);
    expect(new Set(report.cases.map((c) => c.file)).size).toBe(scenarios.length);
    const unexpected = report.cases.filter((c) => !c.passed);
    expect(unexpected.map((c) => `${c.file} seed=${c.seed}: ${c.failures.map((f) => `${f.name}: ${f.detail}`).join('; ')}`)).toEqual([]);
  }, WALL_LIMIT_MS + 10_000);
});
