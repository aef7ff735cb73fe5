// What the person at the keyboard does during a default `talsim up`: once the first control
// plane's etcd waits in `Preparing` (and its time is synced), run `talosctl bootstrap` against it,
// through the same node command the API serves. Watches after every kernel event and acts once.
// Leaves out: bootstrapping another control plane when the first cannot be (the cluster then
// stays unbootstrapped, as a real one would, and the warp reports it did not get ready).
import type { SimCluster } from '../cluster/cluster.ts';
import type { VirtualNode } from '../../nodes/node.ts';
import { bootstrap } from '../../nodes/node-commands.ts';
import { TalosApiError } from '../../nodes/api-error.ts';

export interface AutoBootstrap {
  /** Virtual ms at which the bootstrap was accepted, once it has been. */
  readonly bootstrappedAtMs: number | undefined;
  /** The refusal, if the node answered with an error other than "not yet". */
  readonly refusal: string | undefined;
  stop(): void;
}

export function startAutoBootstrap(cluster: SimCluster): AutoBootstrap {
  const node = cluster.controlPlanes()[0];
  const state: { bootstrappedAtMs?: number; refusal?: string } = {};
  const kernel = cluster.world.kernel;
  const stopWatching = kernel.onAfterEvent(() => {
    if (!node || !readyForBootstrap(node)) return;
    stopWatching();
    try {
      bootstrap(node);
      state.bootstrappedAtMs = kernel.now;
    } catch (error) {
      if (!(error instanceof TalosApiError)) throw error;
      state.refusal = `${node.name}: ${error.message}`;
    }
  });
  if (!node) stopWatching();
  return {
    get bootstrappedAtMs() {
      return state.bootstrappedAtMs;
    },
    get refusal() {
      return state.refusal;
    },
    stop: stopWatching,
  };
}

/** The moment `talosctl bootstrap` would succeed: etcd waits in Preparing and time is synced. */
function readyForBootstrap(node: VirtualNode): boolean {
  return node.isPoweredOn() && node.services.state('etcd') === 'Preparing' && node.timeSynced;
}
