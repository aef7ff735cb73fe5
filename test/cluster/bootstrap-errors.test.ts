// Bootstrap's refusals, with Talos's codes and texts: a control plane whose config has no etcd
// section cannot bootstrap (InvalidArgument), a worker cannot (Unimplemented).
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';

const text = `
name: bootstrap-errors
duration: 3m
cluster:
  nodes:
    - name: cp-1
      role: controlplane
      patches:
        - cluster: { etcd: { $patch: delete } }
    - name: worker-1
      role: worker
steps:
  - at: 2m
    bootstrap: { node: cp-1 }
    expect: { errorCode: InvalidArgument, errorContains: "etcd is not configured, bootstrap is not possible" }
  - at: 2m
    bootstrap: { node: worker-1 }
    expect: { errorCode: Unimplemented, errorContains: "bootstrap is only available on control plane nodes" }
`;

describe('bootstrap refusals', () => {
  it('answers with Talos codes and texts', () => {
    const result = runScenario(loadScenarioText(text, 'bootstrap-errors.yaml', () => ''));
    expect(result.failures.map((f) => `${f.name}: ${f.detail}`)).toEqual([]);
  });
});
