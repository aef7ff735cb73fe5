// Fault `service-crash-loop`: a service's runner dies `crashAfterMs` after every start, and Talos
// restarts it every 5 s forever: `Error running Containerd(kubelet), going to restart forever:
// task "kubelet" failed: exit code 255`, then `Started task kubelet ...` again, a ~5.3 s cycle. A
// runner running when the fault is injected dies at once; once healed, the next start stays up.
import { z } from 'zod';
import { defineFaultKind, overwriteEntry, restoreEntries } from './fault-kind.ts';
import { SERVICE_DEFINITIONS, serviceDefinition } from '../../nodes/services/service-catalog.ts';
import type { ServiceCrashFault } from '../../nodes/node-faults.ts';

const SERVICE_IDS = SERVICE_DEFINITIONS.map((definition) => definition.id);

export const serviceCrashLoop = defineFaultKind({
  kind: 'service-crash-loop',
  description: "A service's runner crashes shortly after every start; Talos restarts it every 5 s.",
  targets: 'nodes',
  options: z.strictObject({
    service: z.enum(SERVICE_IDS).default('kubelet').meta({ description: 'Service id. Default `kubelet`.' }),
    crashAfterMs: z.number().int().min(0).max(24 * 3_600_000).default(300).meta({ description: 'The runner dies this long after each start, ms. Default 300.' }),
    exitCode: z.number().int().min(1).max(255).default(255).meta({ description: 'Exit code in the crash message. Default 255.' }),
    message: z.string().min(1).optional().meta({ description: 'The whole crash reason instead (e.g. `signal: segmentation fault`).' }),
  }),
  inject(_cluster, targets, options) {
    const fault: ServiceCrashFault = { crashAfterMs: options.crashAfterMs, message: options.message ?? crashMessage(options.service, options.exitCode) };
    return targets.nodes.map((node) => {
      const saved = overwriteEntry(node.faults.crashLoops, options.service, fault);
      if (node.services.state(options.service) === 'Running') node.services.crash(options.service, fault.message);
      return saved;
    });
  },
  heal(_cluster, _targets, handle) {
    restoreEntries(handle);
  },
});

/** Talos's words for a runner that exited: containers `task "<id>" failed: exit code <n>`, processes `exit status <n>`. */
function crashMessage(service: string, exitCode: number): string {
  return serviceDefinition(service)?.runner.kind === 'container' ? `task "${service}" failed: exit code ${exitCode}` : `exit status ${exitCode}`;
}
