// The simulated LAN: one L2 segment with a gateway, a DHCP server that hands each MAC its
// reserved address, and per-path latency, loss and partitions kept as data. Nodes register the
// addresses their network controller configured; everything that crosses the network (etcd
// peers, apid forwarding, the client's calls) asks `canReach` and `latencyMs`. Leaves out:
// multiple segments, IPv6, MTU effects, real packets.
import { hashText, type RandomStream } from '../kernel/random-tree.ts';
import { CLIENT_ENDPOINT, KMS_ENDPOINT, type NodeNetwork } from '../../nodes/node-world.ts';

export interface PathFaults {
  /** Added one-way latency, ms. */
  latencyMs: number;
  /** Uniform jitter added on top, ms. */
  jitterMs: number;
  /** Share of packets dropped, 0..1. */
  lossRatio: number;
}

export interface NetworkFaults {
  /** DHCP server does not answer. */
  dhcpTimeout: boolean;
  /** Upstream DNS does not answer (image pulls and NTP by name fail). */
  dnsFailure: boolean;
  /** No route to the internet (NTP servers, registries). */
  upstreamUnreachable: boolean;
}

/** Linux's minimum TCP retransmission timeout, ms. */
const MIN_RETRANSMISSION_TIMEOUT_MS = 200;
/** Retransmissions counted before a message is taken as delivered anyway (bounds the delay). */
const MAX_RETRANSMISSIONS = 6;
/** One way on a path without faults, ms. */
export const BASE_PATH_LATENCY_MS = 0.3;

export { CLIENT_ENDPOINT, KMS_ENDPOINT };

export class Network implements NodeNetwork {
  readonly faults: NetworkFaults = { dhcpTimeout: false, dnsFailure: false, upstreamUnreachable: false };
  /** Directed blocked paths `from->to`; a symmetric partition blocks both directions. */
  private readonly blocked = new Set<string>();
  private readonly pathFaults = new Map<string, PathFaults>();
  private readonly reservations = new Map<string, string>();
  /** node -> link -> addresses (CIDR) currently configured and with carrier. */
  private readonly addresses = new Map<string, Map<string, string[]>>();
  readonly gateway: string;
  readonly prefixLength: number;
  private readonly base: number[];
  /** Grows whenever any node's addresses or a partition change (cheap change detection for discovery). */
  version = 0;
  /** Grows whenever a partition is made or healed (who can talk to whom). */
  partitionVersion = 0;
  /** Told the name of each node whose addresses change (discovery updates only that node's entry). */
  onAddressesChanged: (node: string) => void = () => {};
  /** addressesOf() results by node, dropped whenever that node's addresses change. */
  private readonly addressCache = new Map<string, string[]>();
  private readonly subnetBase: number;
  private readonly subnetMask: number;

  constructor(
    readonly subnet: string,
    private readonly random: RandomStream,
  ) {
    const [ip, prefix] = subnet.split('/');
    this.base = ip!.split('.').map(Number);
    this.prefixLength = Number(prefix ?? 24);
    this.gateway = this.hostAddress(1);
    this.subnetMask = this.prefixLength === 0 ? 0 : (~0 << (32 - this.prefixLength)) >>> 0;
    this.subnetBase = ((((this.base[0]! << 24) | (this.base[1]! << 16) | (this.base[2]! << 8) | this.base[3]!) >>> 0) & this.subnetMask) >>> 0;
  }

