// Kubernetes node readiness follows kubelet heartbeats: a worker cut off from the control plane
// (or powered off) stays Ready for the node monitor's grace (50 s from Kubernetes 1.32, 40 s before), then turns NotReady, and is
// Ready again once its heartbeats reach an API server.
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';

const scenario = (faultKind: string, targets: string) => `
name: heartbeat
duration: 10m
cluster:
  nodes:
    - { name: cp-1, role: controlplane }
    - { name: worker-1, role: worker }
faults:
  - name: cut
    kind: ${faultKind}
    targets: ${targets}
    at: 5m
    duration: 2m
steps:
  - at: 0s
    wait-until: { node: cp-1, service: { id: etcd, state: Preparing }, timeout: 5m }
  - at: 0s
    bootstrap: { node: cp-1 }
expect:
  - at: 4m59s
    node: worker-1
    kubernetesNodeReady: true
  - at: 5m30s
    name: still Ready within the grace period
    node: worker-1
    kubernetesNodeReady: true
  - at: 5m45s
    name: still Ready 45 s in (Kubernetes >= 1.32 waits 50 s)
    node: worker-1
    kubernetesNodeReady: true
  - at: 5m55s
    name: NotReady after 50 s without heartbeats
    node: worker-1
    kubernetesNodeReady: false
  - within: 2m
    after: { healed: cut }
    name: Ready again after the heal
    node: worker-1
    kubernetesNodeReady: true
`;

describe('kubelet heartbeats', () => {
  it('a worker partitioned from the control plane turns NotReady after the grace period and recovers', () => {
    const plan = loadScenarioText(scenario('partition', '{ from: worker-1, to: cp-1 }'), 'heartbeat.yaml', () => '');
    const result = runScenario(plan);
    expect(result.failures.map((f) => `${f.name}: ${f.detail}`)).toEqual([]);
  });

  it('a powered-off worker turns NotReady after the grace period and recovers when power returns', () => {
    const plan = loadScenarioText(scenario('power-loss', '{ node: worker-1 }'), 'heartbeat.yaml', () => '');
    const result = runScenario(plan);
    expect(result.failures.map((f) => `${f.name}: ${f.detail}`)).toEqual([]);
  });
});
