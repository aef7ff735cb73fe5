// Fault `dhcp-timeout`: the LAN's DHCP server stops answering. Nodes keep their leases until they
// run out (10 minutes), logging `DHCP request/renew failed` at every renewal attempt; then the
// address goes away and the node shows the `network` unmet condition. Nodes booting meanwhile get
// no address at all. Static addresses are not affected.
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';

export const dhcpTimeout = defineFaultKind({
  kind: 'dhcp-timeout',
  description: 'The DHCP server stops answering: leases are not renewed and run out.',
  targets: 'cluster',
  options: z.strictObject({}),
  inject(cluster) {
    const faults = cluster.world.network.faults;
    const previous = faults.dhcpTimeout;
    faults.dhcpTimeout = true;
    return { previous };
  },
  heal(cluster, _targets, handle) {
    cluster.world.network.faults.dhcpTimeout = handle.previous;
  },
});
