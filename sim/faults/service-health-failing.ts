// Fault `service-health-failing`: a running service's health check fails with this message
// (`Health check failed: ...`); the service counts as not up, so the node's `services` unmet
// condition says `<id> not healthy` and it is not ready. Healed, the next check succeeds.
import { z } from 'zod';
import { defineFaultKind, overwriteEntry, restoreEntries } from './fault-kind.ts';
import { SERVICE_DEFINITIONS } from '../../nodes/services/service-catalog.ts';

const SERVICE_IDS = SERVICE_DEFINITIONS.map((definition) => definition.id);

/** What each service's failing check says in Talos (shared/talos-timings-and-logs.md §2.4, §2.5, §2.9). */
const DEFAULT_HEALTH_MESSAGES: Record<string, string> = {
  kubelet: 'Get "http://127.0.0.1:10248/healthz": dial tcp 127.0.0.1:10248: connect: connection refused',
  etcd: 'context deadline exceeded',
  udevd: 'exit status 1: Timed out while waiting for udev queue to empty.',
  containerd: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
  cri: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
};

export const serviceHealthFailing = defineFaultKind({
  kind: 'service-health-failing',
  description: "A service's health check fails: `<id> not healthy`, the node is not ready.",
  targets: 'nodes',
  options: z.strictObject({
    service: z.enum(SERVICE_IDS).default('kubelet').meta({ description: 'Service id. Default `kubelet`.' }),
    message: z.string().min(1).optional().meta({ description: "The failure message. Default: what that service's check says in Talos." }),
  }),
  inject(_cluster, targets, options) {
    const message = options.message ?? DEFAULT_HEALTH_MESSAGES[options.service] ?? 'context deadline exceeded';
    return targets.nodes.map((node) => overwriteEntry(node.faults.failingHealth, options.service, message));
  },
  heal(_cluster, _targets, handle) {
    restoreEntries(handle);
  },
});
