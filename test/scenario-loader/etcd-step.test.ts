// The `etcd` step (leave, forfeit-leadership, remove-member): a misspelt operation or a missing or
// stray member names file:line:col and what was expected; a valid one loads to its plan and runs
// through the same node commands as the gRPC handlers (the leader forfeits; a removed member is
// gone; an unknown member gets etcd's NotFound text).
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../sim/errors.ts';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';

const FILE = 'scenarios/etcd.yaml';
const noFiles = (path: string): string => {
  throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
};

// Lines 1-9; a test's steps start at line 10.
const HEAD = ['name: etcd-ops', 'seed: etcd-step', 'cluster:', '  nodes:', '    - name: cp-1', '      role: controlplane', '    - name: cp-2', '      role: controlplane', 'steps:'];

function errorOf(lines: string[]): ScenarioError {
  try {
    loadScenarioText([...HEAD, ...lines].join('\n') + '\n', FILE, noFiles);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error('expected the scenario to fail to load');
}

describe('the etcd step', () => {
  it('a misspelt operation names file:line and the operations there are', () => {
    const error = errorOf(['  - at: 1m', '    etcd: { node: cp-2, operation: leav }']);
    expect(error.message).toMatch(/^scenarios\/etcd\.yaml:11:\d+: steps\[0\]\.etcd\.operation: expected .*leave.*forfeit-leadership.*remove-member.*found .*leav/);
    expect(error.position?.line).toBe(11);
  });

  it('remove-member without a member, and a member on leave, are refused where they are written', () => {
    expect(errorOf(['  - at: 1m', '    etcd: { node: cp-1, operation: remove-member }']).message).toMatch(/^scenarios\/etcd\.yaml:11:\d+: steps\[0\]\.etcd\.member: expected a member \(hostname or id\) for remove-member/);
    expect(errorOf(['  - at: 1m', '    etcd:', '      node: cp-1', '      operation: leave', '      member: cp-2']).message).toMatch(/^scenarios\/etcd\.yaml:14:\d+: steps\[0\]\.etcd\.member: expected no member for leave/);
  });

  it('runs: the leader forfeits, a member leaves (then is not found to remove), an unknown member is NotFound', () => {
    const text = [
      ...HEAD,
      '  - at: 0s',
      '    wait-until: { node: cp-1, service: { id: etcd, state: Preparing }, timeout: 5m }',
      '  - at: 0s',
      '    bootstrap: { node: cp-1 }',
      '  - at: 5m',
      '    wait-until: { node: cp-1, stage: running, ready: true }',
      '  - at: 11m',
      '    etcd: { node: cp-2, operation: remove-member, member: no-such-host }',
      '    expect: { errorCode: NotFound, errorContains: "etcdserver: member not found" }',
      '  - at: 11m1s',
      '    etcd: { node: cp-1, operation: forfeit-leadership }',
      '    expect: { ok: true }',
      '  - at: 11m2s',
      '    etcd: { node: cp-2, operation: leave }',
      '    expect: { ok: true }',
      '  - at: 11m4s',
      '    etcd: { node: cp-1, operation: remove-member, member: cp-2 }',
      '    expect: { errorCode: NotFound }',
      'duration: 12m',
    ].join('\n');
    const plan = loadScenarioText(`${text}\n`, FILE, noFiles);
    expect(plan.steps[3]!.act).toEqual({ action: 'etcd', node: 'cp-2', operation: 'remove-member', member: 'no-such-host' });
    const result = runScenario(plan);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  }, 60_000);
});
