// Faults in the scenario language: the `faults:` section, inject/heal steps (by name and inline),
// option ranges drawn per seed and recorded in the trace, faults started at a time or when a
// condition holds, and `within ... after: {healed: ...}` liveness expectations that pass when the
// cluster recovers in time and fail (liveness) when it does not or the fault is never healed.
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';
import { scenarioJsonSchema } from '../../sim/scenario/json-schema.ts';
import { validateJsonSchema } from '../scenario-loader/json-schema-validator.ts';
import { parse } from 'yaml';
import { RandomTree } from '../../sim/kernel/random-tree.ts';

const noFiles = (path: string): string => {
  throw new Error(`no file ${path}`);
};
const load = (text: string) => loadScenarioText(text, 'faults.yaml', noFiles);
const loadError = (text: string) => {
  try {
    load(text);
  } catch (error) {
    return (error as Error).message;
  }
  return 'loaded';
};

const CLUSTER = `cluster:
  nodes:
    - { name: cp-1, role: controlplane }
    - { name: worker-1, role: worker }
`;
const BOOT = `  - at: 0s
    wait-until: { node: cp-1, service: { id: etcd, state: Preparing }, timeout: 5m }
  - at: 0s
    bootstrap: { node: cp-1 }
  - at: 0s
    wait-until: { all: true, stage: running, ready: true, timeout: 10m }
`;

const LANGUAGE_TOUR = `name: fault-tour
${CLUSTER}faults:
  - name: slow-client
    kind: network-latency
    targets: { from: client, to: [cp-1, worker-1] }
    options: { latencyMs: { min: 100, max: 2000 }, jitterMs: 5 }
    at: 1m
    duration: 30s
  - name: wire
    kind: link-down
    targets: { node: worker-1 }
    when: { node: worker-1, stage: running, ready: true }
    duration: 20s
  - name: spare-dns
    kind: dns-failure
steps:
${BOOT}  - at: 4m
    inject: { fault: spare-dns }
  - at: 4m
    inject: { kind: service-health-failing, targets: { role: worker }, options: { service: kubelet } }
  - at: 5m
    heal: { all: true }
expect:
  - within: 2m
    after: { healed: wire }
    all: true
    stage: running
    ready: true
`;

