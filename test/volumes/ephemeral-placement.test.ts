// EPHEMERAL placed on another disk by a VolumeConfig EPHEMERAL selector: the disk that fills up
// (fault ephemeral-full), what kubelet reports as ephemeral-storage capacity and DiskPressure, and
// what `talosctl reset` wipes (the system disk and EPHEMERAL's disk; only the labels asked for;
// user disks), with Talos's texts for the requests it refuses. A control node keeps EPHEMERAL on
// its system disk, so each check could come out the other way.
import { describe, expect, it } from 'vitest';
import { advance, bootedCluster, nodesTarget, on, waitFor } from '../faults/fault-harness.ts';
import { reset } from '../../nodes/node-commands.ts';
import { ephemeralDisk } from '../../nodes/controllers/volume-controller.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import { nodeObject, type KubeObject } from '../../sim/kube-api/objects.ts';
import type { SimCluster } from '../../sim/cluster/cluster.ts';

const GiB = 1024 ** 3;

/** cp-1, worker-1 (system disk only) and data-1 (bare-metal: sda SSD, sdb HDD) with EPHEMERAL on sdb, 100 GiB. */
function clusterWithEphemeralOnSdb() {
  return bootedCluster({
    controlPlanes: 1,
    extraNodesYaml: [
      '    - name: data-1',
      '      role: worker',
      '      hardware: bare-metal',
      '      patches:',
      '        - |',
      '          apiVersion: v1alpha1',
      '          kind: VolumeConfig',
      '          name: EPHEMERAL',
      '          provisioning:',
      '            diskSelector:',
      '              match: disk.rotational',
      '            maxSize: 100GiB',
    ].join('\n'),
  });
}

function kubeNode(cluster: SimCluster, name: string) {
  const world = cluster.world;
  const registered = world.kubernetes.nodes.get(cluster.node(name).hostname())!;
  return nodeObject(world.kubernetes, registered, { nowMs: () => world.kernel.now, epochWallMs: () => world.epochWallMs }) as KubeObject & {
    status: { capacity: Record<string, string>; conditions: Array<{ type: string; status: string }> };
  };
}

const diskPressure = (cluster: SimCluster, name: string) => kubeNode(cluster, name).status.conditions.find((condition) => condition.type === 'DiskPressure')?.status;
const labels = (cluster: SimCluster, node: string, disk: string) => cluster.node(node).disks.find((candidate) => candidate.name === disk)!.partitions.map((partition) => partition.label);

describe('EPHEMERAL on a data disk', () => {
  it('kubelet reports the size of EPHEMERAL on sdb as ephemeral-storage; the control node reports its system disk partition', () => {
    const { cluster } = clusterWithEphemeralOnSdb();
    const data = cluster.node('data-1');
    expect(ephemeralDisk(data)?.name).toBe('sdb');
    expect(labels(cluster, 'data-1', 'sdb')).toEqual(['EPHEMERAL']);
    expect(labels(cluster, 'data-1', 'sda')).not.toContain('EPHEMERAL');
    expect(kubeNode(cluster, 'data-1').status.capacity['ephemeral-storage']).toBe(`${(100 * GiB) / 1024}Ki`);
    const worker = cluster.node('worker-1');
    expect(ephemeralDisk(worker)).toBe(worker.systemDisk());
    const systemEphemeral = worker.systemDisk()!.partitions.find((partition) => partition.label === 'EPHEMERAL')!;
    expect(kubeNode(cluster, 'worker-1').status.capacity['ephemeral-storage']).toBe(`${systemEphemeral.sizeBytes / 1024}Ki`);
  });

  it('ephemeral-full fills sdb (not the system disk): DiskPressure on the node, kubelet unhealthy; healed, ready again', () => {
    const { cluster, faults } = clusterWithEphemeralOnSdb();
    const data = cluster.node('data-1');
    const id = faults.inject('ephemeral-full', nodesTarget('data-1'));
    expect(data.disks.map((disk) => `${disk.name}:${disk.faults.ephemeralFull}`)).toEqual(['sda:false', 'sdb:true']);
    waitFor(cluster, { nodes: on('data-1'), ready: false, unmetCondition: { name: 'services', reasonContains: 'kubelet not healthy' } }, 10_000);
    expect(diskPressure(cluster, 'data-1')).toBe('True');
    expect(diskPressure(cluster, 'worker-1')).toBe('False');
    faults.heal(id);
    waitFor(cluster, { nodes: on('data-1'), stage: 'running', ready: true }, 60_000);
    expect(diskPressure(cluster, 'data-1')).toBe('False');
  });
});

