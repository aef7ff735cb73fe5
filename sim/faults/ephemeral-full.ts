// Fault `ephemeral-full`: the EPHEMERAL partition (/var: containerd's images, pod logs, etcd's
// data) of each target node has no space left. kubelet reports disk pressure as its health message,
// containerd (CRI) logs `no space left on device`, and images not pulled yet fail to pull. The
// full disk is the one EPHEMERAL is on: the system disk, or the disk a VolumeConfig EPHEMERAL
// selector placed it on.
import { z } from 'zod';
import { defineFaultKind, overwriteField, restoreFields } from './fault-kind.ts';
import { diskOf } from './fault-targets.ts';
import { ephemeralDisk } from '../../nodes/controllers/volume-controller.ts';

export const ephemeralFull = defineFaultKind({
  kind: 'ephemeral-full',
  description: 'The EPHEMERAL partition of each target node is full: disk pressure, no space left on device.',
  targets: 'nodes',
  options: z.strictObject({}),
  inject(_cluster, targets) {
    const disks = targets.nodes.map((node) => ephemeralDisk(node) ?? diskOf('ephemeral-full', node, undefined));
    return overwriteField(disks.map((disk) => disk.faults), 'ephemeralFull', true);
  },
  heal(_cluster, _targets, handle) {
    restoreFields(handle);
  },
});
