// Loading valid scenarios: a file using every feature becomes exactly the expected plan; a
// minimal file gets every default; node groups expand into numbered nodes; durations convert.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { formatDurationMs, parseDurationMs } from '../../sim/scenario/load-duration.ts';
import type { ScenarioPlan } from '../../sim/scenario/plan.ts';

const fullPath = fileURLToPath(new URL('./fixtures/full.yaml', import.meta.url));
const at = (line: number, column: number) => ({ file: fullPath, line, column });

const noFiles = (relativePath: string): string => {
  throw Object.assign(new Error(`no file ${relativePath}`), { code: 'ENOENT' });
};

const expectedFullPlan: ScenarioPlan = {
  file: fullPath,
  name: 'full-tour',
  description: 'Every action and every check, once.\n',
  seed: '7',
  durationMs: 1_800_000,
  cluster: {
    name: 'lab',
    endpoint: 'https://10.9.0.2:6443',
    subnet: '10.9.0.0/24',
    talosVersion: 'v1.12.4',
    nodes: [
      {
        name: 'cp-1',
        role: 'controlplane',
        hardware: { profile: 'default' },
        config: {
          source: 'file',
          path: 'configs/cp-1.yaml',
          text: 'version: v1alpha1\nmachine:\n  type: controlplane\n',
          patches: [{ machine: { nodeLabels: { zone: 'a' } } }],
        },
        configured: true,
        source: at(13, 7),
      },
      ...[1, 2].map((index) => ({
        name: `worker-${index}`,
        role: 'worker' as const,
        hardware: { profile: 'small-vm', overrides: { memory: '4GiB' } },
        config: { source: 'generated' as const, patches: [] },
        configured: true,
        source: at(18, 7),
      })),
      {
        name: 'spare',
        role: 'worker',
        hardware: { profile: 'hardware/small.yaml', text: 'cpus: 2\nmemory: 2GiB\n' },
        config: { source: 'generated', patches: [] },
        configured: false,
        source: at(22, 7),
      },
    ],
  },
  steps: [
    {
      name: 'bootstrap-etcd',
      atMs: 0,
      act: { action: 'bootstrap', node: 'cp-1' },
      expect: { ok: true },
      source: at(27, 5),
    },
    {
      atMs: 60_000,
      act: {
        action: 'apply-config',
        node: 'worker-1',
        mode: 'auto',
        config: { path: 'configs/worker-new.yaml', text: 'version: v1alpha1\nmachine:\n  type: worker\n' },
      },
      source: at(31, 5),
    },
    {
      atMs: 90_000,
      act: {
        action: 'apply-config',
        node: 'worker-2',
        mode: 'try',
        config: { patches: [{ machine: { nodeLabels: { tier: 'web' } } }] },
        tryTimeoutMs: 60_000,
      },
      expect: { mode: 'try', modeDetailsContains: 'rolled back' },
      source: at(33, 5),
    },
    {
      atMs: 120_000,
      act: {
        action: 'apply-config',
        node: 'spare',
        mode: 'no-reboot',
        config: { text: 'version: v1alpha1\nmachine:\n  type: worker\n' },
        tryTimeoutMs: 45_000,
        insecure: true,
      },
      expect: { errorCode: 'FailedPrecondition', errorContains: 'maintenance' },
      source: at(40, 5),
    },
    { atMs: 180_000, act: { action: 'confirm-try', node: 'worker-2' }, source: at(50, 5) },
    {
      atMs: 240_000,
      act: {
        action: 'wait-until',
        condition: { nodes: { kind: 'role', role: 'controlplane' }, stage: 'running', ready: true },
        timeoutMs: 300_000,
      },
      source: at(52, 5),
    },
    { atMs: 600_000, act: { action: 'reboot', node: 'worker-1', mode: 'powercycle' }, source: at(54, 5) },
    { atMs: 660_000, act: { action: 'shutdown', node: 'worker-2', force: false }, source: at(56, 5) },
    { atMs: 720_000, act: { action: 'power-on', node: 'worker-2' }, source: at(58, 5) },
    {
      atMs: 780_000,
      act: { action: 'service', node: 'cp-1', operation: 'restart', id: 'etcd' },
      expect: { warningContains: 'restarting' },
      source: at(60, 5),
    },
    {
      atMs: 840_000,
      act: { action: 'debug-shell-edit', node: 'cp-1', path: '/etc/hosts', content: '127.0.0.1 localhost\n' },
      source: at(63, 5),
    },
    {
      atMs: 900_000,
      act: { action: 'upgrade', node: 'worker-1', image: 'ghcr.io/siderolabs/installer:v1.13.1', stage: true },
      source: at(65, 5),
    },
    {
      name: 'reset-spare',
      atMs: 1_200_000,
      act: { action: 'reset', node: 'spare', graceful: false, reboot: false },
      source: at(67, 5),
    },
  ],
  expectations: [
    {
      name: 'control plane up',
      when: 'at',
      atMs: 300_000,
      condition: { nodes: { kind: 'names', names: ['cp-1'] }, stage: 'running', ready: true, noUnmetCondition: 'nodeReady' },
      not: false,
      source: at(71, 5),
    },
    {
      name: 'worker-1, worker-2: unmet condition services, service kubelet Running healthy',
      when: 'by',
      atMs: 480_000,
      condition: {
        nodes: { kind: 'names', names: ['worker-1', 'worker-2'] },
        unmetCondition: { name: 'services', reasonContains: 'kubelet' },
        service: { id: 'kubelet', state: 'Running', healthy: true, lastEventContains: 'Health check successful' },
      },
      not: false,
      source: at(77, 5),
    },
    {
      name: 'every worker: MachineStatuses.runtime.talos.dev machine status.ready = true, address 10.9.0.3/24 present',
      when: 'throughout',
      atMs: 300_000,
      untilMs: 540_000,
      condition: {
        nodes: { kind: 'role', role: 'worker' },
        resource: { type: 'MachineStatuses.runtime.talos.dev', id: 'machine', field: 'status.ready', equals: true },
        address: { cidr: '10.9.0.3/24', present: true },
      },
      not: false,
      source: at(81, 5),
    },
    {
      name: 'not (all nodes: machined log contains "task failed", apply state stuck, Kubernetes node not ready, file /etc/hosts absent)',
      when: 'throughout',
      atMs: 960_000,
      untilMs: 1_800_000,
      condition: {
        nodes: { kind: 'all' },
        log: { source: 'machined', contains: 'task failed' },
        applyState: { state: 'stuck', reasonContains: 'etcd' },
        kubernetesNodeReady: false,
        file: { path: '/etc/hosts', absent: true },
      },
      not: true,
      source: at(85, 5),
    },
  ],
};