describe('faults in the scenario language', () => {
  it('loads declared, by-name and inline faults into the plan', () => {
    const plan = load(LANGUAGE_TOUR);
    const source = (line: number, column: number) => ({ file: 'faults.yaml', line, column });
    expect(plan.faults).toEqual([
      {
        name: 'slow-client',
        kind: 'network-latency',
        targets: { kind: 'link', from: ['client'], to: ['cp-1', 'worker-1'] },
        options: { latencyMs: { min: 100, max: 2000 }, jitterMs: 5 },
        atMs: 60_000,
        durationMs: 30_000,
        source: source(7, 5),
      },
      {
        name: 'wire',
        kind: 'link-down',
        targets: { kind: 'nodes', nodes: { kind: 'names', names: ['worker-1'] } },
        options: {},
        when: { nodes: { kind: 'names', names: ['worker-1'] }, stage: 'running', ready: true },
        durationMs: 20_000,
        source: source(13, 5),
      },
      { name: 'spare-dns', kind: 'dns-failure', targets: { kind: 'cluster' }, options: {}, source: source(18, 5) },
      {
        name: 'service-health-failing-step-5',
        kind: 'service-health-failing',
        targets: { kind: 'nodes', nodes: { kind: 'role', role: 'worker' } },
        options: { service: 'kubelet' },
        source: source(30, 13),
      },
    ]);
    expect(plan.steps.slice(3).map((step) => step.act)).toEqual([
      { action: 'inject', fault: 'spare-dns', spec: plan.faults![2] },
      { action: 'inject', fault: 'service-health-failing-step-5', spec: plan.faults![3] },
      { action: 'heal', all: true },
    ]);
    expect(plan.expectations[0]).toMatchObject({ when: 'within', atMs: 0, withinMs: 120_000, after: { fault: 'wire', event: 'healed' } });
  });

  it('runs the tour: ranges drawn from faults/<name> and traced, the `when` fault fires, heal-all clears, within holds', () => {
    const result = runScenario(load(LANGUAGE_TOUR));
    expect(result.failures).toEqual([]);
    const trace = result.traceJsonl.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    const drawn = trace.filter((entry) => entry.kind === 'fault.options-drawn');
    expect(drawn).toHaveLength(1);
    expect(drawn[0]).toMatchObject({ t: 60_000, name: 'slow-client', drawn: [{ option: 'latencyMs', range: { min: 100, max: 2000 } }] });
    const latencyMs = drawn[0].drawn[0].value as number;
    expect(Number.isInteger(latencyMs) && latencyMs >= 100 && latencyMs <= 2000).toBe(true);
    const faults = trace.filter((entry) => entry.kind === 'fault').map((entry) => `${entry.action} ${entry.name}`);
    expect(faults).toEqual([
      'inject slow-client',
      'heal slow-client',
      'inject wire',
      'heal wire',
      'inject spare-dns',
      'inject service-health-failing-step-5',
      'heal service-health-failing-step-5',
      'heal spare-dns',
    ]);
    const injectedLatency = trace.find((entry) => entry.kind === 'fault' && entry.name === 'slow-client').options;
    expect(injectedLatency).toEqual({ latencyMs, jitterMs: 5, lossRatio: 0, symmetric: true });
    expect(result.timeline.some((line) => line.includes('fault') && line.includes('name=wire'))).toBe(true);
  });

  it('draws each range from the seed\'s stream faults/<name>, so another seed draws another value', () => {
    const drawnValue = (seed: string) => {
      const result = runScenario(load(LANGUAGE_TOUR), { seed });
      const line = result.traceJsonl.split('\n').find((entry) => entry.includes('fault.options-drawn'))!;
      return JSON.parse(line).drawn[0].value as number;
    };
    const value = drawnValue('21');
    expect(value).toBe(new RandomTree('21').stream('faults/slow-client').integer(100, 2000));
    expect(drawnValue('22')).not.toBe(value);
  });

  it('a power loss at 0s holds the node off from the start until its heal step', () => {
    const text = `name: dark-start
${CLUSTER}faults:
  - name: outage
    kind: power-loss
    targets: { node: worker-1 }
    at: 0s
steps:
  - at: 3m
    heal: { fault: outage }
expect:
  - at: 2m59s
    node: worker-1
    stage: unknown
  - within: 3m
    after: { healed: outage }
    node: worker-1
    stage: running
`;
    expect(runScenario(load(text)).failures).toEqual([]);
  });

  it('a within expectation fails as liveness when the cluster does not recover in time, or the fault is never healed', () => {
    const text = `name: too-hasty
${CLUSTER}faults:
  - name: outage
    kind: power-loss
    targets: { node: worker-1 }
    at: 3m
    duration: 30s
  - name: forever
    kind: service-health-failing
    targets: { node: worker-1 }
steps:
${BOOT}  - at: 5m
    inject: { fault: forever }
expect:
  - within: 10s
    after: { healed: outage }
    name: worker running 10s after power returns
    node: worker-1
    stage: running
  - within: 1m
    after: { healed: forever }
    name: worker ready after forever
    node: worker-1
    ready: true
`;
    const result = runScenario(load(text));
    expect(result.failures.map((failure) => [failure.name, failure.failureClass, failure.detail.split(':')[0]])).toEqual([
      ['worker running 10s after power returns', 'liveness', 'did not hold within 10s after outage was healed'],
      ['worker ready after forever', 'liveness', 'forever was never healed'],
    ]);
  });

  it('a fault that cannot be injected is a reported failure of the run', () => {
    const text = `name: no-config
cluster:
  nodes:
    - { name: cp-1, role: controlplane }
    - { name: spare, role: worker, configured: false }
faults:
  - name: foreign-ca
    kind: ca-mismatch
    targets: { node: spare }
    at: 10s
`;
    const result = runScenario(load(text));
    expect(result.failures).toEqual([
      {
        kind: 'step',
        failureClass: 'correctness',
        name: 'fault foreign-ca',
        detail: 'fault ca-mismatch: spare has no machine.ca in its config (maintenance mode?)',
        atMs: 10_000,
        source: { file: 'faults.yaml', line: 7, column: 5 },
      },
    ]);
  });

  it('points at the line and column of a fault mistake', () => {
    const head = `name: broken\n${CLUSTER}`;
    expect(loadError(`${head}faults:\n  - name: a\n    kind: etcd-dely\n`)).toMatch(/^faults\.yaml:8:11: faults\[0\]\.kind: expected one of the fault kinds etcd-commit-delay, /);
    expect(loadError(`${head}faults:\n  - name: a\n    kind: disk-slow\n    targets: { node: worker-1 }\n    options: { extraFsyncLatency: 5 }\n`)).toBe(
      'faults.yaml:10:16: faults[0].options.extraFsyncLatency: expected a known key: did you mean "extraFsyncLatencyMs"? (keys: disk, extraFsyncLatencyMs), found "extraFsyncLatency"',
    );
    expect(loadError(`${head}faults:\n  - name: a\n    kind: network-latency\n    targets: { from: client, to: cp-2 }\n`)).toBe(
      'faults.yaml:9:34: faults[0].targets.to: expected a node name of the cluster (cp-1, worker-1), found "cp-2"',
    );
    expect(loadError(`${head}faults:\n  - name: a\n    kind: dns-failure\n    options: {}\n    duration: 1m\n    at: 1m\n    when: { node: cp-1, ready: true }\n`)).toBe(
      'faults.yaml:12:5: faults[0].when: expected at most one of at, when, found at and when',
    );
    expect(loadError(`${head}steps:\n  - at: 1m\n    heal: { fault: ghost }\n`)).toBe(
      'faults.yaml:8:20: steps[0].heal.fault: expected a fault declared in faults: or named by an earlier inject step (none declared), found "ghost"',
    );
    expect(loadError(`${head}expect:\n  - within: 1m\n    all: true\n    ready: true\n`)).toBe('faults.yaml:7:5: expect[0].within: expected within together with after, found within alone');
  });

  it('the JSON Schema accepts the tour and rejects a misspelt option and a range of text', () => {
    const schema = scenarioJsonSchema();
    const tour = parse(LANGUAGE_TOUR);
    expect(validateJsonSchema(schema, tour)).toEqual([]);
    const misspelt = structuredClone(tour);
    misspelt.faults[0].options.latency = 5;
    expect(validateJsonSchema(schema, misspelt)).not.toEqual([]);
    const textRange = structuredClone(tour);
    textRange.faults[0].options.latencyMs = { min: 'low', max: 2000 };
    expect(validateJsonSchema(schema, textRange)).not.toEqual([]);
  });
});
