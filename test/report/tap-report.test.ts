// TAP version 13 from a swarm run: the version line, the plan, `ok` / `not ok` per (scenario,
// seed) in order, and under each failure a YAML block (indented, between `---` and `...`) with
// the failure class, details and replay command; the summary as the last comment.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { talsimInProcess } from './cli-in-process.ts';

const CANARY = 'test/swarm/fixtures/canary-false-expectation.yaml';
const PASSING = 'scenarios/etc-edit-wiped-by-reconcile.yaml';

describe('TAP reporter', () => {
  it('writes TAP version 13 with a YAML diagnostic block per failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-tap-'));
    const out = join(dir, 'report.tap');
    const run = await talsimInProcess('run', CANARY, PASSING, '--seeds', '4,8', '--jobs', '2', '--reporter', 'tap', '--out', out, '--trace-dir', dir, '--no-shrink');
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n'), 'with --out the human lines stay on stdout').toContain('2 passed, 2 failed');
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual(['TAP version 13', '1..4', 'not ok 1 - canary-false-expectation seed=4']);
    expect(lines.filter((line) => /^(not )?ok /.test(line))).toEqual([
      'not ok 1 - canary-false-expectation seed=4',
      'not ok 2 - canary-false-expectation seed=8',
      'ok 3 - etc-edit-wiped-by-reconcile seed=4',
      'ok 4 - etc-edit-wiped-by-reconcile seed=8',
    ]);
    expect(lines.at(-1)).toBe('# 2 passed, 2 failed');
    const blockStart = lines.indexOf('  ---');
    const blockEnd = lines.indexOf('  ...');
    expect(blockStart).toBe(3);
    const block = parse(lines.slice(blockStart + 1, blockEnd).map((line) => line.slice(2)).join('\n')) as Record<string, unknown>;
    expect(block).toMatchObject({
      severity: 'fail',
      file: CANARY,
      seed: '4',
      replay: `npx talsim run ${CANARY} --seed 4`,
      trace: `${dir}/canary-false-expectation-seed4.jsonl`,
      failures: [{ class: 'correctness', name: 'a configured worker is in maintenance (false)', atMs: 240_000, at: `${CANARY}:15:5` }],
    });
    expect(block.message).toContain('[correctness] a configured worker is in maintenance (false)');
  });
});
