// Fault `upstream-unreachable`: the LAN has no route out (gateway down, egress firewall). Like a
// DNS failure for the nodes: NTP and registries cannot be reached, so unsynced nodes keep the
// `time` unmet condition and images not yet pulled wait in Preparing.
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';

export const upstreamUnreachable = defineFaultKind({
  kind: 'upstream-unreachable',
  description: 'No route to the internet: NTP and registries cannot be reached.',
  targets: 'cluster',
  options: z.strictObject({}),
  inject(cluster) {
    const faults = cluster.world.network.faults;
    const previous = faults.upstreamUnreachable;
    faults.upstreamUnreachable = true;
    return { previous };
  },
  heal(cluster, _targets, handle) {
    cluster.world.network.faults.upstreamUnreachable = handle.previous;
  },
});
