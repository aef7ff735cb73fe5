// Lean service machines: a service that runs with nothing to decide (its health checks are kernel
// timers, no crash is due) holds no live xstate actor, only its machine's snapshot; the next event
// for it (a changed health answer, a crash, STOP at a reboot) revives an actor from that snapshot.
// Parking must change nothing: a scenario with crash loops (one at 0 ms), heals, service restarts
// and reboots gives the same trace and the same service histories with parking on and off.
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';
import { setParkIdleServices } from '../../nodes/node-services.ts';
import { advance, bootedCluster, nodesTarget } from '../faults/fault-harness.ts';

afterEach(() => setParkIdleServices(true));

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

function run(park: boolean) {
  setParkIdleServices(park);
  const result = runScenario(loadScenarioText(SCENARIO, 'lean-services.yaml', () => ''));
  setParkIdleServices(true);
  return result;
}

describe('lean service machines', () => {
  it('a booted node holds no live service actor; a crash revives one, healing parks it again', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    advance(cluster, 30_000);
    for (const node of cluster.nodes.values()) {
      expect(node.stage()).toBe('running');
      expect(node.services.liveMachines()).toBe(0);
      expect(node.services.machineSnapshot('kubelet')?.value).toEqual({ running: 'periodic' });
    }
    const worker = cluster.node('worker-1');
    const id = faults.inject('service-crash-loop', nodesTarget('worker-1'));
    advance(cluster, 100);
    // Restarting after the crash: its actor is live and waits for the restart interval.
    expect(worker.services.machineSnapshot('kubelet')?.value).toBe('restarting');
    expect(worker.services.liveMachines()).toBe(1);
    faults.heal(id);
    advance(cluster, 60_000);
    expect(worker.services.state('kubelet')).toBe('Running');
    expect(worker.services.liveMachines()).toBe(0);
  });

  it('parking changes no trace: crash loops, heals, restarts and reboots, parked and live', () => {
    const parked = run(true);
    const live = run(false);
    expect(parked.passed, parked.failures.map((f) => `${f.name}: ${f.detail}`).join('\n')).toBe(true);
    expect(parked.traceJsonl).toContain('going to restart forever');
    expect(parked.traceJsonl).toBe(live.traceJsonl);
  });
});
