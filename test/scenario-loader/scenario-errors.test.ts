// Scenario files that cannot load: each kind of mistake gives a ScenarioError naming
// file:line:col, the field path, what was expected and what was found; of several mistakes,
// the one written earliest is reported.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../sim/errors.ts';
import { loadScenarioFile, loadScenarioText } from '../../sim/scenario/load-scenario.ts';

const FILE = 'scenarios/broken.yaml';

/** Files the scenarios below may name; anything else does not exist. */
const FILES: Record<string, string> = { 'configs/cp.yaml': 'version: v1alpha1\n' };
function readFile(relativePath: string): string {
  const text = FILES[relativePath];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${relativePath}`), { code: 'ENOENT' });
  return text;
}

// Lines 1-9; a test's own lines start at line 10.
const CLUSTER = [
  'name: broken',
  'cluster:',
  '  nodes:',
  '    - name: cp-1',
  '      role: controlplane',
  '    - name: cp-2',
  '      role: controlplane',
  '    - name: w-1',
  '      role: worker',
];

function errorOf(lines: string[]): ScenarioError {
  try {
    loadScenarioText(lines.join('\n') + '\n', FILE, readFile);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error('expected the scenario to fail to load');
}

const messageOf = (lines: string[]): string => errorOf(lines).message;

describe('scenario errors', () => {
  it('bad YAML: the position and words of the YAML parser', () => {
    const error = errorOf([...CLUSTER, 'steps: [', '  - at: 0s']);
    expect(error.message).toBe(
      `${FILE}:11:3: (document): expected valid YAML, found a YAML error: Block collections are not allowed within flow collections`,
    );
    expect(error.position).toStrictEqual({ file: FILE, line: 11, column: 3 });
  });

  it('bad YAML: a duplicate key points at the second one', () => {
    expect(messageOf(['name: a', 'name: b'])).toBe(
      `${FILE}:2:1: (document): expected valid YAML, found a YAML error: Map keys must be unique`,
    );
  });

  it('bad YAML: a duplicate among 20,000 keys of one map (the fuzz case that held the loader for seconds) points at it', () => {
    const keys = Array.from({ length: 20_000 }, (_, index) => `    k${index}: v`);
    expect(messageOf([...CLUSTER, 'steps:', '  - at: 0s', '    huge:', ...keys, '    k7: again', '  - at: 1s'])).toBe(
      `${FILE}:20013:5: (document): expected valid YAML, found a YAML error: Map keys must be unique`,
    );
    // Keys equal only as scalars of the same value: 1 and "1" differ, a map used as a key equals nothing.
    expect(() => loadScenarioText(['name: ok', 'description: "1"', 'x:', '  1: a', '  "1": b', '  ? {a: 1}', '  : c', '  ? {a: 1}', '  : d'].join('\n'), FILE, readFile)).toThrow(/unknown key|expected/);
    expect(messageOf(['name: a', 'cluster:', '  nodes: []', '  nodes: []'])).toBe(`${FILE}:4:3: (document): expected valid YAML, found a YAML error: Map keys must be unique`);
  });

  it('bad YAML with tens of thousands of errors (fuzz case 9077: shuffled lines) reports the first, with no stack or pretty text kept', () => {
    const noise = Array.from({ length: 3_000 }, () => '  - x: [ , , , , , , , , , ]').join('\n');
    const error = errorOf([...CLUSTER, 'steps:', '- at: 0s', '  bootstrap: {node: cp-1}', 'x', noise]);
    expect(error.message).toMatch(new RegExp(`^${FILE}:13:1: \\(document\\): expected valid YAML, found a YAML error: [^\\n]+$`));
    expect(Error.stackTraceLimit).toBeGreaterThan(0);
  });

  it('a file over 512 KiB is refused before it is parsed, naming the limit', () => {
    const error = errorOf(['name: big', `description: ${'x'.repeat(512 * 1024)}`]);
    expect(error.message).toBe(`${FILE}:1:1: (document): expected a scenario file of at most 524288 bytes (512 KiB), found 524312 bytes`);
  });

  it('unknown key: points at the key, says which known key it most likely is, and lists the known ones', () => {
    const error = errorOf([...CLUSTER, 'stpes:', '  - at: 0s', '    bootstrap: { node: cp-1 }']);
    const keys = 'name, description, seed, duration, cluster, faults, steps, expect, expectFailure, lesson';
    expect(error.message).toBe(`${FILE}:10:1: stpes: expected a known key: did you mean "steps"? (keys: ${keys}), found "stpes"`);
    expect(error.fieldPath).toBe('stpes');
    expect(error.found).toBe('"stpes"');
    expect(messageOf([...CLUSTER, 'zzz: 1'])).toBe(`${FILE}:10:1: zzz: expected one of the keys ${keys}, found "zzz"`);
  });

  it('a misspelt only check or action-source key is reported itself, with "did you mean", not as "found none"', () => {
    expect(messageOf([...CLUSTER, 'expect:', '  - at: 1m', '    node: cp-1', '    applyStat: { state: idle }'])).toMatch(
      new RegExp(`^${FILE}:13:5: expect\\[0\\]\\.applyStat: expected a known key: did you mean "applyState"\\? \\(keys: .*\\), found "applyStat"$`),
    );
    expect(messageOf([...CLUSTER, 'steps:', '  - at: 1m', '    apply-config: { node: cp-1, patchs: [] }'])).toMatch(
      /steps\[0\]\.apply-config\.patchs: expected a known key: did you mean "patches"\? \(keys: .*\), found "patchs"$/,
    );
    expect(messageOf([...CLUSTER, 'faults:', '  - name: x', '    kind: link-dwn', '    targets: { node: w-1 }', '    at: 1m'])).toBe(
      `${FILE}:12:11: faults[0].kind: expected a fault kind: did you mean "link-down"? (\`talsim fault kinds\` lists them), found "link-dwn"`,
    );
  });

  it('unknown key inside a node entry', () => {
    expect(messageOf(['name: t', 'cluster:', '  nodes:', '    - name: cp-1', '      role: controlplane', '      hardwre: x'])).toBe(
      `${FILE}:6:7: cluster.nodes[0].hardwre: expected a known key: did you mean "hardware"? (keys: name, role, hardware, config, patches, configured), found "hardwre"`,
    );
  });

  it('wrong enum value: lists the allowed values', () => {
    const lines = [...CLUSTER, 'steps:', '  - at: 0s', '    apply-config: { node: cp-1, mode: rebot, patches: [{}] }'];
    expect(messageOf(lines)).toBe(
      `${FILE}:12:39: steps[0].apply-config.mode: expected one of auto, no-reboot, reboot, staged, try, dry-run, found "rebot"`,
    );
  });

  it('bad duration: words instead of a unit', () => {
    expect(messageOf([...CLUSTER, 'steps:', '  - at: 5 minutes', '    bootstrap: { node: cp-1 }'])).toBe(
      `${FILE}:11:9: steps[0].at: expected a duration with a unit, like 90s, 2m, 1h30m or 500ms, found "5 minutes"`,
    );
  });

  it('bad duration: a plain number', () => {
    expect(messageOf([...CLUSTER, 'duration: 90'])).toBe(
      `${FILE}:10:11: duration: expected a duration with a unit, like 90s, 2m, 1h30m or 500ms, found 90`,
    );
  });

  it('unknown node reference in a step: lists the cluster nodes', () => {
    const error = errorOf([...CLUSTER, 'steps:', '  - at: 0s', '    bootstrap: { node: cp-9 }']);
    expect(error.message).toBe(`${FILE}:12:24: steps[0].bootstrap.node: expected a node name of the cluster (cp-1, cp-2, w-1), found "cp-9"`);
  });

  it('unknown node reference in an expectation selector', () => {
    const lines = [...CLUSTER, 'expect:', '  - at: 1m', '    nodes: [cp-1, w-9]', '    ready: true'];
    expect(messageOf(lines)).toBe(`${FILE}:12:19: expect[0].nodes[1]: expected a node name of the cluster (cp-1, cp-2, w-1), found "w-9"`);
  });

  it('two action keys in one step: points at the second', () => {
    const lines = [...CLUSTER, 'steps:', '  - at: 0s', '    bootstrap: { node: cp-1 }', '    reboot: { node: cp-1 }'];
    expect(messageOf(lines)).toBe(
      `${FILE}:13:5: steps[0].reboot: expected exactly one action key (apply-config, bootstrap, reboot, shutdown, reset, upgrade, power-on, service, etcd, kubectl, debug-shell-edit, wait-until, confirm-try, probe, inject, heal), found bootstrap and reboot`,
    );
  });

  it('a step without an action', () => {
    expect(messageOf([...CLUSTER, 'steps:', '  - at: 0s', '    name: nothing'])).toMatch(
      new RegExp(`^${FILE}:11:5: steps\\[0\\]: expected exactly one action key \\(apply-config, .*\\), found none$`),
    );
  });

  it('missing config file of a node', () => {
    const lines = ['name: t', 'cluster:', '  nodes:', '    - name: cp-1', '      role: controlplane', '      config: configs/nope.yaml'];
    expect(messageOf(lines)).toBe(
      `${FILE}:6:15: cluster.nodes[0].config: expected a machine config file relative to the scenario's directory, found "configs/nope.yaml" (no such file)`,
    );
  });

  it('missing config file of an apply-config step', () => {
    const lines = [...CLUSTER, 'steps:', '  - at: 0s', '    apply-config:', '      node: cp-1', '      file: missing.yaml'];
    expect(messageOf(lines)).toBe(
      `${FILE}:14:13: steps[0].apply-config.file: expected a machine config file relative to the scenario's directory, found "missing.yaml" (no such file)`,
    );
  });

  it('missing hardware profile file', () => {
    const lines = ['name: t', 'cluster:', '  nodes:', '    - name: cp-1', '      role: controlplane', '      hardware: hw/big.yaml'];
    expect(messageOf(lines)).toBe(
      `${FILE}:6:17: cluster.nodes[0].hardware: expected a hardware profile file relative to the scenario's directory, found "hw/big.yaml" (no such file)`,
    );
  });

  it('missing required key: points at the mapping that lacks it', () => {
    expect(messageOf(['name: t', 'cluster:', '  nodes:', '    - name: cp-1', '      configured: true'])).toBe(
      `${FILE}:4:7: cluster.nodes[0].role: expected one of controlplane, worker, found no value`,
    );
  });

  it('an empty value: points at its key', () => {
    expect(messageOf([...CLUSTER, 'steps:', '  - at: 0s', '    bootstrap:'])).toBe(
      `${FILE}:12:5: steps[0].bootstrap: expected a mapping, found an empty value`,
    );
  });

  it('a node entry that is neither a node nor a group', () => {
    expect(messageOf([...CLUSTER, '    - cp-3'])).toBe(
      `${FILE}:10:7: cluster.nodes[3]: expected a node (\`name\`, \`role\`, ...) or a group (\`group\`, \`count\`, \`role\`, ...), found "cp-3"`,
    );
  });

  it('a group is checked as a group', () => {
    expect(messageOf([...CLUSTER, '    - group: w', '      count: 0', '      role: worker'])).toBe(
      `${FILE}:11:14: cluster.nodes[3].count: expected a number >= 1, found 0`,
    );
  });

  it('a node name used twice, once through a group', () => {
    expect(messageOf([...CLUSTER, '    - group: cp', '      count: 2', '      role: controlplane'])).toBe(
      `${FILE}:10:14: cluster.nodes[3].group: expected a node name not used before in the cluster, found "cp-1"`,
    );
  });

  it('a cluster without a control plane node', () => {
    expect(messageOf(['name: t', 'cluster:', '  nodes:', '    - name: w-1', '      role: worker'])).toBe(
      `${FILE}:4:5: cluster.nodes: expected at least one node with role controlplane, found only workers`,
    );
  });

  it('steps out of time order', () => {
    const lines = [...CLUSTER, 'steps:', '  - at: 6m', '    bootstrap: { node: cp-1 }', '  - at: 5m', '    bootstrap: { node: cp-1 }'];
    expect(messageOf(lines)).toBe(
      `${FILE}:13:9: steps[1].at: expected a time at or after the previous step's (6m); steps are in time order, found "5m"`,
    );
  });

  it('a step after the end of the run', () => {
    const lines = [...CLUSTER, 'duration: 5m', 'steps:', '  - at: 6m', '    bootstrap: { node: cp-1 }'];
    expect(messageOf(lines)).toBe(`${FILE}:12:9: steps[0].at: expected a time within the run's duration (5m), found "6m"`);
  });

  it('an expectation with two time keys', () => {
    const lines = [...CLUSTER, 'expect:', '  - at: 1m', '    by: 2m', '    ready: true'];
    expect(messageOf(lines)).toBe(`${FILE}:12:5: expect[0].by: expected exactly one of at, by, throughout, within, found at and by`);
  });

  it('an expectation with two node selectors', () => {
    const lines = [...CLUSTER, 'expect:', '  - at: 1m', '    node: cp-1', '    role: worker', '    ready: true'];
    expect(messageOf(lines)).toBe(`${FILE}:13:5: expect[0].role: expected at most one node selector (node, nodes, role, all), found node and role`);
  });

  it('an expectation with nothing to check', () => {
    expect(messageOf([...CLUSTER, 'expect:', '  - at: 1m', '    node: cp-1'])).toMatch(
      new RegExp(`^${FILE}:11:5: expect\\[0\\]: expected at least one check \\(stage, ready, .*\\), found none$`),
    );
  });

  it('a throughout window that ends before it starts', () => {
    const lines = [...CLUSTER, 'expect:', '  - throughout: { from: 5m, until: 2m }', '    ready: true'];
    expect(messageOf(lines)).toBe(`${FILE}:11:36: expect[0].throughout.until: expected a time after from (5m), found "2m"`);
  });

  it('reports the mistake written earliest when there are several', () => {
    const lines = [...CLUSTER, 'steps:', '  - at: 0s', '    bootstrap: { node: cp-9 }', '  - at: 1m', '    reboot: { node: w-1, mode: hard }'];
    lines[4] = '      role: controlplan';
    expect(messageOf(lines)).toBe(`${FILE}:5:13: cluster.nodes[0].role: expected one of controlplane, worker, found "controlplan"`);
  });

  it('a scenario file that does not exist', () => {
    const path = fileURLToPath(new URL('./fixtures/no-such-scenario.yaml', import.meta.url));
    expect(() => loadScenarioFile(path)).toThrow(new ScenarioError({ file: path, line: 1, column: 1 }, '', 'a readable scenario file', 'no such file'));
  });
});
