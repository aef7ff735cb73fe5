// Fault `power-loss`: each target node loses mains power: every process dies at once, its address
// goes away, the stage is `unknown` and the API does not answer; pressing the power button does
// nothing until power returns. Healing (or `restoreAfterMs`) restores power and boots the node.
import { z } from 'zod';
import { defineFaultKind, overwriteField, restoreFields } from './fault-kind.ts';

export const powerLoss = defineFaultKind({
  kind: 'power-loss',
  description: 'The target nodes lose power: stage unknown, API unreachable; they boot again when power returns.',
  targets: 'nodes',
  options: z.strictObject({
    restoreAfterMs: z.number().int().min(0).max(7 * 24 * 3_600_000).default(0).meta({ description: 'Power returns after this long, ms; 0 (default): when healed.' }),
  }),
  inject(_cluster, targets) {
    const saved = overwriteField(targets.nodes.map((node) => node.faults), 'powerLost', true);
    for (const node of targets.nodes) node.powerOff();
    return saved;
  },
  heal(_cluster, targets, handle) {
    restoreFields(handle);
    for (const node of targets.nodes) if (!node.isPoweredOn()) node.powerOn();
  },
  healsAfterMs: (options) => (options.restoreAfterMs > 0 ? options.restoreAfterMs : undefined),
});