describe('loading a valid scenario', () => {
  it('turns a file using every feature into exactly the expected plan', () => {
    const plan = loadScenarioFile(fullPath);
    expect(plan).toStrictEqual(expectedFullPlan);
  });

  it('makes a plan that survives a JSON round trip unchanged', () => {
    const plan = loadScenarioFile(fullPath);
    expect(JSON.parse(JSON.stringify(plan))).toStrictEqual(plan);
  });

  it('fills in every default of a minimal file', () => {
    const text = [
      'name: minimal',
      'cluster:',
      '  nodes:',
      '    - name: cp-1',
      '      role: controlplane',
      'steps:',
      '  - at: 2m',
      '    apply-config: { node: cp-1, patches: [{ machine: { env: { A: b } } }] }',
      '  - at: 3m',
      '    reboot: { node: cp-1 }',
      '  - at: 4m',
      '    reset: { node: cp-1 }',
      '  - at: 5m',
      '    upgrade: { node: cp-1, image: installer:v1 }',
      '  - at: 6m',
      '    wait-until: { ready: true }',
      '  - at: 7m',
      '    apply-config: { node: cp-1, mode: try, patches: [{}] }',
      'expect:',
      '  - by: 10m',
      '    address: { cidr: 10.5.0.2/24 }',
      '  - throughout: { from: 1m }',
      '    ready: true',
    ].join('\n');
    const plan = loadScenarioText(text, 'minimal.yaml', noFiles);
    expect(plan.seed).toBe('1');
    expect(plan.description).toBe('');
    expect(plan.cluster).toMatchObject({ name: 'talsim', endpoint: '', subnet: '10.5.0.0/24', talosVersion: 'v1.13.9' });
    expect(plan.cluster.nodes[0]).toMatchObject({
      hardware: { profile: 'default' },
      config: { source: 'generated', patches: [] },
      configured: true,
    });
    expect(plan.steps.map((step) => step.act)).toStrictEqual([
      { action: 'apply-config', node: 'cp-1', mode: 'auto', config: { patches: [{ machine: { env: { A: 'b' } } }] } },
      { action: 'reboot', node: 'cp-1', mode: 'default' },
      { action: 'reset', node: 'cp-1', graceful: true, reboot: false },
      { action: 'upgrade', node: 'cp-1', image: 'installer:v1', stage: false },
      { action: 'wait-until', condition: { nodes: { kind: 'all' }, ready: true }, timeoutMs: 600_000 },
      { action: 'apply-config', node: 'cp-1', mode: 'try', config: { patches: [{}] }, tryTimeoutMs: 60_000 },
    ]);
    // Last planned moment: the wait-until at 6m with its 10m timeout; plus the 1m tail.
    expect(plan.durationMs).toBe(17 * 60_000);
    expect(plan.expectations[0]).toMatchObject({ when: 'by', atMs: 600_000, not: false, name: 'all nodes: address 10.5.0.2/24 present' });
    expect(plan.expectations[0]!.condition.address).toStrictEqual({ cidr: '10.5.0.2/24', present: true });
    expect(plan.expectations[1]).toMatchObject({ when: 'throughout', atMs: 60_000, untilMs: 17 * 60_000 });
  });

  it('gives a file with no steps or expectations a one-minute run', () => {
    const text = 'name: idle\ncluster:\n  nodes:\n    - { name: cp-1, role: controlplane }\n';
    const plan = loadScenarioText(text, 'idle.yaml', noFiles);
    expect(plan.steps).toStrictEqual([]);
    expect(plan.expectations).toStrictEqual([]);
    expect(plan.durationMs).toBe(60_000);
  });

  it('keeps a string seed as written', () => {
    const text = "name: s\nseed: 'abc-1'\ncluster:\n  nodes:\n    - { name: cp-1, role: controlplane }\n";
    expect(loadScenarioText(text, 's.yaml', noFiles).seed).toBe('abc-1');
  });
});

