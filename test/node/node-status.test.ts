// A node's status (config, install, this boot's facts, kubelet's state) is read-only from outside
// and changes only through NodeStatus's named writers: an assignment throws, and the writers keep
// Talos's rules (a staged config and an upgraded version take effect at the next kernel start).
// The source check makes "who sets X" a one-grep question: no file but node-status.ts assigns it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { NodeStatus, type ActiveConfig } from '../../nodes/node-status.ts';
import { bootCluster, testClusterPlan } from '../api/harness.ts';
import { sourceFiles } from '../architecture/import-graph.ts';

const FIELDS = ['talosVersion', 'installedVersion', 'installed', 'installedKernelArgs', 'bootedKernelArgs', 'pendingUpgradeImage', 'config', 'stagedConfig',
  'timeSynced', 'volumesMounted', 'bootId', 'bootStartedMs', 'bootstrapRequested', 'resetPowersOff', 'pulledImages', 'kube'];

describe('node status', () => {
  it('refuses assignment from outside, on the status and on the node', () => {
    const cluster = new SimCluster(testClusterPlan({ controlPlanes: 1, workers: 0 }), { seed: 'status' });
    bootCluster(cluster);
    const node = cluster.node('cp-1') as unknown as Record<string, unknown> & { status: Record<string, unknown> };
    for (const field of FIELDS) expect(() => { node.status[field] = node.status[field]; }, field).toThrow(TypeError);
    for (const field of ['talosVersion', 'config', 'installed', 'timeSynced', 'bootId', 'bootStartedMs']) {
      expect(() => { node[field] = node[field]; }, field).toThrow(TypeError);
    }
  });

  it('a staged config, an upgrade and the installed kernel arguments take effect at the next kernel start', () => {
    const first: ActiveConfig = { text: 'a', object: {} };
    const second: ActiveConfig = { text: 'b', object: {} };
    const status = new NodeStatus('v1.12.0', first, true, ['a=1']);
    expect([status.installedVersion, status.installedKernelArgs, status.bootedKernelArgs]).toEqual(['v1.12.0', ['a=1'], []]);
    status.stageConfig(second);
    status.upgradeArtifactsWritten('v1.13.9', ['b=2']);
    status.markTimeSynced();
    expect([status.config, status.talosVersion, status.timeSynced]).toEqual([first, 'v1.12.0', true]);
    status.kernelStarted('boot-2', 1_000);
    expect([status.config, status.stagedConfig, status.talosVersion, status.bootedKernelArgs, status.timeSynced, status.bootId, status.bootStartedMs])
      .toEqual([second, undefined, 'v1.13.9', ['b=2'], false, 'boot-2', 1_000]);
    status.systemDiskWiped();
    expect([status.config, status.installed, status.installedVersion]).toEqual([undefined, false, undefined]);
  });

  it('no source file but node-status.ts assigns a status field', () => {
    const assignment = new RegExp(`\\.(?:${FIELDS.join('|')})(?:\\.\\w+)?\\s*(?:=(?![=>])|\\+\\+|\\+=|-=)`);
    const offenders: string[] = [];
    for (const file of [...sourceFiles('nodes'), ...sourceFiles('sim')]) {
      if (file.endsWith('node-status.ts')) continue;
      readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
        if (/\b(node|this\.node|host|target|member|worker)\.(status\.)?/.test(line) && assignment.test(line)) offenders.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
