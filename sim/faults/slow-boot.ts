// Fault `slow-boot`: firmware, kernel start and the boot sequence's tasks of each target node take
// this many times longer (slow firmware POST, slow storage). Acts on the next boot: inject before
// power-on or before a reboot.
import { z } from 'zod';
import { defineFaultKind, overwriteField, restoreFields } from './fault-kind.ts';

export const slowBoot = defineFaultKind({
  kind: 'slow-boot',
  description: 'Firmware, kernel and boot tasks of the target nodes take longer, from the next boot on.',
  targets: 'nodes',
  options: z.strictObject({
    bootSlowdownFactor: z.number().min(1).max(100).default(3).meta({ description: 'Multiplier of firmware, kernel and boot task durations. Default 3.' }),
  }),
  inject(_cluster, targets, options) {
    return overwriteField(targets.nodes.map((node) => node.faults), 'bootSlowdownFactor', options.bootSlowdownFactor);
  },
  heal(_cluster, _targets, handle) {
    restoreFields(handle);
  },
});
