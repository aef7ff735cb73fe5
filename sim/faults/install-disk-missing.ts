// Fault `install-disk-missing`: the disk a target node would install to is gone (unplugged, dead
// controller, a different device name on this hardware). It disappears from the `Disks` resources
// and an install fails with Talos's `specified install disk does not exist: "/dev/sda"`.
import { z } from 'zod';
import { defineFaultKind, overwriteField, restoreFields } from './fault-kind.ts';
import { diskOf } from './fault-targets.ts';

export const installDiskMissing = defineFaultKind({
  kind: 'install-disk-missing',
  description: 'The install disk of each target node is gone: install fails, the disk leaves the Disks resources.',
  targets: 'nodes',
  options: z.strictObject({
    disk: z.string().min(1).optional().meta({ description: 'Disk name, e.g. `sda`. Default: the system disk (the install disk, else the first disk).' }),
  }),
  inject(_cluster, targets, options) {
    const disks = targets.nodes.map((node) => diskOf('install-disk-missing', node, options.disk));
    return overwriteField(disks.map((disk) => disk.faults), 'missing', true);
  },
  heal(_cluster, _targets, handle) {
    restoreFields(handle);
  },
});
