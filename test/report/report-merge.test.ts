// Shards and `talsim report merge`: a sweep split 3 ways with `--shard i/3` covers every
// (scenario, seed) exactly once, and the merged JSON report equals the unsharded run's report
// case for case (same verdicts, same trace digests: which machine ran a case does not matter).
// The merged report round-trips through the JSON reader and renders with any reporter. Reports
// that overlap, come from another sweep or are not reports are refused with exit 2.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSweepReport, renderJson } from '../../sim/report/json-reporter.ts';
import type { SweepReport } from '../../sim/report/sweep-report.ts';
import { talsimInProcess } from './cli-in-process.ts';

const CANARY = 'test/swarm/fixtures/canary-false-expectation.yaml';
const PASSING = 'scenarios/etc-edit-wiped-by-reconcile.yaml';
const SEEDS = '1..4';

const dir = mkdtempSync(join(tmpdir(), 'talsim-merge-'));
const shardFile = (index: number) => join(dir, `shard-${index}.json`);
const read = (file: string): SweepReport => parseSweepReport(readFileSync(file, 'utf8'), file);
/** A case without what depends on the machine that ran it. */
const comparable = (report: SweepReport) => report.cases.map(({ wallSeconds: _wall, traceFile: _trace, minimalScenarioFile: _minimal, ...rest }) => rest);

describe('shards and report merge', () => {
  beforeAll(async () => {
    for (let index = 0; index < 3; index++) {
      const run = await talsimInProcess('run', CANARY, PASSING, '--seeds', SEEDS, '--shard', `${index}/3`, '--jobs', '1', '--reporter', 'json', '--out', shardFile(index), '--trace-dir', join(dir, `traces-${index}`));
      expect(run.code, run.stderr).toBe(1);
    }
    const whole = await talsimInProcess('run', CANARY, PASSING, '--seeds', SEEDS, '--jobs', '2', '--reporter', 'json', '--out', join(dir, 'whole.json'), '--trace-dir', join(dir, 'traces-whole'));
    expect(whole.code, whole.stderr).toBe(1);
  }, 120_000);

  it('the shards cover every (scenario, seed) exactly once, round-robin', () => {
    const shards = [0, 1, 2].map((index) => read(shardFile(index)));
    expect(shards.map((shard) => shard.cases.map((c) => c.index))).toEqual([[0, 3, 6], [1, 4, 7], [2, 5]]);
    const covered = shards.flatMap((shard) => shard.cases.map((c) => `${c.file} ${c.seed}`)).sort();
    const expected = [CANARY, PASSING].flatMap((file) => ['1', '2', '3', '4'].map((seed) => `${file} ${seed}`)).sort();
    expect(covered).toEqual(expected);
    expect(shards.map((shard) => shard.shards)).toEqual([[{ index: 0, count: 3 }], [{ index: 1, count: 3 }], [{ index: 2, count: 3 }]]);
    expect(shards.every((shard) => shard.sweep.totalCases === 8)).toBe(true);
  });

  it('merging the shard reports gives the unsharded report, and survives a JSON round trip', async () => {
    const merged = join(dir, 'merged.json');
    const run = await talsimInProcess('report', 'merge', shardFile(2), shardFile(0), shardFile(1), '--out', merged);
    expect(run.code, 'the sweep had failures').toBe(1);
    expect(run.stderr).toContain(`merged 3 reports into ${merged}: 4 passed, 4 failed`);
    const report = read(merged);
    const whole = read(join(dir, 'whole.json'));
    expect(comparable(report)).toEqual(comparable(whole));
    expect(report.summary).toMatchObject({ total: 8, passed: 4, failed: 4 });
    expect(report.shards).toEqual([0, 1, 2].map((index) => ({ index, count: 3 })));
    expect(report.shrinks.map((shrink) => [shrink.caseIndex, shrink.seed])).toEqual([[0, '1']]);
    expect(parseSweepReport(renderJson(report), 'again.json')).toEqual(report);
  });

  it('renders the merged report with another reporter', async () => {
    const run = await talsimInProcess('report', 'merge', shardFile(0), shardFile(1), shardFile(2), '--reporter', 'junit');
    expect(run.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="talsim" tests="8" failures="4"/);
    const pretty = await talsimInProcess('report', 'merge', shardFile(0), shardFile(1), shardFile(2), '--reporter', 'pretty');
    expect(pretty.stdout.split('\n')).toContain('4 passed, 4 failed');
    expect(pretty.stdout).toContain(`replay: npx talsim run ${CANARY} --seed 1`);
    expect(pretty.stdout).toContain('canary-false-expectation seed=1: the same failure in 3 more runs (seeds 2, 3, 4)\n');
  });

  it('merges what it has when a shard is missing, and says which', async () => {
    const run = await talsimInProcess('report', 'merge', shardFile(0), shardFile(2));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('warning: 1 of 3 shards missing (1/3): 5 of 8 cases merged');
  });

  it('refuses overlapping shards, another sweep, and files that are not reports (exit 2)', async () => {
    const twice = await talsimInProcess('report', 'merge', shardFile(0), shardFile(0));
    expect(twice).toMatchObject({ code: 2, stderr: expect.stringContaining('expected each shard once, found shard 0/3') });
    const other = read(shardFile(1));
    writeFileSync(join(dir, 'other.json'), renderJson({ ...other, sweep: { ...other.sweep, seeds: '1..5', totalCases: 10 } }));
    const foreign = await talsimInProcess('report', 'merge', shardFile(0), join(dir, 'other.json'));
    expect(foreign).toMatchObject({ code: 2, stderr: expect.stringContaining('expected the seeds of') });
    writeFileSync(join(dir, 'future.json'), JSON.stringify({ ...other, version: 2 }));
    expect(await talsimInProcess('report', 'merge', join(dir, 'future.json'))).toMatchObject({ code: 2, stderr: expect.stringContaining('expected report version 1') });
    writeFileSync(join(dir, 'junk.json'), '<testsuites/>');
    expect(await talsimInProcess('report', 'merge', join(dir, 'junk.json'))).toMatchObject({ code: 2, stderr: expect.stringContaining('text that is not JSON') });
    expect(await talsimInProcess('report', 'merge', join(dir, 'absent.json'))).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file') });
  });
});
