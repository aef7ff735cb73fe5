// The real Talos API of every virtual node: one apid listener per node on a loopback address
// (127.0.0.2:50000, 127.0.0.3:50000, ... or 127.0.0.1 with a port per node as a fallback), kept
// in step with the node after every kernel event: closed while the node is down, maintenance TLS
// until it has a config, mutual TLS against its machine CA afterwards. Calls are identified,
// routed across the simulated LAN, authorized and answered by the services passed in.
import type { NodeDirectory } from './node-directory.ts';
import type { KeyAlgorithm } from '../pki/index.ts';
import type { ServiceImplementation } from './api-contract.ts';
import { NodeListener } from './node-listener.ts';
import { describeMoves, loopbackAddressFor, placeListener, type Placement } from './loopback-address.ts';
import { APID_PORT } from './apid-router.ts';
import { machineWallMs } from './certificate-clock.ts';

/** How often (wall clock) listeners look for a certificate rotation due while no kernel event runs. */
const ROTATION_CHECK_MS = 60_000;

export interface NodeApiServerOptions {
  /** Address of the first node; node i listens on base + i. Default 127.0.0.2. Must be in 127.0.0.0/8. */
  baseAddress?: string;
  /** Default 50000; 0 = any free port per node. */
  port?: number;
  /** When a node's address cannot be bound, use 127.0.0.1 with a port per node. */
  fallbackPorts?: boolean;
  /** Key algorithm of apid certificates (ed25519 as Talos; ecdsa-p256 for BoringSSL clients). */
  serverKeyAlgorithm?: KeyAlgorithm;
  services: ServiceImplementation[];
}

export interface NodeEndpoint {
  address: string;
  port: number;
}

export type { Placement };

export interface NodeApiServers {
  /** Where each node's apid listens, by node name. */
  endpoints: Map<string, NodeEndpoint>;
  /** Why nodes listen somewhere other than their own address (one line each; empty when none moved). */
  moves: string[];
  /** Re-evaluates every listener now (after changing node state outside a kernel event). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

function implementationsOf(services: ServiceImplementation[]): Map<string, ServiceImplementation> {
  const byName = new Map<string, ServiceImplementation>();
  for (const service of services) {
    if (byName.has(service.service)) throw new Error(`service ${service.service} is implemented twice`);
    byName.set(service.service, service);
  }
  return byName;
}

export async function startNodeApiServers(cluster: NodeDirectory, options: NodeApiServerOptions): Promise<NodeApiServers> {
  const implementations = implementationsOf(options.services);
  const base = options.baseAddress ?? '127.0.0.2';
  const port = options.port ?? APID_PORT;
  const listeners: NodeListener[] = [];
  const peers = new Map<string, NodeListener>();
  const endpoints = new Map<string, NodeEndpoint>();
  const placements = new Map<string, Placement>();
  const stopWatching: Array<() => void> = [];
  // Listeners whose node's resources changed since the last kernel event (each marked dirty).
  const changed = new Set<NodeListener>();
  // The earliest virtual instant a listener's certificate falls due for its 12 h reissue.
  let earliestReissueMs = Infinity;
  const reissueScheduled = (atMs: number) => (earliestReissueMs = Math.min(earliestReissueMs, atMs));
  try {
    for (const node of cluster.nodes.values()) {
      const listener = new NodeListener({ cluster, node, implementations, keyAlgorithm: options.serverKeyAlgorithm ?? 'ed25519', peers, reissueScheduled });
      listeners.push(listener);
      peers.set(node.name, listener);
      const placement = await placeListener(loopbackAddressFor(base, node.index), port, node.index, options.fallbackPorts ?? false);
      listener.placeAt(placement.address, placement.port);
      endpoints.set(node.name, { address: placement.address, port: placement.port });
      placements.set(node.name, placement);
      stopWatching.push(
        node.resources.watch(() => {
          listener.markDirty();
          changed.add(listener);
        }),
      );
    }
  } catch (error) {
    stopWatching.forEach((stop) => stop());
    await Promise.all(listeners.map((listener) => listener.close()));
    throw error;
  }
  const kernel = cluster.world.kernel;
  // Whether a node's clock skew moved (a fault, or a test setting the plain field) is compared for
  // every listener once per turn of the event loop that ran kernel events (a warp or a paced tick
  // runs a slice of events in one turn), not after each event: one pass over a thousand listeners
  // touches a thousand nodes' fault objects. A listener's sync is asynchronous anyway (it lets
  // replies out and binds on later turns).
  let skewCheckQueued = false;
  const checkSkew = () => {
    skewCheckQueued = false;
    for (const listener of listeners) if (listener.skewMoved() && listener.needsSync(kernel.now)) void listener.sync();
  };
  // After every kernel event, the listeners that may have to change: those whose node changed, and
  // all of them once a reissue falls due.
  stopWatching.push(
    kernel.onAfterEvent(() => {
      const nowMs = kernel.now;
      for (const listener of changed) if (listener.needsSync(nowMs)) void listener.sync();
      changed.clear();
      if (nowMs >= earliestReissueMs) {
        earliestReissueMs = Infinity;
        for (const listener of listeners) {
          if (listener.needsSync(nowMs)) void listener.sync();
          reissueScheduled(listener.reissueDueMs);
        }
      }
      if (!skewCheckQueued) {
        skewCheckQueued = true;
        setImmediate(checkSkew);
      }
    }),
  );
  // Rotation on the wall clock must happen while virtual time stands still (paused) too.
  const rotationCheck = setInterval(() => {
    const wallNowMs = machineWallMs();
    for (const listener of listeners) if (listener.needsSync(kernel.now, wallNowMs)) void listener.sync();
  }, ROTATION_CHECK_MS);
  rotationCheck.unref();
  stopWatching.push(() => clearInterval(rotationCheck));
  const refresh = async () => {
    listeners.forEach((listener) => listener.markDirty());
    await Promise.all(listeners.map((listener) => listener.syncFully()));
  };
  await refresh();
  return {
    endpoints,
    moves: describeMoves(placements),
    refresh,
    close: async () => {
      stopWatching.forEach((stop) => stop());
      await Promise.all(listeners.map((listener) => listener.close()));
    },
  };
}
