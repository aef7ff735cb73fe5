// `talsim lint` results and their printed form: decoder errors with a hint, validation errors,
// Talos warnings and no-effect warnings, each at file:line:col.
import { describe, expect, it } from 'vitest';
import { formatDiagnostics, lintConfig } from '../../nodes/config/index.ts';
import { WORKER_YAML, edit } from './fixtures.ts';

const lineOf = (text: string, fragment: string): number => text.split('\n').findIndex((line) => line.includes(fragment)) + 1;

describe('lintConfig', () => {
  it('finds nothing in a clean worker config for a machine that has its NIC and disk', () => {
    expect(lintConfig(WORKER_YAML, { file: 'worker.yaml', nicNames: ['eth0'], diskNames: ['/dev/sda'] })).toEqual({ errors: [], warnings: [] });
  });

  it('prints a worker-only warning like the CLI will', () => {
    const text = `${WORKER_YAML}    apiServer:\n        image: registry.k8s.io/kube-apiserver:v1.33.0\n`;
    const result = lintConfig(text, { file: 'worker.yaml' });
    expect(formatDiagnostics(result, 'worker.yaml')).toBe(
      `worker.yaml:${lineOf(text, 'apiServer:')}:5: warning: cluster.apiServer: has no effect on a worker node; fix: move it to the control plane config\n`,
    );
  });

  it('reports a decoder error with a hint for misplaced node labels', () => {
    const text = edit(WORKER_YAML, '        disableManifestsDirectory: true\n', '        disableManifestsDirectory: true\n        nodeLabels:\n            pool: blue\n');
    const result = lintConfig(text, { file: 'worker.yaml' });
    expect(result.warnings).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({
      path: 'machine.kubelet.nodeLabels', line: lineOf(text, 'nodeLabels:'), column: 9, fix: 'node labels go under machine.nodeLabels',
    });
    expect(formatDiagnostics(result, 'worker.yaml')).toBe(
      `worker.yaml:${lineOf(text, 'nodeLabels:')}:9: error: machine.kubelet.nodeLabels: error decoding document /v1alpha1/ (line 1): unknown keys found during decoding:\n` +
        '    machine:\n        kubelet:\n            nodeLabels:\n                pool: blue; fix: node labels go under machine.nodeLabels\n',
    );
  });

  it('reports every validation error at its field', () => {
    const text = edit(
      edit(WORKER_YAML, 'endpoint: https://10.5.0.2:6443', 'endpoint: https://:6443'),
      '    network: {}\n',
      '    network:\n        interfaces:\n            - interface: eth0\n              addresses: [10.5.0.300/24]\n',
    );
    const result = lintConfig(text, { file: 'worker.yaml' });
    expect(result.errors.map((diagnostic) => [diagnostic.line, diagnostic.message])).toEqual([
      [lineOf(text, 'addresses:'), '[networking.os.device.addresses] "eth0": invalid CIDR address: 10.5.0.300/24'],
      [lineOf(text, 'endpoint:'), 'invalid controlplane endpoint: hostname must not be blank'],
    ]);
  });

  it('checks the install disk against the machine for the emulated release', () => {
    const text = edit(WORKER_YAML, 'disk: /dev/sda', 'disk: /dev/sdx');
    const old = lintConfig(text, { file: 'w.yaml', diskNames: ['/dev/sda'], talosVersion: 'v1.8.0' });
    expect(old.errors.map((diagnostic) => diagnostic.message)).toEqual(['specified install disk does not exist: "/dev/sdx"']);
    const current = lintConfig(text, { file: 'w.yaml', diskNames: ['/dev/sda'] });
    expect(current.errors).toEqual([]);
    expect(current.warnings.map((diagnostic) => [diagnostic.line, diagnostic.message, diagnostic.fix])).toEqual([
      [lineOf(text, 'disk: /dev/sdx'), 'install disk does not exist on this machine: the install task fails with "lstat /dev/sdx: no such file or directory"', 'use one of: /dev/sda'],
    ]);
  });

  it('includes Talos own validation warnings', () => {
    const text = edit(WORKER_YAML, 'type: worker', 'type: join');
    expect(lintConfig(text, { file: 'w.yaml' }).warnings.map((diagnostic) => [diagnostic.path, diagnostic.message])).toEqual([
      ['machine.type', 'use "worker" instead of "join" for machine type'],
    ]);
  });

  it('reports malformed YAML at its position', () => {
    const result = lintConfig('machine:\n  type: [worker\n', { file: 'bad.yaml' });
    expect(formatDiagnostics(result, 'bad.yaml')).toMatch(/^bad\.yaml:3:1: error: decode error: yaml: line 3, column 1: /);
  });
});
