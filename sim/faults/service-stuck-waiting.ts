// Fault `service-stuck-waiting`: a service waits on a condition that never comes (`Waiting for etcd
// spec`, a volume that is never mounted). It acts when the service next enters Waiting (at boot or
// after a restart): the service stays Waiting, startAllServices keeps printing it, the node is not
// ready. A service already running is not stopped by it.
import { z } from 'zod';
import { defineFaultKind, overwriteEntry, restoreEntries } from './fault-kind.ts';
import { SERVICE_DEFINITIONS } from '../../nodes/services/service-catalog.ts';

const SERVICE_IDS = SERVICE_DEFINITIONS.map((definition) => definition.id);

export const serviceStuckWaiting = defineFaultKind({
  kind: 'service-stuck-waiting',
  description: 'A service waits on an extra condition that never holds, from its next Waiting on.',
  targets: 'nodes',
  options: z.strictObject({
    service: z.enum(SERVICE_IDS).default('kubelet').meta({ description: 'Service id. Default `kubelet`.' }),
    condition: z.string().min(1).default('network').meta({ description: 'The condition it waits for, in Talos words. Default `network`.' }),
  }),
  inject(_cluster, targets, options) {
    return targets.nodes.map((node) => overwriteEntry(node.faults.stuckWaiting, options.service, options.condition));
  },
  heal(_cluster, _targets, handle) {
    restoreEntries(handle);
  },
});
