// Fault `disk-read-only`: one disk of each target node turns read-only (the kernel remounted it
// after I/O errors, a write-protect switch). The `Disks` resource says `readonly: true`, a config
// apply fails to persist with `read-only file system`, and an install on it fails to write the GPT.
import { z } from 'zod';
import { defineFaultKind, overwriteField, restoreFields } from './fault-kind.ts';
import { diskOf } from './fault-targets.ts';

export const diskReadOnly = defineFaultKind({
  kind: 'disk-read-only',
  description: 'A disk of each target node rejects writes: applies and installs fail to write.',
  targets: 'nodes',
  options: z.strictObject({
    disk: z.string().min(1).optional().meta({ description: 'Disk name, e.g. `sda`. Default: the system disk.' }),
  }),
  inject(_cluster, targets, options) {
    const disks = targets.nodes.map((node) => diskOf('disk-read-only', node, options.disk));
    return overwriteField(disks.map((disk) => disk.faults), 'readOnly', true);
  },
  heal(_cluster, _targets, handle) {
    restoreFields(handle);
  },
});
