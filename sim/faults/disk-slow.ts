// Fault `disk-slow`: every fsync on one disk of each target node takes this much longer (a dying
// SSD, a noisy neighbour on shared storage). etcd commits wait for the slowest disk of the quorum,
// so slow disks on a majority of control planes slow etcd down, past 5 s until its health and the
// Kubernetes API fail; config applies take longer to persist to STATE.
import { z } from 'zod';
import { defineFaultKind, overwriteField, restoreFields } from './fault-kind.ts';
import { diskOf } from './fault-targets.ts';

export const diskSlow = defineFaultKind({
  kind: 'disk-slow',
  description: 'Every fsync on a disk of each target node takes longer: slow etcd, slow applies.',
  targets: 'nodes',
  options: z.strictObject({
    disk: z.string().min(1).optional().meta({ description: 'Disk name, e.g. `sda`. Default: the system disk.' }),
    extraFsyncLatencyMs: z.number().min(0).max(600_000).default(200).meta({ description: 'Latency added to every fsync, ms. Default 200.' }),
  }),
  inject(_cluster, targets, options) {
    const disks = targets.nodes.map((node) => diskOf('disk-slow', node, options.disk));
    return overwriteField(disks.map((disk) => disk.faults), 'extraFsyncLatencyMs', options.extraFsyncLatencyMs);
  },
  heal(_cluster, _targets, handle) {
    restoreFields(handle);
  },
});
