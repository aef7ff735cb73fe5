// Fault `link-down`: the carrier of one NIC of each target node is lost (cable pulled, switch
// port down). The network controller logs `link state changed`, drops the link's addresses
// (`removed address`), the node shows the `network` unmet condition and the rest of the cluster
// loses it; a control plane drops out of etcd's majority.
import { z } from 'zod';
import { defineFaultKind, overwriteField, restoreFields } from './fault-kind.ts';
import { nicOf } from './fault-targets.ts';

export const linkDown = defineFaultKind({
  kind: 'link-down',
  description: 'Carrier lost on a NIC of each target node: its addresses go away.',
  targets: 'nodes',
  options: z.strictObject({
    link: z.string().min(1).optional().meta({ description: 'NIC name, e.g. `eth0`. Default: the first NIC.' }),
  }),
  inject(_cluster, targets, options) {
    const nics = targets.nodes.map((node) => nicOf('link-down', node, options.link));
    return overwriteField(nics.map((nic) => nic.faults), 'linkDown', true);
  },
  heal(_cluster, _targets, handle) {
    restoreFields(handle);
  },
});
