// The `kubernetes` check of scenario conditions: a Node condition, a label, cordoned or not, the
// pods bound to a node, read as the Kubernetes API serves them. Checks that hold pass, checks that
// do not fail with what kubectl would show instead, and malformed checks are refused at load.
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';

const noFiles = () => {
  throw new Error('no files');
};

function scenario(expectations: string): string {
  return `name: kube-checks
seed: 5
duration: 6m
cluster:
  nodes:
    - { name: cp-1, role: controlplane }
    - { name: worker-1, role: worker }
faults:
  - name: cut
    kind: partition
    targets: { from: worker-1, to: cp-1 }
    at: 3m
steps:
  - at: 0s
    wait-until: { node: cp-1, service: { id: etcd, state: Preparing }, timeout: 5m }
  - at: 0s
    bootstrap: { node: cp-1 }
  - at: 0s
    wait-until: { all: true, stage: running, ready: true, timeout: 8m }
expect:
${expectations}`;
}

const run = (expectations: string) => runScenario(loadScenarioText(scenario(expectations), 'kube-checks.yaml', noFiles));

describe('scenario kubernetes checks', () => {
  it('hold on a healthy cluster and follow a partition past the grace', () => {
    const result = run(`  - at: 2m50s
    node: worker-1
    kubernetes: { condition: { type: Ready, status: True, reason: KubeletReady }, label: { key: kubernetes.io/hostname, equals: worker-1 }, unschedulable: false }
  - at: 2m50s
    node: cp-1
    kubernetes: { label: { key: node-role.kubernetes.io/control-plane }, pod: { name: kube-apiserver, phase: Running, ready: true } }
  - at: 2m50s
    node: worker-1
    kubernetes: { pod: { name: kube-apiserver, absent: true } }
  - at: 3m45s
    node: worker-1
    kubernetes: { condition: { type: Ready, status: "True" } }
  - at: 4m
    node: worker-1
    kubernetes: { condition: { type: Ready, status: Unknown, reason: NodeStatusUnknown }, pod: { name: kube-proxy, phase: Running, ready: false } }
`);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('a check that does not hold says what kubectl would show', () => {
    const result = run(`  - at: 2m50s
    name: wrong label
    node: worker-1
    kubernetes: { label: { key: zone, equals: eu-1a } }
  - at: 2m50s
    name: not cordoned
    node: worker-1
    kubernetes: { unschedulable: true }
  - at: 4m
    name: still ready
    node: worker-1
    kubernetes: { condition: { type: Ready, status: "True" } }
  - at: 2m50s
    name: no such pod
    node: worker-1
    kubernetes: { pod: { name: coredns-nothing } }
`);
    const details = Object.fromEntries(result.failures.map((failure) => [failure.name, failure.detail]));
    expect(details['wrong label']).toMatch(/worker-1: no label zone on the node/);
    expect(details['not cordoned']).toMatch(/worker-1: the node is schedulable/);
    expect(details['still ready']).toMatch(/worker-1: node condition Ready=Unknown \(NodeStatusUnknown\)/);
    expect(details['no such pod']).toMatch(/worker-1: no pod coredns-nothing on the node/);
  });

  it('malformed checks are refused when the scenario loads', () => {
    expect(() => run(`  - at: 1m
    node: worker-1
    kubernetes: {}
`)).toThrow(/at least one of condition, label, unschedulable, pod/);
    expect(() => run(`  - at: 1m
    node: worker-1
    kubernetes: { condition: { type: Ready, status: Maybe } }
`)).toThrow(/kubernetes\.condition\.status: expected one of True, False, Unknown, found "Maybe"/);
    expect(() => run(`  - at: 1m
    node: worker-1
    kubernetes: { condition: { type: NetworkUnavailable, status: "True" } }
`)).toThrow(/Ready|DiskPressure/);
  });
});
