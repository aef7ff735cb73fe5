// block.DisksController and block.DevicesController in miniature: one `Disks` resource per
// present disk and one `BlockDevices` resource per disk and partition.
import type { ControllerContext } from './controller-context.ts';
import { RT } from '../resources/resource-types.ts';

/** What it reads: each disk's presence, writability and partition table, and which is the system disk. */
export function hardwareInputs(node: ControllerContext): unknown[] {
  const inputs: unknown[] = [node.systemDisk()];
  for (const disk of node.disks) inputs.push(disk.present, disk.writable, disk.partitions, disk.partitions.length);
  return inputs;
}

export function hardwareController(node: ControllerContext): void {
  const keepDisks = new Set<string>();
  const keepDevices = new Set<string>();
  const system = node.systemDisk();
  for (const disk of node.disks) {
    if (!disk.present) continue;
    keepDisks.add(disk.name);
    node.resources.put('runtime', RT.disk, disk.name, {
      dev_path: disk.devPath,
      size: disk.profile.sizeBytes,
      pretty_size: disk.prettySize(),
      io_size: 512,
      sector_size: 512,
      readonly: !disk.writable,
      cdrom: false,
      model: disk.profile.model,
      serial: disk.profile.serial,
      wwid: disk.profile.wwid,
      bus_path: `/pci0000:00/0000:00:0${2 + node.disks.indexOf(disk)}.0/virtio${node.disks.indexOf(disk)}`,
      sub_system: '/sys/class/block',
      transport: disk.profile.transport,
      rotational: disk.profile.rotational,
      symlinks: [`/dev/disk/by-id/wwn-0x${disk.profile.wwid.replace(/^naa\./, '')}`],
    });
    keepDevices.add(disk.name);
    node.resources.put('runtime', RT.blockDevice, disk.name, { type: 'disk', major: 8, minor: 0, generation: 1 });
    disk.partitions.forEach((partition) => {
      const id = disk.partitionPath(partition.index).replace('/dev/', '');
      keepDevices.add(id);
      node.resources.put('runtime', RT.blockDevice, id, {
        type: 'partition',
        parent: disk.name,
        partitionName: partition.label,
        partitionNumber: partition.index,
        generation: 1,
        systemDisk: disk === system,
      });
    });
  }
  node.resources.prune('runtime', RT.disk, keepDisks);
  node.resources.prune('runtime', RT.blockDevice, keepDevices);
}