  /** The address of host number `n` in the subnet (n=1 is the gateway). */
  hostAddress(n: number): string {
    const value = ((this.base[0]! << 24) | (this.base[1]! << 16) | (this.base[2]! << 8) | this.base[3]!) + n;
    return [(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
  }

  /** Whether an IPv4 address lies in the LAN's subnet. */
  inSubnet(ip: string): boolean {
    const parts = ip.split('.').map(Number);
    if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) return false;
    const value = ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
    return ((value & this.subnetMask) >>> 0) === this.subnetBase;
  }

  reserve(mac: string, ip: string): void {
    this.reservations.set(mac.toLowerCase(), ip);
  }

  /** DHCP: the lease for a MAC, or undefined when the server does not answer. */
  dhcpLease(mac: string): string | undefined {
    if (this.faults.dhcpTimeout) return undefined;
    return this.reservations.get(mac.toLowerCase());
  }

  setAddresses(node: string, link: string, cidrs: string[]): void {
    const current = this.addresses.get(node)?.get(link) ?? [];
    if (current.length === cidrs.length && current.every((c, i) => c === cidrs[i])) return;
    this.version++;
    this.addressCache.delete(node);
    this.onAddressesChanged(node);
    let links = this.addresses.get(node);
    if (!links) this.addresses.set(node, (links = new Map()));
    if (cidrs.length === 0) links.delete(link);
    else links.set(link, cidrs);
  }

  clearNode(node: string): void {
    if (!this.addresses.has(node)) return;
    this.version++;
    this.addresses.delete(node);
    this.addressCache.delete(node);
    this.onAddressesChanged(node);
  }

  /** IPv4 addresses (no prefix) a node answers on right now. */
  addressesOf(node: string): string[] {
    const cached = this.addressCache.get(node);
    if (cached) return cached;
    const links = this.addresses.get(node);
    const addresses = links ? [...links.values()].flat().map((cidr) => cidr.split('/')[0]!).filter((ip) => this.inSubnet(ip)) : [];
    this.addressCache.set(node, addresses);
    return addresses;
  }

  /** Which node answers on `ip` (undefined: nobody). */
  nodeAt(ip: string): string | undefined {
    for (const [node, links] of this.addresses) {
      for (const cidrs of links.values()) if (cidrs.some((c) => c.split('/')[0] === ip)) return node;
    }
    return undefined;
  }

  partition(from: string, to: string, symmetric = true): void {
    this.version++;
    this.partitionVersion++;
    this.blocked.add(`${from}->${to}`);
    if (symmetric) this.blocked.add(`${to}->${from}`);
  }

  heal(from: string, to: string, symmetric = true): void {
    this.version++;
    this.partitionVersion++;
    this.blocked.delete(`${from}->${to}`);
    if (symmetric) this.blocked.delete(`${to}->${from}`);
  }

  setPathFaults(from: string, to: string, faults: PathFaults | undefined): void {
    if (faults) this.pathFaults.set(`${from}->${to}`, faults);
    else this.pathFaults.delete(`${from}->${to}`);
  }

  /** Whether any path has injected latency, jitter or loss. */
  hasPathFaults(): boolean {
    return this.pathFaults.size > 0;
  }

  /** The injected latency/jitter/loss on the path from -> to, if any. */
  pathFaultsOf(from: string, to: string): PathFaults | undefined {
    return this.pathFaults.get(`${from}->${to}`);
  }

  /** Whether `from` can send to `to` at all: both have an address and no partition blocks the path. */
  canReach(from: string, to: string): boolean {
    if (from === to) return true;
    return !this.pathBlocked(from, to) && this.hasAddress(from) && this.hasAddress(to);
  }

  /** A partition drops from -> to. No partition standing (the usual case): no path key to build. */
  private pathBlocked(from: string, to: string): boolean {
    return this.blocked.size > 0 && this.blocked.has(`${from}->${to}`);
  }

  private hasAddress(node: string): boolean {
    return node === CLIENT_ENDPOINT || node === KMS_ENDPOINT || this.addressesOf(node).length > 0;
  }

  /** Round trip possible in both directions. */
  canTalk(a: string, b: string): boolean {
    // canReach both ways, each node's address looked at once (every node's Members asks this of each member it lists).
    if (a === b) return true;
    return !this.pathBlocked(a, b) && !this.pathBlocked(b, a) && this.hasAddress(a) && this.hasAddress(b);
  }

  /** Whether one packet from -> to is lost (drawn from the path's loss ratio). */
  shouldDropPacket(from: string, to: string): boolean {
    const faults = this.pathFaults.get(`${from}->${to}`);
    return faults !== undefined && faults.lossRatio > 0 && this.random.chance(faults.lossRatio);
  }

  /**
   * One-way latency of one message, ms: a LAN base plus any injected latency and jitter, plus a
   * TCP retransmission timeout for every copy the path loses (doubling, as TCP backs off).
   * Loss therefore shows as delay, the way a lossy link looks to etcd and gRPC.
   */
  latencyMs(from: string, to: string): number {
    return this.pathLatencyMs(from, to, () => this.random.next());
  }

  /**
   * The one-way latency of a packet sent at virtual time `atMs` (jitter and losses as latencyMs()
   * draws them): the same for every reader and however often it is read, drawn without moving the
   * network's stream. What etcd's commit latency reads.
   */
  latencyMsAt(from: string, to: string, atMs: number): number {
    const salt = hashText(`${from}->${to}`);
    let draw = 0;
    return this.pathLatencyMs(from, to, () => this.random.at(atMs, salt + draw++));
  }

  private pathLatencyMs(from: string, to: string, uniform: () => number): number {
    const faults = this.pathFaults.get(`${from}->${to}`);
    const base = BASE_PATH_LATENCY_MS;
    if (!faults) return base;
    let latency = base + faults.latencyMs + (faults.jitterMs > 0 ? faults.jitterMs * uniform() : 0);
    let retransmissionTimeoutMs = MIN_RETRANSMISSION_TIMEOUT_MS;
    for (let attempt = 0; attempt < MAX_RETRANSMISSIONS && faults.lossRatio > 0 && uniform() < faults.lossRatio; attempt++) {
      latency += retransmissionTimeoutMs;
      retransmissionTimeoutMs *= 2;
    }
    return latency;
  }

  /** Whether a node with an address can reach NTP servers and registries. */
  upstreamReachable(node: string): boolean {
    return !this.faults.upstreamUnreachable && !this.faults.dnsFailure && this.addressesOf(node).length > 0;
  }
}
