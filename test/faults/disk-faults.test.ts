// Disk faults through etcd, the apply path, kubelet/containerd and the installer: slow fsyncs slow
// etcd and config persistence; a read-only or failing disk fails the apply's write to STATE; a full
// EPHEMERAL shows as disk pressure and `no space left on device`; a missing or too-small install
// disk fails the install with Talos's text.
import { describe, expect, it } from 'vitest';
import { advance, bootedCluster, newCluster, nodesTarget, on, waitFor } from './fault-harness.ts';
import { applyConfiguration, type ApplyReply, type PendingOperation } from '../../nodes/node-commands.ts';
import { applyPatches } from '../../sim/cluster/cluster.ts';
import { faultRegistryOf } from '../../sim/faults/active-faults.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import type { SimCluster } from '../../sim/cluster/cluster.ts';

/** Applies a node-label patch to `node` and runs the kernel until the apply is answered. */
function applyLabel(cluster: SimCluster, node: string): PendingOperation<ApplyReply> {
  const target = cluster.node(node);
  const text = applyPatches(target.config!.text, [{ machine: { nodeLabels: { zone: 'a' } } }], target.talosVersion);
  const operation = applyConfiguration(target, { data: text, mode: 'auto', dryRun: false });
  waitFor(cluster, () => operation.done, 60_000, 'apply answered');
  return operation;
}

/** Powers on a cluster with an unconfigured node `spare` and applies the generated worker config to it. */
function installSpare(inject: (cluster: SimCluster) => void): { cluster: SimCluster; error: string | undefined } {
  const cluster = newCluster({ controlPlanes: 1, workers: 0, extraNodesYaml: '    - { name: spare, role: worker, configured: false }' });
  inject(cluster);
  cluster.powerOnAll();
  waitFor(cluster, { nodes: on('spare'), stage: 'maintenance' }, 120_000);
  const spare = cluster.node('spare');
  const operation = applyConfiguration(spare, { data: cluster.configTextFor(cluster.planOf('spare')!), mode: 'auto', dryRun: false });
  waitFor(cluster, () => operation.done, 60_000, 'apply answered');
  advance(cluster, 60_000);
  return { cluster, error: operation.error?.message };
}

describe('disk faults', () => {
  it('disk-slow: 6 s fsyncs on every control plane fail etcd health; a slow worker disk slows the apply', () => {
    const { cluster, faults } = bootedCluster();
    const etcdSlow = faults.inject('disk-slow', { kind: 'nodes', nodes: { kind: 'role', role: 'controlplane' } }, { extraFsyncLatencyMs: 6_000 });
    expect(cluster.world.etcd.commitLatencyMs()).toBeGreaterThan(6_000);
    waitFor(cluster, { nodes: on('cp-2'), service: { id: 'etcd', healthy: false } }, 30_000);
    faults.heal(etcdSlow);
    waitFor(cluster, { nodes: on('cp-2'), service: { id: 'etcd', healthy: true } }, 30_000);
    faults.inject('disk-slow', nodesTarget('worker-1'), { extraFsyncLatencyMs: 500 });
    const startMs = cluster.world.kernel.now;
    expect(applyLabel(cluster, 'worker-1').error).toBeUndefined();
    expect(cluster.world.kernel.now - startMs).toBeGreaterThanOrEqual(1_500);
  });

  it('disk-read-only: the Disks resource says readonly and an apply fails to persist', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    const id = faults.inject('disk-read-only', nodesTarget('worker-1'));
    advance(cluster, 100);
    expect(cluster.node('worker-1').resources.get<{ readonly: boolean }>('runtime', RT.disk, 'sda')!.spec.readonly).toBe(true);
    const config = cluster.node('worker-1').config!.text;
    expect(applyLabel(cluster, 'worker-1').error?.message).toBe('failed to write config: write /system/state/config.yaml: read-only file system');
    expect(cluster.node('worker-1').config!.text).toBe(config);
    faults.heal(id);
    expect(applyLabel(cluster, 'worker-1').error).toBeUndefined();
  });

  it('disk-write-errors: with every write failing, an apply fails with an I/O error', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    faults.inject('disk-write-errors', nodesTarget('worker-1'), { writeErrorRatio: 1 });
    expect(applyLabel(cluster, 'worker-1').error?.message).toBe('failed to write config: write /system/state/config.yaml: input/output error');
  });

  it('ephemeral-full: kubelet reports disk pressure, containerd logs no space left on device; healed, the node is ready', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    const id = faults.inject('ephemeral-full', nodesTarget('worker-1'));
    waitFor(cluster, { nodes: on('worker-1'), ready: false, unmetCondition: { name: 'services', reasonContains: 'kubelet not healthy' } }, 10_000);
    expect(cluster.node('worker-1').services.records.get('kubelet')!.health.lastMessage).toBe('Health check failed: kubelet has disk pressure');
    expect(cluster.node('worker-1').logs.contains('cri', 'no space left on device')).toBe(true);
    faults.heal(id);
    waitFor(cluster, { nodes: on('worker-1'), stage: 'running', ready: true }, 60_000);
  });

  it('install-disk-missing: the disk leaves the Disks resources and the install fails with Talos\'s text', () => {
    const { cluster, error } = installSpare((c) => faultRegistryOf(c).inject('install-disk-missing', nodesTarget('spare')));
    const spare = cluster.node('spare');
    expect(spare.resources.get('runtime', RT.disk, 'sda')).toBeUndefined();
    const text = 'specified install disk does not exist: "/dev/sda"';
    expect(`${error ?? ''}\n${spare.logs.lines('machined').map((l) => l.text).join('\n')}`).toContain(text);
    expect(spare.installed).toBe(false);
  });

  it('install-disk-too-small: the disk reports 4 GiB and the install fails to create partitions', () => {
    const { cluster, error } = installSpare((c) => faultRegistryOf(c).inject('install-disk-too-small', nodesTarget('spare')));
    const spare = cluster.node('spare');
    expect(spare.resources.get<{ size: number }>('runtime', RT.disk, 'sda')!.spec.size).toBe(4 * 1024 ** 3);
    const seen = `${error ?? ''}\n${spare.logs.lines('machined').map((l) => l.text).join('\n')}`;
    expect(seen).toMatch(/too small|disk size/);
    expect(spare.installed).toBe(false);
  });
});
