// Inputs that used to end in a stack trace (exit 1) or a run of minutes (issue 11 item 6): each is
// now a ScenarioError at file:line:col naming the limit, and `talsim run` exits 2 on it at once.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScenarioError } from '../../sim/errors.ts';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { talsimInProcess } from '../report/cli-in-process.ts';

const FILE = 'absurd.yaml';
const FILES: Record<string, string> = { 'hw/broken.yaml': 'cpus: [1, 2\n', 'hw/huge.yaml': 'cpus: 4\ndisks:\n  - name: sda\n    size: 99999TiB\n' };
const readFile = (path: string) => {
  const text = FILES[path];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return text;
};

function messageOf(text: string): string {
  try {
    loadScenarioText(text, FILE, readFile);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error('expected the scenario to fail to load');
}

const oneNode = (extra = '', node = '') => `name: t\nseed: 1\n${extra}cluster:\n  nodes:\n    - name: cp-1\n      role: controlplane\n${node}`;

describe('absurd scenario inputs', () => {
  it('a Talos version that is not modelled', () => {
    expect(messageOf(oneNode().replace('cluster:\n', 'cluster:\n  talosVersion: v9.99.0\n'))).toBe(
      `${FILE}:4:17: cluster.talosVersion: expected a modelled Talos version, v1.8.x to v1.13.x, found "v9.99.0"`,
    );
  });

  it('a hardware profile that does not exist, a broken profile file, absurd overrides', () => {
    expect(messageOf(oneNode('', '      hardware: no-such-profile\n'))).toBe(
      `${FILE}:7:17: cluster.nodes[0].hardware: expected a usable hardware profile (profile: a bundled profile (default, small-vm, bare-metal, nvme, poweredge-r650) or a profile file), found "no-such-profile"`,
    );
    expect(messageOf(oneNode('', '      hardware: hw/broken.yaml\n'))).toMatch(/^absurd\.yaml:7:17: cluster\.nodes\[0\]\.hardware: expected a usable hardware profile \(a YAML mapping\), found a YAML error: /);
    expect(messageOf(oneNode('', '      hardware: hw/huge.yaml\n'))).toBe(
      `${FILE}:7:17: cluster.nodes[0].hardware: expected a usable hardware profile (disks[0].size: a size from 1048576 to 1125899906842624 bytes), found "99999TiB" in hw/huge.yaml`,
    );
    expect(messageOf(oneNode('', '      hardware: { profile: default, cpus: 1000000000 }\n'))).toBe(
      `${FILE}:7:43: cluster.nodes[0].hardware.cpus: expected a usable hardware profile (cpus: a whole number from 1 to 1024), found 1000000000`,
    );
    expect(messageOf(oneNode('', '      hardware: { profile: default, memoryMiB: 4096 }\n'))).toContain(
      'cluster.nodes[0].hardware.memoryMiB: expected a usable hardware profile (memoryMiB: one of the fields name, cpus, memory,',
    );
  });

  it('durations beyond a week of virtual time, wherever they are written', () => {
    expect(messageOf(oneNode('duration: 99999999h\n'))).toBe(`${FILE}:3:11: duration: expected a duration of at most 168h (7 days of virtual time), found "99999999h"`);
    const step = 'steps:\n  - at: 0s\n    wait-until: { node: cp-1, stage: running, timeout: 99999999h }\n';
    expect(messageOf(oneNode() + step)).toBe(`${FILE}:9:56: steps[0].wait-until.timeout: expected a duration of at most 168h (7 days of virtual time), found "99999999h"`);
  });

  it('node counts, fault option values and endpoints beyond their limits', () => {
    expect(messageOf(oneNode('', '    - group: w\n      role: worker\n      count: 100000\n'))).toBe(`${FILE}:9:14: cluster.nodes[1].count: expected a number <= 250, found 100000`);
    const fault = 'faults:\n  - name: lat\n    kind: network-latency\n    targets: { from: cp-1, to: client }\n    at: 0s\n    options: { latencyMs: 1e300 }\n';
    expect(messageOf(oneNode() + fault)).toBe(`${FILE}:12:27: faults[0].options.latencyMs: expected a number <= 600000, found 1e+300`);
    expect(messageOf(oneNode() + fault.replace('1e300', '{ min: 1, max: 1e12 }'))).toBe(`${FILE}:12:42: faults[0].options.latencyMs.max: expected a number <= 600000, found 1000000000000`);
    expect(messageOf(oneNode().replace('cluster:\n', 'cluster:\n  endpoint: https://x:99999\n'))).toBe(
      `${FILE}:4:13: cluster.endpoint: expected an https URL with a port from 1 to 65535, like https://10.5.0.2:6443, found "https://x:99999"`,
    );
  });

  it('talsim run exits 2 with the position, without running anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-absurd-'));
    const file = join(dir, 'v9.yaml');
    writeFileSync(file, oneNode().replace('cluster:\n', 'cluster:\n  talosVersion: v9.99.0\n'));
    const run = await talsimInProcess('run', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:4:17: cluster.talosVersion`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
