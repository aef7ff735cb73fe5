// "Accepted but has no effect" findings: each with a case that triggers it and one that must not.
import { describe, expect, it } from 'vitest';
import { noEffectDiagnostics, parseConfig, type Diagnostic } from '../../nodes/config/index.ts';
import { CONTROLPLANE_YAML, WORKER_YAML, edit } from './fixtures.ts';

function diagnose(text: string, nicNames?: string[], talosVersion?: string): Diagnostic[] {
  return noEffectDiagnostics(parseConfig(text, { talosVersion }), { nicNames });
}

const lineOf = (text: string, fragment: string): number => text.split('\n').findIndex((line) => line.includes(fragment)) + 1;

describe('control plane sections in a worker config', () => {
  const workerWithApiServer = `${WORKER_YAML}    apiServer:\n        extraArgs:\n            audit-log-maxage: "30"\n    inlineManifests:\n        - name: cni\n          contents: "---"\n`;

  it('warns at the section, with the fix', () => {
    const diagnostics = diagnose(workerWithApiServer);
    expect(diagnostics).toEqual([
      {
        severity: 'warning', path: 'cluster.apiServer', line: lineOf(workerWithApiServer, 'apiServer:'), column: 5,
        message: 'has no effect on a worker node', fix: 'move it to the control plane config',
      },
      {
        severity: 'warning', path: 'cluster.inlineManifests', line: lineOf(workerWithApiServer, 'inlineManifests:'), column: 5,
        message: 'has no effect on a worker node', fix: 'move it to the control plane config',
      },
    ]);
  });

  it('says nothing on a control plane node, nor for sections workers use', () => {
    expect(diagnose(CONTROLPLANE_YAML)).toEqual([]);
    expect(diagnose(WORKER_YAML)).toEqual([]);
  });

  it('covers the other control-plane-only sections and ignores empty ones', () => {
    const text = `${WORKER_YAML}    controllerManager:\n        image: x\n    scheduler:\n        image: y\n    proxy:\n        disabled: true\n    coreDNS:\n        disabled: true\n    extraManifests: [https://example.com/a.yaml]\n    allowSchedulingOnControlPlanes: true\n    adminKubeconfig: {}\n`;
    expect(diagnose(text).map((diagnostic) => diagnostic.path)).toEqual([
      'cluster.controllerManager', 'cluster.scheduler', 'cluster.proxy', 'cluster.coreDNS', 'cluster.extraManifests',
      'cluster.allowSchedulingOnControlPlanes',
    ]);
  });

  it('flags cluster.etcd only where Talos does not already reject it', () => {
    const text = `${WORKER_YAML}    etcd:\n        image: gcr.io/etcd-development/etcd:v3.5.16\n`;
    expect(diagnose(text).map((diagnostic) => diagnostic.path)).toEqual([]);
    expect(diagnose(text, undefined, 'v1.6.0').map((diagnostic) => diagnostic.path)).toEqual(['cluster.etcd']);
  });
});

describe('interfaces naming a link the machine does not have', () => {
  const withInterfaces = (interfaces: string) => edit(WORKER_YAML, '    network: {}\n', `    network:\n        interfaces:\n${interfaces}`);

  it('warns that the static address never appears', () => {
    const text = withInterfaces('            - interface: eth1\n              addresses: [10.5.0.7/24]\n');
    const [diagnostic] = diagnose(text, ['eth0']);
    expect(diagnostic.path).toBe('machine.network.interfaces[0].interface');
    expect(diagnostic.line).toBe(lineOf(text, '- interface: eth1'));
    expect(diagnostic.column).toBe(15);
    expect(diagnostic.message).toBe('interface "eth1" matches no network link of this machine (links: eth0): its addresses, routes and VIP never appear');
  });

  it('accepts existing links, links the config creates, and ignored ones', () => {
    const text = withInterfaces(
      '            - interface: eth0\n              dhcp: true\n' +
        '            - interface: bond0\n              bond:\n                  mode: active-backup\n                  interfaces: [eth0]\n' +
        '            - interface: dummy0\n              dummy: true\n' +
        '            - interface: eth9\n              ignore: true\n',
    );
    expect(diagnose(text, ['eth0'])).toEqual([]);
  });

  it('checks bond members too, and nothing without NIC names', () => {
    const text = withInterfaces('            - interface: bond0\n              bond:\n                  mode: active-backup\n                  interfaces: [eth0, eth5]\n');
    expect(diagnose(text, ['eth0']).map((diagnostic) => diagnostic.message)).toEqual([
      'bond member "eth5" matches no network link of this machine (links: eth0): it never joins "bond0"',
    ]);
    expect(diagnose(text)).toEqual([]);
  });
});

describe('version other than v1alpha1', () => {
  it('warns that Talos never checks it', () => {
    const [diagnostic] = diagnose(edit(WORKER_YAML, 'version: v1alpha1', 'version: v1alpha2'));
    expect(diagnostic).toMatchObject({ path: 'version', line: 1, column: 1, fix: 'set `version: v1alpha1`' });
    expect(diagnose(WORKER_YAML)).toEqual([]);
  });
});

describe('node labels outside machine.nodeLabels', () => {
  const kubelet = (extra: string) => edit(WORKER_YAML, '        disableManifestsDirectory: true\n', `        disableManifestsDirectory: true\n${extra}`);

  it('warns about kubelet --node-labels, which only apply at registration', () => {
    const text = kubelet('        extraArgs:\n            node-labels: topology.example.com/rack=r1\n');
    const diagnostics = diagnose(text);
    expect(diagnostics.map((diagnostic) => [diagnostic.path, diagnostic.fix])).toEqual([
      ['machine.kubelet.extraArgs.node-labels', 'move the labels to machine.nodeLabels'],
    ]);
    expect(diagnostics[0].line).toBe(lineOf(text, 'node-labels:'));
  });

  it('adds that the kubelet refuses restricted --node-labels', () => {
    const text = kubelet('        extraArgs:\n            node-labels: node-role.kubernetes.io/worker=,node.kubernetes.io/pool=a\n');
    expect(diagnose(text).map((diagnostic) => diagnostic.message)[1]).toBe(
      'the kubelet refuses to start with --node-labels in the kubernetes.io/k8s.io namespaces outside its allowed set: node-role.kubernetes.io/worker',
    );
  });

  it('warns about label fields in kubelet extraConfig', () => {
    const text = kubelet('        extraConfig:\n            nodeLabels:\n                a: b\n            serializeImagePulls: false\n');
    expect(diagnose(text).map((diagnostic) => [diagnostic.path, diagnostic.line, diagnostic.column])).toEqual([
      ['machine.kubelet.extraConfig.nodeLabels', lineOf(text, 'nodeLabels:'), 13],
    ]);
  });

  it('warns about restricted machine.nodeLabels on workers only', () => {
    const labels = '    nodeLabels:\n        node-role.kubernetes.io/worker: ""\n        example.com/pool: blue\n';
    const worker = edit(WORKER_YAML, '    network: {}\n', `    network: {}\n${labels}`);
    expect(diagnose(worker).map((diagnostic) => diagnostic.path)).toEqual(['machine.nodeLabels["node-role.kubernetes.io/worker"]']);
    const controlPlane = edit(CONTROLPLANE_YAML, '    network: {}\n', `    network: {}\n${labels}`);
    expect(diagnose(controlPlane)).toEqual([]);
  });
});
