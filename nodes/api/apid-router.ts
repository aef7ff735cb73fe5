// apid's director (facts §4): where a call goes by its `node` / `nodes` metadata, and what
// reaching another node over the simulated LAN costs. Forwarding stays in-process: the target's
// machined answers with the target's own context, but the path must exist in the simulated
// network (partitions, powered-off nodes, a node whose apid is down, a node that does not trust
// this node's CA) and a round trip takes the path's latency in virtual time (a quiet LAN's
// sub-millisecond round trip is not waited for, so forwarding needs no kernel progress).
// Leaves out: backend connection caching and backoff, packet loss retransmits, IPv6 targets.
import type { Metadata } from '@grpc/grpc-js';
import { TalosApiError } from '../api-error.ts';
import type { VirtualNode } from '../node.ts';
import type { NodeDirectory } from './node-directory.ts';
import { virtualDelay } from './virtual-wait.ts';
import { machineCaCertificateOf } from './machine-authority.ts';

export type Route = { kind: 'local' } | { kind: 'one'; target: string } | { kind: 'many'; targets: string[] };

/** Method prefixes apid fans out for legacy `nodes` metadata. */
export const ONE_TO_MANY_PREFIXES = [
  '/machine.MachineService/',
  '/cluster.ClusterService/',
  '/inspect.InspectService/',
  '/storage.StorageService/',
  '/time.TimeService/',
] as const;

/** apid's backend dials with grpc-go's minimum connect timeout; a black-holed target costs this long. */
export const FORWARD_DIAL_TIMEOUT_MS = 20_000;
export const APID_PORT = 50000;
/** Round trips shorter than this (a quiet LAN) are answered at once; injected latency is waited for. */
export const MIN_MODELLED_ROUND_TRIP_MS = 1;

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** net.AddressContainsPort: `host:port` or `[v6]:port`, but not a bare IPv6 address. */
function containsPort(target: string): boolean {
  if (/^\[.*\]:\d*$/.test(target)) return true;
  const colons = target.split(':').length - 1;
  return colons === 1;
}

function validTarget(target: string): string {
  if (target === '' || containsPort(target)) throw new TalosApiError('Internal', `invalid target "${target}"`);
  return target;
}

/**
 * Values of a metadata key. Node's HTTP/2 server joins a header sent several times with `, `,
 * where Go's gRPC keeps the repeats apart; splitting restores what the client sent.
 */
function metadataValues(metadata: Metadata, key: string): string[] {
  return metadata.get(key).flatMap((value) => String(value).split(',').map((item) => item.trim()));
}

/** The director's decision; throws apid's errors for malformed metadata. */
export function routeOf(fullMethod: string, metadata: Metadata, routingEnabled: boolean): Route {
  if (!routingEnabled || metadata.get('proxyfrom').length > 0) return { kind: 'local' };
  const node = metadataValues(metadata, 'node');
  const nodes = metadataValues(metadata, 'nodes');
  if (node.length > 1) throw new TalosApiError('InvalidArgument', 'node metadata must be single-valued');
  if (nodes.length > 0) {
    if (!ONE_TO_MANY_PREFIXES.some((prefix) => fullMethod.startsWith(prefix))) {
      throw new TalosApiError('InvalidArgument', `one-2-many proxying is not supported for method ${fullMethod}`);
    }
    return { kind: 'many', targets: nodes.map(validTarget) };
  }
  if (node.length === 1) return { kind: 'one', target: validTarget(node[0]!) };
  return { kind: 'local' };
}

/** Which node listens on this host at an address (the listener addresses stand in for the nodes' own on this machine). */
export type ListenerLookup = (address: string) => VirtualNode | undefined;

/**
 * The node a target string names: one of its addresses (or its reserved one while down), the
 * address its apid listens on on this machine, its hostname or its name.
 */
export function resolveTarget(cluster: NodeDirectory, target: string, listening?: ListenerLookup): VirtualNode | undefined {
  const byName = cluster.nodes.get(target);
  if (byName) return byName;
  const byListener = listening?.(target);
  if (byListener) return byListener;
  if (IPV4.test(target)) {
    const answering = cluster.world.network.nodeAt(target);
    if (answering) return cluster.nodes.get(answering);
    return [...cluster.nodes.values()].find((node) => node.reservedIp === target);
  }
  return [...cluster.nodes.values()].find((node) => node.hostname() === target);
}

const dialError = (detail: string) => new TalosApiError('Unavailable', `connection error: desc = "transport: Error while dialing: ${detail}"`);

/**
 * Takes a forwarded call from `endpoint` to `target` across the simulated LAN: resolves after the
 * round trip, or throws what apid's backend connection reports.
 */
export async function reachTarget(cluster: NodeDirectory, endpoint: VirtualNode, target: string, signal: AbortSignal, listening?: ListenerLookup): Promise<VirtualNode> {
  const node = resolveTarget(cluster, target, listening);
  if (!node) throw IPV4.test(target) ? dialError(`dial tcp ${target}:${APID_PORT}: connect: no route to host`) : dialError(`dial tcp: lookup ${target}: no such host`);
  if (node === endpoint) return node;
  const ip = IPV4.test(target) && listening?.(target) !== node ? target : (node.primaryAddress() ?? node.reservedIp);
  if (!node.isPoweredOn() || node.addresses().length === 0) throw dialError(`dial tcp ${ip}:${APID_PORT}: connect: no route to host`);
  const network = cluster.world.network;
  const kernel = cluster.world.kernel;
  if (!network.canTalk(endpoint.name, node.name)) {
    await virtualDelay(kernel, FORWARD_DIAL_TIMEOUT_MS, `apid dial ${endpoint.name}->${node.name}`, signal);
    throw new TalosApiError('DeadlineExceeded', 'context deadline exceeded');
  }
  if (!node.apiReachable()) throw dialError(`dial tcp ${ip}:${APID_PORT}: connect: connection refused`);
  const trusted = machineCaCertificateOf(endpoint);
  if (!trusted || machineCaCertificateOf(node) !== trusted) {
    throw new TalosApiError(
      'Unavailable',
      'connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority"',
    );
  }
  const roundTripMs = network.latencyMs(endpoint.name, node.name) + network.latencyMs(node.name, endpoint.name);
  if (roundTripMs >= MIN_MODELLED_ROUND_TRIP_MS) await virtualDelay(kernel, roundTripMs, `apid forward ${endpoint.name}->${node.name}`, signal);
  return node;
}
