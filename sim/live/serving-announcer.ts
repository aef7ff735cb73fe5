// Announces (once) that every node of a live cluster serves its Talos API: apid runs on every node
// with an address, and every listener has caught up with that. `talsim up` writes nodes.json at
// that moment, so a script that waits for the file can call any node at once. Checked after every
// kernel event (warp or paced); a cluster where some node never serves is announced when the warp
// ends instead, by `settle`.
import type { SimCluster } from '../cluster/cluster.ts';
import type { ApiEdge } from './api-edge.ts';

export interface ServingAnnouncer {
  readonly announced: boolean;
  /** Announces now if it has not happened yet (after bringing every listener up to date). */
  settle(): Promise<void>;
  stop(): void;
}

export function announceWhenEveryNodeServes(cluster: SimCluster, api: ApiEdge, announce: () => void): ServingAnnouncer {
  let announced = false;
  let pending: Promise<void> | undefined;
  const announceOnce = () => {
    if (announced) return;
    announced = true;
    announce();
  };
  const everyNodeServes = () => [...cluster.nodes.values()].every((node) => node.apiReachable());
  const stopWatching = cluster.world.kernel.onAfterEvent(() => {
    if (pending || !everyNodeServes()) return;
    stopWatching();
    pending = api.refresh().then(announceOnce);
  });
  return {
    get announced() {
      return announced;
    },
    async settle() {
      stopWatching();
      await (pending ?? api.refresh());
      announceOnce();
    },
    stop: stopWatching,
  };
}
