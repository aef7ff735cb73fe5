// The wipe phase of a reset, as Talos's ResetSystemDisk, ResetSystemDiskSpec and ResetUserDisks
// tasks do it (v1alpha1_sequencer_tasks.go at v1.13.9): with no partition labels, every system
// disk is wiped whole: the disk Talos is installed on and the disks STATE and EPHEMERAL are on
// (GetSystemDiskPaths), so an EPHEMERAL placed on a data disk goes too. With labels, only those
// partitions are wiped and dropped from their disk's partition table (STATE takes the config with
// it, EPHEMERAL the images and etcd's data, and a full /var is empty again; the volume manager
// provisions them again at boot). User disks named in the request are wiped whole.
// Leaves out: the META tag of STATE encryption, kexec when BOOT is kept, wipe failures; STATE and
// META keep their table entries (blanked) since talsim has no provisioning for them.
import type { NodeContext } from './node-context.ts';
import type { TaskContext } from './sequences/sequencer.ts';
import type { Disk } from './devices/disk.ts';

/** The system disk and every disk holding STATE or EPHEMERAL, in device order. */
export function systemDiskPaths(node: NodeContext): Disk[] {
  const system = node.systemDisk();
  return node.disks.filter((disk) => disk.present && (disk === system || disk.partitions.some((partition) => partition.label === 'STATE' || partition.label === 'EPHEMERAL')));
}

export function wipeForReset(node: NodeContext, context: TaskContext): void {
  const targets = node.status.resetTargets;
  if (targets.systemDisks) {
    for (const disk of systemDiskPaths(node)) {
      context.log(`wiping system disk ${disk.devPath}`);
      disk.wipe();
    }
    node.world.etcd.wipeData(node.name);
    node.status.systemDiskWiped();
  }
  if (targets.systemLabels.length > 0) {
    for (const label of targets.systemLabels) wipePartition(node, context, label);
    context.log('successfully reset system disk by the spec');
  }
  for (const path of targets.userDisks) {
    const disk = node.disks.find((candidate) => candidate.devPath === path);
    context.log(`wiping user disk ${path}`);
    disk?.wipe();
  }
}

function wipePartition(node: NodeContext, context: TaskContext, label: string): void {
  for (const disk of node.disks) {
    const partition = disk.partitions.find((candidate) => candidate.label === label);
    if (partition === undefined) continue;
    context.log(`wiping volume "${label}" (${disk.partitionPath(partition.index)})`);
    context.log(`dropping partition ${partition.index} from device "${disk.devPath}"`);
    if (label === 'STATE' || label === 'META') {
      // Talos provisions them again in the same place; talsim keeps the entry, blank.
      partition.filesystem = label === 'META' ? 'talosmeta' : 'none';
      partition.encryption = undefined;
    } else {
      disk.partitions = disk.partitions.filter((candidate) => candidate !== partition);
    }
    if (label === 'STATE') node.status.stateWiped();
    if (label === 'EPHEMERAL') {
      disk.faults.ephemeralFull = false;
      node.world.etcd.wipeData(node.name);
      node.status.ephemeralWiped();
    }
    return;
  }
}
