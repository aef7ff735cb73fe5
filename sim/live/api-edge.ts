// The Talos API of every node of a live cluster: the API edge's listeners (one per node on
// `<base address + i>:50000`, or 127.0.0.1 with a port per node where extra loopback addresses
// cannot be bound) with every emulated service, started before the warp so calls that arrive
// during it are answered. The listeners follow their nodes by themselves; `refresh` makes them
// catch up at once (after the warp, before the banner claims the nodes answer).
import type { SimCluster } from '../cluster/cluster.ts';
import { startNodeApiServers, type NodeApiServers } from '../../nodes/api/api-server.ts';
import type { ServiceImplementation } from '../../nodes/api/api-contract.ts';
import { cosiStateService } from '../../nodes/api/cosi-state-service.ts';
import { talosServiceImplementations } from '../../nodes/api/talos-services.ts';
import { TALOS_API_PORT } from './state-dir.ts';

export type ApiEdge = NodeApiServers;

export interface ApiEdgeOptions {
  /** First node's loopback address; the next nodes take the following ones. */
  baseAddress: string;
  serverKeyAlgorithm?: 'ed25519' | 'ecdsa-p256';
}

/** Every service the API edge emulates (talsim's live control service will join them). */
export function liveServices(): ServiceImplementation[] {
  return [...talosServiceImplementations(), cosiStateService];
}

export function startApiEdge(cluster: SimCluster, options: ApiEdgeOptions): Promise<ApiEdge> {
  return startNodeApiServers(cluster, {
    baseAddress: options.baseAddress,
    port: TALOS_API_PORT,
    fallbackPorts: true,
    serverKeyAlgorithm: options.serverKeyAlgorithm,
    services: liveServices(),
  });
}
