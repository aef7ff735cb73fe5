// Fault `memory-pressure`: a pod of one QoS class holds memory and the node's tasks stall on it
// (NodeFaults.memoryPressure). PSI (`memory_full_avg10`...) rises towards the given stall shares on
// the virtual clock, in the root cgroup and the hog's kubepods subtree; Talos's OOM handler samples
// it and, when its trigger expression holds (the default: full avg10 above 75 for 10 s), kills the
// cgroup its ranking puts first. Killing the hog ends the pressure; killing something else does
// not. Healing ends it too; the averages then decay as the kernel's do.
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';
import type { MemoryPressureFault } from '../../nodes/node-faults.ts';

export const memoryPressure = defineFaultKind({
  kind: 'memory-pressure',
  description: "A pod holds memory and the node stalls on it: memory PSI rises until the OOM handler's trigger fires.",
  targets: 'nodes',
  options: z.strictObject({
    fullRatio: z.number().min(0).max(1).default(0.8).meta({ description: 'PSI `full` share the node settles at (0.8: 80 % of the time every task stalls). Default 0.8.' }),
    someRatio: z.number().min(0).max(1).optional().meta({ description: 'PSI `some` share. Default fullRatio + 0.1, at most 1.' }),
    hogClass: z.enum(['besteffort', 'burstable', 'guaranteed']).default('besteffort').meta({ description: "The hog pod's QoS class. Default `besteffort`." }),
    hogBytes: z.number().int().min(1).max(2 ** 50).default(2 * 2 ** 30).meta({ description: 'Memory the hog pod holds, bytes. Default 2 GiB.' }),
  }),
  inject(cluster, targets, options) {
    const now = cluster.world.kernel.now;
    return targets.nodes.map((node) => {
      const previous = node.faults.memoryPressure;
      const fault: MemoryPressureFault = {
        fullPercent: options.fullRatio * 100, somePercent: Math.max(options.fullRatio, options.someRatio ?? Math.min(1, options.fullRatio + 0.1)) * 100,
        hogClass: options.hogClass, hogBytes: options.hogBytes, sinceMs: now,
      };
      node.faults.memoryPressure = fault;
      return { node, previous, fault };
    });
  },
  heal(cluster, _targets, handle) {
    for (const { node, fault } of [...handle].reverse()) {
      // The pressure ends now; the record stays so the averages decay from where they were.
      if (node.faults.memoryPressure === fault && fault.endedMs === undefined) fault.endedMs = cluster.world.kernel.now;
    }
  },
});
