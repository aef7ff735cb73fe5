// Config faults are inputs: apply-config steps with `fault:` submit the node's config mutated, and
// the node answers as Talos would: a tab in the indentation and an unknown key are rejected with
// InvalidArgument; `version: v1alpha2` is accepted (Talos never checks it; v1.13 takes it with a
// reboot) and becomes the active config; a machine.install change
// is accepted and then ignored: the kernel never sees the argument, not even after a reboot.
import { describe, expect, it } from 'vitest';
import { bootedCluster, on, waitFor } from './fault-harness.ts';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';
import { performStep } from '../../sim/scenario/perform-step.ts';
import { CONFIG_MUTATORS } from '../../sim/faults/fault-catalogue.ts';
import { IGNORED_KERNEL_ARGUMENT } from '../../sim/faults/config-ignored-section.ts';
import type { SimCluster } from '../../sim/cluster/cluster.ts';
import type { StepPlan } from '../../sim/scenario/plan.ts';

const noFiles = (path: string): string => {
  throw new Error(`no file ${path}`);
};

const rejectedConfigs = (malformedExpect: string) => `
name: rejected-configs
seed: 4
cluster:
  nodes:
    - { name: cp-1, role: controlplane }
    - { name: worker-1, role: worker }
steps:
  - at: 0s
    wait-until: { node: cp-1, service: { id: etcd, state: Preparing }, timeout: 5m }
  - at: 0s
    bootstrap: { node: cp-1 }
  - at: 0s
    wait-until: { all: true, stage: running, ready: true, timeout: 10m }
  - at: 4m
    apply-config: { node: worker-1, fault: config-malformed-yaml }
    expect: { errorCode: InvalidArgument, errorContains: ${JSON.stringify(malformedExpect)} }
  - at: 4m
    apply-config: { node: worker-1, fault: config-unknown-keys }
    expect: { errorCode: InvalidArgument, errorContains: "unknown keys found during decoding:\\ncluster:\\n    kubernetes:" }
expect:
  - at: 5m
    name: the worker still runs its old config, ready
    node: worker-1
    stage: running
    ready: true
`;

function applyWithFault(cluster: SimCluster, node: string, fault: string) {
  const step: StepPlan = { atMs: cluster.world.kernel.now, act: { action: 'apply-config', node, mode: 'auto', config: { fault } }, source: { file: 't', line: 1, column: 1 } };
  return performStep(cluster, step);
}

describe('config faults', () => {
  it('config-malformed-yaml and config-unknown-keys are rejected with InvalidArgument and Talos\'s texts', () => {
    const result = runScenario(loadScenarioText(rejectedConfigs('yaml: line'), 'rejected.yaml', noFiles));
    expect(result.failures).toEqual([]);
    expect(result.timeline.join('\n')).toContain('action=apply-config ok=false result=error decoding document /v1alpha1/');
  });

  it('the same scenario fails when it expects the wrong text (the step checks can fail)', () => {
    const result = runScenario(loadScenarioText(rejectedConfigs('no such text'), 'rejected.yaml', noFiles));
    expect(result.passed).toBe(false);
    expect(result.failures.map((failure) => failure.kind)).toEqual(['step']);
  });

  it('config-wrong-version: `version: v1alpha2` is accepted and becomes the active config', () => {
    const { cluster } = bootedCluster({ controlPlanes: 1 });
    const outcome = applyWithFault(cluster, 'worker-1', 'config-wrong-version');
    expect(outcome.error).toBeUndefined();
    if (outcome.apply?.mode === 'reboot') waitFor(cluster, { nodes: on('worker-1'), stage: 'rebooting' }, 60_000);
    waitFor(cluster, { nodes: on('worker-1'), stage: 'running', ready: true }, 5 * 60_000);
    expect(cluster.node('worker-1').config!.text).toMatch(/^version: v1alpha2$/m);
  });

  it('config-ignored-section: the install change is accepted without a reboot and never reaches the kernel command line', () => {
    const { cluster } = bootedCluster({ controlPlanes: 1 });
    const outcome = applyWithFault(cluster, 'worker-1', 'config-ignored-section');
    expect(outcome.error).toBeUndefined();
    expect(outcome.apply?.mode).toBe('no-reboot');
    expect(cluster.node('worker-1').config!.text).toContain(IGNORED_KERNEL_ARGUMENT);
    const rebootStep: StepPlan = { atMs: cluster.world.kernel.now, act: { action: 'reboot', node: 'worker-1' }, source: { file: 't', line: 1, column: 1 } };
    expect(performStep(cluster, rebootStep).error).toBeUndefined();
    const rebootedAtMs = cluster.world.kernel.now;
    waitFor(cluster, { nodes: on('worker-1'), stage: 'rebooting' }, 60_000);
    waitFor(cluster, { nodes: on('worker-1'), stage: 'running', ready: true }, 5 * 60_000);
    const commandLines = cluster.node('worker-1').logs.kmsg.all().filter((record) => record.timeMs >= rebootedAtMs && record.text.startsWith('Command line:'));
    expect(commandLines.length).toBe(1);
    expect(commandLines[0]!.text).not.toContain(IGNORED_KERNEL_ARGUMENT);
  });

  it('every mutator changes the config it is given', () => {
    const { cluster } = bootedCluster({ controlPlanes: 1, workers: 0 });
    const text = cluster.node('cp-1').config!.text;
    for (const mutator of CONFIG_MUTATORS) expect(mutator.mutateConfig(text), mutator.kind).not.toBe(text);
  });
});
