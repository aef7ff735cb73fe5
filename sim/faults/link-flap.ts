// Fault `link-flap`: the carrier of one NIC of each target node goes down and up again, period
// after period (a bad cable, a flapping switch port): down for `downRatio` of every `periodMs`.
// Each change is a kernel event that asks the node to reconcile, so addresses come and go and
// `link state changed` lines repeat.
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';
import { nicOf } from './fault-targets.ts';
import type { TimerHandle } from '../kernel/kernel.ts';
import type { Nic } from '../../nodes/devices/nic.ts';
import type { VirtualNode } from '../../nodes/node.ts';

export const linkFlap = defineFaultKind({
  kind: 'link-flap',
  description: 'The carrier of a NIC of each target node goes down and up periodically.',
  targets: 'nodes',
  options: z.strictObject({
    link: z.string().min(1).optional().meta({ description: 'NIC name, e.g. `eth0`. Default: the first NIC.' }),
    periodMs: z.number().int().min(2).max(24 * 3_600_000).default(10_000).meta({ description: 'One down-and-up cycle, ms. Default 10000.' }),
    downRatio: z.number().gt(0).lt(1).default(0.5).meta({ description: 'Share of each period the link is down. Default 0.5.' }),
  }),
  inject(cluster, targets, options) {
    const kernel = cluster.world.kernel;
    const downMs = Math.max(1, Math.round(options.periodMs * options.downRatio));
    const upMs = Math.max(1, options.periodMs - downMs);
    const flaps: Flap[] = targets.nodes.map((node) => ({ node, nic: nicOf('link-flap', node, options.link), timer: undefined }));
    for (const flap of flaps) {
      const toggle = (down: boolean) => {
        flap.nic.faults.linkDown = down;
        flap.node.requestReconcile();
        flap.timer = kernel.schedule(down ? downMs : upMs, `link-flap ${flap.node.name}/${flap.nic.name}`, () => toggle(!down));
      };
      toggle(true);
    }
    return flaps;
  },
  heal(cluster, _targets, handle) {
    for (const flap of handle) {
      cluster.world.kernel.cancel(flap.timer);
      flap.nic.faults.linkDown = false;
      flap.node.requestReconcile();
    }
  },
});

interface Flap {
  node: VirtualNode;
  nic: Nic;
  timer: TimerHandle | undefined;
}
