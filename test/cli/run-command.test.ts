// `talsim run` as a user runs it: the real CLI in a child process. Exit 0 on pass, 1 when an
// expectation fails (the canary), 2 on invalid input with file:line:col and the field named.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function talsim(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/talsim.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('talsim run', () => {
  it('the same seed twice gives byte-identical trace files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-trace-'));
    const a = talsim('run', 'scenarios/boot-healthy.yaml', '--seed', '7', '--trace', join(dir, 'a.jsonl'), '--quiet');
    const b = talsim('run', 'scenarios/boot-healthy.yaml', '--seed', '7', '--trace', join(dir, 'b.jsonl'), '--quiet');
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.stdout.split('\n')[0]).toBe('seed=7 scenario=boot-healthy file=scenarios/boot-healthy.yaml');
    expect(readFileSync(join(dir, 'a.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'b.jsonl'), 'utf8'));
    expect(readFileSync(join(dir, 'a.jsonl'), 'utf8').length).toBeGreaterThan(1000);
  });

  it('the canary fails with exit 1 and prints a replay command', () => {
    const run = talsim('run', 'test/swarm/fixtures/canary-false-expectation.yaml', '--quiet');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL canary-false-expectation');
    expect(run.stdout).toContain('replay: npx talsim run test/swarm/fixtures/canary-false-expectation.yaml --seed 1');
  });

  it('the library canary (expectFailure: true) is an expected failure, exit 0; once it passes, exit 1', () => {
    const canary = talsim('run', 'scenarios/canary-false-expectation.yaml', '--quiet');
    expect(canary.code).toBe(0);
    expect(canary.stdout).toMatch(/^XFAIL canary-false-expectation \(seed=1,/m);
    expect(canary.stdout).toMatch(/^ {2}expected failure \(expectFailure: true\): scenarios\/canary-false-expectation\.yaml:\d+:\d+: /m);
    const dir = mkdtempSync(join(tmpdir(), 'talsim-xpass-'));
    const file = join(dir, 'xpass.yaml');
    writeFileSync(file, readFileSync('scenarios/canary-false-expectation.yaml', 'utf8').replace('stage: maintenance', 'stage: running').replace(/^name: .*$/m, 'name: xpass'));
    const passes = talsim('run', file, '--quiet');
    expect(passes.code, passes.stdout + passes.stderr).toBe(1);
    expect(passes.stdout).toContain('FAIL xpass');
    expect(passes.stdout).toContain('expectFailure at 5m00.000s: the scenario is marked expectFailure: true, but every expectation held');
  });

  it('a step without expect: that fails (bootstrap on a worker) fails the run with the step\'s error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-step-'));
    const file = join(dir, 'worker-bootstrap.yaml');
    writeFileSync(
      file,
      ['name: worker-bootstrap', 'duration: 4m', 'cluster:', '  nodes:', '    - { name: cp-1, role: controlplane }', '    - { name: worker-1, role: worker }', 'steps:', '  - at: 3m', '    bootstrap: { node: worker-1 }', ''].join('\n'),
    );
    const run = talsim('run', file, '--quiet');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL worker-bootstrap/);
    expect(run.stdout).toMatch(/at 3m00\.000s: the step failed \(a step without expect: must succeed\): /);
  });

  it('a malformed scenario exits 2 naming file:line:col and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-bad-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\ncluster:\n  nodes:\n    - name: cp-1\n      role: controlpane\n');
    const run = talsim('run', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:5:13: cluster.nodes[0].role: expected`);
    expect(run.stderr).toContain('"controlpane"');
  });
});
