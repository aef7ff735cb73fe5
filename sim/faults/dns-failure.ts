// Fault `dns-failure`: upstream DNS stops answering. Names cannot be resolved, so NTP servers
// (`failed looking up "time.cloudflare.com"`) and registries cannot be reached: a node that has
// not synced keeps the `time` unmet condition, images not yet pulled stay in Preparing. A running
// node with its images already pulled shows nothing, as in Talos.
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';

export const dnsFailure = defineFaultKind({
  kind: 'dns-failure',
  description: 'Upstream DNS stops answering: NTP by name and first image pulls fail.',
  targets: 'cluster',
  options: z.strictObject({}),
  inject(cluster) {
    const faults = cluster.world.network.faults;
    const previous = faults.dnsFailure;
    faults.dnsFailure = true;
    return { previous };
  },
  heal(cluster, _targets, handle) {
    cluster.world.network.faults.dnsFailure = handle.previous;
  },
});
