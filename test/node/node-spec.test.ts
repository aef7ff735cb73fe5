// The node's typed spec: derived once per config from the typed MachineConfig (the same object
// while the config is the same), with Talos's defaults, and a HostnameConfig document winning
// over machine.network.hostname. The node layer reads config only through it: outside
// nodes/config/ no file of nodes/ walks an untyped `Record<string, any>` or converts with
// `as unknown as`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { activeConfigFromText } from '../../nodes/config-bridge.ts';
import { nodeSpec } from '../../nodes/node-spec.ts';
import { testClusterPlan } from '../api/harness.ts';
import { sourceFiles } from '../architecture/import-graph.ts';

describe('node spec', () => {
  const cluster = new SimCluster(testClusterPlan({ controlPlanes: 1, workers: 1 }), { seed: 'spec' });

  it('is derived once per config, typed, with Talos defaults', () => {
    const controlPlane = cluster.node('cp-1');
    const spec = controlPlane.spec()!;
    expect(controlPlane.spec()).toBe(spec);
    expect([spec.machineType, spec.controlPlane, spec.hasEtcdCa]).toEqual(['controlplane', true, true]);
    expect(spec.timeServers).toEqual(['time.cloudflare.com']);
    expect(spec.kubeletImage).toMatch(/^ghcr\.io\/siderolabs\/kubelet:v\d/);
    expect(Object.isFrozen(spec.nodeLabels)).toBe(true);
    const worker = cluster.node('worker-1').spec()!;
    expect([worker.machineType, worker.controlPlane, worker.hasEtcdCa]).toEqual(['worker', false, false]);
  });

  it('reads the fields a node acts on, a HostnameConfig document first', () => {
    // The generated config names the node in a HostnameConfig document: left out here.
    const base = cluster.node('worker-1').config!.text.split(/^---\n/m).filter((document) => !/^kind: HostnameConfig$/m.test(document)).join('---\n');
    const text = base.replace(/^machine:\n/m, 'machine:\n    nodeLabels:\n        zone: a\n    nodeTaints:\n        dedicated: gpu:NoSchedule\n    network:\n        hostname: from-v1alpha1\n        nameservers: [10.0.0.53]\n');
    const withDocument = `${text.trimEnd()}\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nhostname: from-document\nauto: off\n`;
    const plain = nodeSpec(activeConfigFromText(text, 'v1.13.9'));
    expect(plain.nodeLabels).toEqual({ zone: 'a' });
    expect(plain.nodeTaints).toEqual([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    expect([plain.hostname, plain.networkHostname, plain.nameservers]).toEqual(['from-v1alpha1', 'from-v1alpha1', ['10.0.0.53']]);
    const documented = nodeSpec(activeConfigFromText(withDocument, 'v1.13.9'));
    expect([documented.hostname, documented.networkHostname]).toEqual(['from-document', 'from-v1alpha1']);
  });

  it('no node-layer file outside nodes/config/ reads config untyped', () => {
    const untyped = sourceFiles('nodes')
      .filter((file) => !file.startsWith('nodes/config/'))
      .filter((file) => /Record<string, any>|as unknown as/.test(readFileSync(file, 'utf8')));
    expect(untyped).toEqual([]);
  });
});
