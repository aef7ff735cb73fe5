// Fault `time-never-synced`: NTP never answers each target node (NodeFaults.timeNeverSyncs). A
// node that has not synced yet keeps the `time` unmet condition (`time is not synced`), and etcd,
// kubelet and trustd keep `Waiting for ... time sync`. A node already synced keeps its time, as
// Talos does: inject before boot or before a reboot to see it.
import { z } from 'zod';
import { defineFaultKind, overwriteField, restoreFields } from './fault-kind.ts';

export const timeNeverSynced = defineFaultKind({
  kind: 'time-never-synced',
  description: 'NTP never answers the target nodes: the `time` unmet condition stays until healed.',
  targets: 'nodes',
  options: z.strictObject({}),
  inject(_cluster, targets) {
    return overwriteField(targets.nodes.map((node) => node.faults), 'timeNeverSyncs', true);
  },
  heal(_cluster, _targets, handle) {
    restoreFields(handle);
  },
});
