// Fault `install-disk-too-small`: the install disk of each target node is smaller than Talos needs
// (its reported size shrinks to `sizeBytes`). The `Disks` resource shows the new size and an
// install fails to create partitions (`disk /dev/sda is too small`).
import { z } from 'zod';
import { defineFaultKind, overwriteField, restoreFields } from './fault-kind.ts';
import { diskOf } from './fault-targets.ts';

export const installDiskTooSmall = defineFaultKind({
  kind: 'install-disk-too-small',
  description: 'The install disk of each target node is too small for Talos (its size shrinks): install fails to create partitions.',
  targets: 'nodes',
  options: z.strictObject({
    disk: z.string().min(1).optional().meta({ description: 'Disk name, e.g. `sda`. Default: the system disk.' }),
    sizeBytes: z.number().int().min(0).max(1024 ** 5).default(4 * 1024 ** 3).meta({ description: 'The disk size it reports, bytes. Default 4 GiB (Talos needs 5 GiB).' }),
  }),
  inject(_cluster, targets, options) {
    const disks = targets.nodes.map((node) => diskOf('install-disk-too-small', node, options.disk));
    return overwriteField(disks.map((disk) => disk.profile), 'sizeBytes', options.sizeBytes);
  },
  heal(_cluster, _targets, handle) {
    restoreFields(handle);
  },
});
