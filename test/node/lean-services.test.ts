// Lean service machines: a service's machine is plain state on the supervisor (no xstate actor);
// one that runs with nothing to decide (its health checks are kernel timers, no crash is due) has
// no timer of its own pending. The machine replaced session 5's xstate machine transition for
// transition: the scenario below (crash loops, one at 0 ms, heals, service restarts and reboots)
// gives byte for byte the trace the xstate machine gave (its digest, recorded from 957e207).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';
import { advance, bootedCluster, nodesTarget } from '../faults/fault-harness.ts';

/** sha256 (first 16 hex) of the scenario's trace with the xstate service machine (957e207). */
const XSTATE_MACHINE_DIGEST = 'd1c3fb2c2bbe9180';

const SCENARIO = `
name: lean-services
description: crash loops injected and healed, services restarted, nodes rebooted.
seed: 11
duration: 8m
cluster:
  name: talsim
  nodes:
    - group: cp
      count: 1
      role: controlplane
    - name: worker-1
      role: worker
    - name: worker-2
      role: worker
faults:
  - name: loop
    kind: service-crash-loop
    targets: { node: worker-1 }
    options: { service: kubelet, crashAfterMs: 300 }
    at: 2m
  - name: loop0
    kind: service-crash-loop
    targets: { node: worker-2 }
    options: { service: apid, crashAfterMs: 0 }
    at: 0s
  - name: loop2
    kind: service-crash-loop
    targets: { node: cp-1 }
    options: { service: etcd, crashAfterMs: 7000 }
    at: 3m
steps:
  - at: 0s
    wait-until: { node: cp-1, service: { id: etcd, state: Preparing }, timeout: 5m }
  - at: 0s
    bootstrap: { node: cp-1 }
  - at: 2m30s
    heal: { fault: loop0 }
  - at: 2m40s
    service: { node: cp-1, operation: restart, id: kubelet }
  - at: 2m50s
    reboot: { node: worker-2 }
  - at: 3m20s
    heal: { fault: loop2 }
  - at: 4m
    heal: { fault: loop }
  - at: 4m10s
    reboot: { node: worker-1 }
  - at: 5m
    service: { node: worker-2, operation: restart, id: kubelet }
  - at: 5m30s
    reboot: { node: cp-1 }
`;

describe('lean service machines', () => {
  it('a booted node\'s services wait for no timer of their own; a crash loop does until it is healed', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    advance(cluster, 30_000);
    for (const node of cluster.nodes.values()) {
      expect(node.stage()).toBe('running');
      expect(node.services.machinesWithTimers()).toBe(0);
      expect(node.services.machineState('kubelet')).toBe('running.periodic');
    }
    const worker = cluster.node('worker-1');
    const id = faults.inject('service-crash-loop', nodesTarget('worker-1'));
    advance(cluster, 100);
    // Restarting after the crash: its machine waits for the restart interval.
    expect(worker.services.machineState('kubelet')).toBe('restarting');
    expect(worker.services.machinesWithTimers()).toBe(1);
    faults.heal(id);
    advance(cluster, 60_000);
    expect(worker.services.state('kubelet')).toBe('Running');
    expect(worker.services.machinesWithTimers()).toBe(0);
  });

  it('crash loops, heals, restarts and reboots give the xstate machine\'s trace', () => {
    const result = runScenario(loadScenarioText(SCENARIO, 'lean-services.yaml', () => ''));
    expect(result.passed, result.failures.map((f) => `${f.name}: ${f.detail}`).join('\n')).toBe(true);
    expect(result.traceJsonl).toContain('going to restart forever');
    expect(createHash('sha256').update(result.traceJsonl).digest('hex').slice(0, 16)).toBe(XSTATE_MACHINE_DIGEST);
  });
});
