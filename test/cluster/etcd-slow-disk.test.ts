// A slow disk makes a slow etcd: with every fsync 1.5 s slower, etcd's own log warns about slow
// fdatasync (as `talosctl logs etcd` shows it) while the health check still passes; past the
// request timeout the health check fails.
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';

const scenario = (extraFsyncLatencyMs: number, healthy: boolean) => `
name: slow-disk
duration: 8m
cluster:
  nodes:
    - { name: cp-1, role: controlplane }
faults:
  - name: slow
    kind: disk-slow
    targets: { node: cp-1 }
    options: { extraFsyncLatencyMs: ${extraFsyncLatencyMs} }
    at: 4m
steps:
  - at: 0s
    wait-until: { node: cp-1, service: { id: etcd, state: Preparing }, timeout: 5m }
  - at: 0s
    bootstrap: { node: cp-1 }
expect:
  - at: 7m
    node: cp-1
    log: { source: etcd, contains: '"msg":"slow fdatasync"' }
    service: { id: etcd, healthy: ${healthy} }
`;

describe('etcd on a slow disk', () => {
  it('logs slow fdatasync and stays healthy below the request timeout', () => {
    const result = runScenario(loadScenarioText(scenario(1_500, true), 'slow-disk.yaml', () => ''));
    expect(result.failures.map((f) => `${f.name}: ${f.detail}`)).toEqual([]);
  });

  it('fails its health check past the request timeout', () => {
    const result = runScenario(loadScenarioText(scenario(8_000, false), 'slow-disk.yaml', () => ''));
    expect(result.failures.map((f) => `${f.name}: ${f.detail}`)).toEqual([]);
  });
});
