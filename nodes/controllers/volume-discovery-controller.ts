// block.DiscoveryController in miniature: one DiscoveredVolume per present disk and partition, as
// blkid probes them: a disk with partitions reads as `gpt`, one formatted whole (a disk-type user
// volume) as its filesystem, a partition as its filesystem (`xfs`,
// `vfat`, `talosmeta`; BIOS and raw volumes are blank) with the filesystem label Talos gives it,
// the GPT partition label, type GUID, index and byte offset (partitions start at 1 MiB, packed in
// order). UUIDs are seeded per disk and partition. Leaves out sector-level probing detail
// (block/IO sizes beyond 512/4096), LUKS, ISO and swap signatures, and loop devices.
import { humanizeBytes } from '../go-format/humanize.ts';
import type { ControllerContext } from './controller-context.ts';
import { RT } from '../resources/resource-types.ts';

const MIB = 1024 * 1024;
/** GPT partition type GUIDs (EFI system, BIOS boot, Linux filesystem). */
const PARTITION_TYPES: Record<string, string> = {
  EFI: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b',
  BIOS: '21686148-6449-6e6f-744e-656564454649',
};
const LINUX_FILESYSTEM = '0fc63daf-8483-4772-8e79-3d69d8477de4';

/**
 * What it probes: each disk's presence and partition table (the array, its length and each
 * partition's filesystem, which the volume manager changes in place).
 */
export function volumeDiscoveryInputs(node: ControllerContext): unknown[] {
  const inputs: unknown[] = [];
  for (const disk of node.disks) {
    inputs.push(disk.present, disk.filesystem, disk.partitions, disk.partitions.length);
    for (const partition of disk.partitions) inputs.push(partition.filesystem);
  }
  return inputs;
}

export function volumeDiscoveryController(node: ControllerContext): void {
  const keep = new Set<string>();
  for (const disk of node.disks) {
    if (!disk.present) continue;
    const size = disk.profile.sizeBytes;
    keep.add(disk.name);
    node.resources.put('runtime', RT.discoveredVolume, disk.name, {
      dev_path: disk.devPath, type: 'disk', device_path: `/sys/devices/virtual/block/${disk.name}`, offset: 0, size, pretty_size: humanizeBytes(size), sector_size: 512, io_size: 512,
      ...(disk.partitions.length > 0 ? { name: 'gpt', uuid: node.random.child(`gpt/${disk.name}`).uuid(), probed_size: size }
        : disk.filesystem !== 'none' ? { name: disk.filesystem, uuid: node.random.child(`filesystem/${disk.name}`).uuid(), block_size: 4096, filesystem_block_size: 4096, probed_size: size }
          : { name: '' }),
    });
    let offset = MIB;
    for (const partition of disk.partitions) {
      const id = disk.partitionPath(partition.index).replace('/dev/', '');
      keep.add(id);
      const filesystem = partition.filesystem === 'none' ? '' : partition.filesystem;
      node.resources.put('runtime', RT.discoveredVolume, id, {
        dev_path: disk.partitionPath(partition.index),
        type: 'partition',
        device_path: `/sys/devices/virtual/block/${disk.name}/${id}`,
        parent: disk.name,
        parent_dev_path: disk.devPath,
        offset,
        size: partition.sizeBytes,
        pretty_size: humanizeBytes(partition.sizeBytes),
        sector_size: 512,
        io_size: 512,
        name: filesystem,
        ...(filesystem ? { uuid: node.random.child(`filesystem/${disk.name}/${partition.index}/${partition.label}`).uuid(), label: partition.label, block_size: 4096, filesystem_block_size: 4096, probed_size: partition.sizeBytes } : {}),
        partition_uuid: node.random.child(`partition/${disk.name}/${partition.index}`).uuid(),
        partition_type: PARTITION_TYPES[partition.label] ?? LINUX_FILESYSTEM,
        partition_label: partition.label,
        partition_index: partition.index,
      });
      offset += partition.sizeBytes;
    }
  }
  node.resources.prune('runtime', RT.discoveredVolume, keep);
}