describe('talosctl reset with EPHEMERAL on a data disk', () => {
  it('a plain reset wipes every system disk: sda and the sdb EPHEMERAL was on', () => {
    const { cluster } = clusterWithEphemeralOnSdb();
    const data = cluster.node('data-1');
    reset(data, { graceful: false, reboot: true });
    waitFor(cluster, () => data.logs.contains('machined', 'wiping system disk /dev/sdb'), 60_000, 'the wipe');
    expect(data.logs.contains('machined', 'wiping system disk /dev/sda')).toBe(true);
    expect(labels(cluster, 'data-1', 'sda')).toEqual([]);
    expect(labels(cluster, 'data-1', 'sdb')).toEqual([]);
    expect(data.installed).toBe(false);
  });

  it('--system-labels-to-wipe EPHEMERAL drops EPHEMERAL from sdb only; the node keeps its config and provisions it again', () => {
    const { cluster } = clusterWithEphemeralOnSdb();
    const data = cluster.node('data-1');
    reset(data, { graceful: false, reboot: true, systemLabelsToWipe: ['EPHEMERAL'] });
    waitFor(cluster, () => data.logs.contains('machined', 'successfully reset system disk by the spec'), 60_000, 'the wipe');
    expect(data.logs.contains('machined', 'wiping volume "EPHEMERAL" (/dev/sdb1)')).toBe(true);
    expect(data.logs.contains('machined', 'dropping partition 1 from device "/dev/sdb"')).toBe(true);
    expect(data.logs.contains('machined', 'wiping system disk')).toBe(false);
    expect(labels(cluster, 'data-1', 'sda')).toEqual(['EFI', 'BIOS', 'BOOT', 'META', 'STATE']);
    waitFor(cluster, { nodes: on('data-1'), stage: 'running', ready: true }, 10 * 60_000, 'data-1 back');
    expect(data.config).toBeDefined();
    expect(labels(cluster, 'data-1', 'sdb')).toEqual(['EPHEMERAL']);
    expect(data.resources.get<{ phase: string; location: string }>('runtime', RT.volumeStatus, 'EPHEMERAL')!.spec).toMatchObject({ phase: 'ready', location: '/dev/sdb1' });
  });

  it('--system-labels-to-wipe STATE loses the config: the node comes back in maintenance, Talos still installed', () => {
    const { cluster } = clusterWithEphemeralOnSdb();
    const data = cluster.node('data-1');
    reset(data, { graceful: false, reboot: true, systemLabelsToWipe: ['STATE'] });
    waitFor(cluster, () => data.logs.contains('machined', 'successfully reset system disk by the spec'), 60_000, 'the wipe');
    advance(cluster, 3 * 60_000);
    expect(data.config).toBeUndefined();
    expect(data.installed).toBe(true);
    expect(labels(cluster, 'data-1', 'sdb')).toEqual(['EPHEMERAL']);
  });

  it('refuses what Talos refuses, with its texts, and starts nothing', () => {
    const { cluster } = clusterWithEphemeralOnSdb();
    const data = cluster.node('data-1');
    const attempt = (options: Parameters<typeof reset>[1]) => {
      try {
        reset(data, options);
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(attempt({ graceful: false, reboot: true, systemLabelsToWipe: ['DATA'] }))
      .toBe('failed to get volume status with label "DATA": resource VolumeStatuses.block.talos.dev(runtime/DATA@undefined) doesn\'t exist');
    expect(attempt({ graceful: false, reboot: true, wipeMode: 'user-disks', systemLabelsToWipe: ['STATE'] }))
      .toBe("reset failed: invalid input, wipe mode USER_DISKS doesn't support SystemPartitionsToWipe parameter");
    expect(attempt({ graceful: false, reboot: true, wipeMode: 'system-disk', userDisksToWipe: ['/dev/sdb'] }))
      .toBe("reset failed: invalid input, wipe mode SYSTEM_DISK doesn't support UserDisksToWipe parameter");
    expect(attempt({ graceful: false, reboot: true, userDisksToWipe: ['/dev/sda'] })).toBe('reset user disk failed: device /dev/sda is the system disk');
    expect(attempt({ graceful: false, reboot: true, userDisksToWipe: ['/dev/sdc'] })).toBe("reset user disk failed: device /dev/sdc wasn't found");
    advance(cluster, 30_000);
    expect(data.lifecycleState()).toBe('running');
  });

  it('--wipe-mode user-disks wipes only the named disk: here the disk EPHEMERAL is on, so /var is gone but the system disk is whole', () => {
    const { cluster } = clusterWithEphemeralOnSdb();
    const data = cluster.node('data-1');
    reset(data, { graceful: false, reboot: true, wipeMode: 'user-disks', userDisksToWipe: ['/dev/sdb'] });
    waitFor(cluster, () => data.logs.contains('machined', 'wiping user disk /dev/sdb'), 60_000, 'the wipe');
    expect(labels(cluster, 'data-1', 'sda')).toEqual(['EFI', 'BIOS', 'BOOT', 'META', 'STATE']);
    expect(labels(cluster, 'data-1', 'sdb')).toEqual([]);
    expect(data.config).toBeDefined();
  });
});