describe('node groups', () => {
  const text = [
    'name: groups',
    'cluster:',
    '  nodes:',
    '    - group: cp',
    '      count: 3',
    '      role: controlplane',
    '      patches: [{ machine: { nodeLabels: { a: b } } }]',
    '    - name: w-1',
    '      role: worker',
    '    - group: big',
    '      count: 2',
    '      role: worker',
    '      configured: false',
    'steps:',
    '  - at: 0s',
    '    bootstrap: { node: cp-3 }',
  ].join('\n');

  it('expand into <group>-1 .. <group>-<count>, in file order, each with the group settings', () => {
    const plan = loadScenarioText(text, 'groups.yaml', noFiles);
    const nodes = plan.cluster.nodes.map((node) => [node.name, node.role, node.configured, node.source.line]);
    expect(nodes).toStrictEqual([
      ['cp-1', 'controlplane', true, 4],
      ['cp-2', 'controlplane', true, 4],
      ['cp-3', 'controlplane', true, 4],
      ['w-1', 'worker', true, 8],
      ['big-1', 'worker', false, 10],
      ['big-2', 'worker', false, 10],
    ]);
    expect(plan.steps[0]!.act).toStrictEqual({ action: 'bootstrap', node: 'cp-3' });
  });

  it('give each node its own copy of the group settings', () => {
    const plan = loadScenarioText(text, 'groups.yaml', noFiles);
    const [first, second] = plan.cluster.nodes;
    expect(first!.config.patches).toStrictEqual(second!.config.patches);
    expect(first!.config.patches).not.toBe(second!.config.patches);
  });
});

describe('durations', () => {
  it('convert every unit and combination to milliseconds', () => {
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('90s')).toBe(90_000);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('1.5h')).toBe(5_400_000);
    expect(parseDurationMs('1m30s250ms')).toBe(90_250);
  });

  it('reject numbers without a unit and words', () => {
    expect(parseDurationMs('90')).toBeUndefined();
    expect(parseDurationMs('5 minutes')).toBeUndefined();
    expect(parseDurationMs('')).toBeUndefined();
  });

  it('format back to the shortest text', () => {
    expect(formatDurationMs(0)).toBe('0s');
    expect(formatDurationMs(90_000)).toBe('1m30s');
    expect(formatDurationMs(5_400_500)).toBe('1h30m500ms');
  });
});
