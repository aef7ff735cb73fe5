// Fault `disk-write-errors`: a share of the writes to one disk of each target node fail with an
// I/O error (bad sectors, a failing controller). A config apply that hits one fails with
// `failed to write config: ... input/output error` and changes nothing.
import { z } from 'zod';
import { defineFaultKind, overwriteField, restoreFields } from './fault-kind.ts';
import { diskOf } from './fault-targets.ts';

export const diskWriteErrors = defineFaultKind({
  kind: 'disk-write-errors',
  description: 'A share of writes to a disk of each target node fail with an I/O error.',
  targets: 'nodes',
  options: z.strictObject({
    disk: z.string().min(1).optional().meta({ description: 'Disk name, e.g. `sda`. Default: the system disk.' }),
    writeErrorRatio: z.number().min(0).max(1).default(0.5).meta({ description: 'Share of writes that fail, 0..1. Default 0.5.' }),
  }),
  inject(_cluster, targets, options) {
    const disks = targets.nodes.map((node) => diskOf('disk-write-errors', node, options.disk));
    return overwriteField(disks.map((disk) => disk.faults), 'writeErrorRatio', options.writeErrorRatio);
  },
  heal(_cluster, _targets, handle) {
    restoreFields(handle);
  },
});
