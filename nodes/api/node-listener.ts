// One node's apid socket on a loopback address: a grpc-js server whose listener follows the node
// (closed while the node is down or apid is not up, maintenance TLS while unconfigured, mutual
// TLS once configured), swapping credentials by unbind + bindAsync as the node's state changes
// (its clock included: a skew fault reissues the certificate) and reissuing its certificate every
// 12 h as Talos's APIController does: 12 h of virtual time (the rotation a scenario shows) or 12 h
// of wall time, whichever comes first, since the certificate is dated on the wall clock and must
// stay valid for real clients however slowly virtual time runs. A swap that
// amounts to an apid restart cuts off the calls in flight, as a real restart would; but a reply
// always reaches its caller with its grpc-status first: a swap waits until the unary calls answered
// meanwhile (the maintenance apply that configured the node, an apply that changed the node's
// certificate) have sent their status, so the change a call triggered never eats its own reply.
import { Server, ServerCredentials, status as grpcCode } from '@grpc/grpc-js';
import type { VirtualNode } from '../node.ts';
import type { NodeDirectory } from './node-directory.ts';
import type { KeyAlgorithm } from '../pki/index.ts';
import type { ServiceImplementation } from './api-contract.ts';
import type { CallSession } from './call-session.ts';
import { serviceHandlers, type Endpoint } from './call-dispatch.ts';
import { serviceDefinition } from '../../proto/load.ts';
import { clockOffsetMs, planListener, type ListenerMode } from './listener-credentials.ts';
import { machineWallMs } from './certificate-clock.ts';
import { publishApiCertificates, reportApiCertificateFailure } from './api-certificates.ts';
import { GRPC_MAX_MESSAGE_BYTES } from './served-config-size.ts';

/** Talos reissues apid's 24 h certificate at half its lifetime. */
export const CERTIFICATE_REISSUE_MS = 12 * 3_600_000;
/** How long (wall clock) a swap waits at most for answered calls to send their status. */
export const REPLY_DELIVERY_GRACE_MS = 2_000;

export interface NodeListenerOptions {
  cluster: NodeDirectory;
  node: VirtualNode;
  implementations: ReadonlyMap<string, ServiceImplementation>;
  keyAlgorithm: KeyAlgorithm;
  /** Every node's listener, by node name (filled in by the server). */
  peers: ReadonlyMap<string, NodeListener>;
  /** Told each virtual instant a reissue is scheduled for (the server checks only once one falls due). */
  reissueScheduled?: (atMs: number) => void;
}

export function bindServer(server: Server, address: string, port: number, credentials: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${address}:${port}`, credentials, (error, boundPort) => (error ? reject(error) : resolve(boundPort)));
  });
}

export class NodeListener implements Endpoint {
  readonly cluster: NodeDirectory;
  readonly node: VirtualNode;
  readonly implementations: ReadonlyMap<string, ServiceImplementation>;
  readonly server = new Server({ 'grpc.max_receive_message_length': GRPC_MAX_MESSAGE_BYTES, 'grpc.max_send_message_length': GRPC_MAX_MESSAGE_BYTES });
  address = '';
  port = 0;
  mode: ListenerMode = 'closed';
  /** The last bind failure, if the listener could not open. */
  lastError: Error | undefined;
  /** Why the node's apid certificate cannot be issued now (it keeps serving what it has), if so. */
  issueError: string | undefined;
  private readonly keyAlgorithm: KeyAlgorithm;
  private readonly peers: ReadonlyMap<string, NodeListener>;
  private readonly sessions = new Set<CallSession>();
  private readonly reissueScheduled: (atMs: number) => void;
  private boundKey = 'closed';
  private trustKey = 'closed';
  private generation = 0;
  private issuedClockOffsetMs = Number.NaN;
  private reissueAtMs = Infinity;
  private reissueAtWallMs = Infinity;
  private dirty = true;
  private syncing: Promise<void> | undefined;
  private closed = false;

  constructor(options: NodeListenerOptions) {
    this.cluster = options.cluster;
    this.node = options.node;
    this.implementations = options.implementations;
    this.keyAlgorithm = options.keyAlgorithm;
    this.peers = options.peers;
    this.reissueScheduled = options.reissueScheduled ?? (() => {});
    for (const implementation of options.implementations.values()) {
      this.server.addService(serviceDefinition(implementation.service), serviceHandlers(this, implementation.service));
    }
  }

  get maintenance(): boolean {
    return this.mode === 'maintenance';
  }

  /** Fixes where this listener lives (the caller found a free address and port). */
  placeAt(address: string, port: number): void {
    this.address = address;
    this.port = port;
  }

  track(session: CallSession): () => void {
    this.sessions.add(session);
    return () => this.sessions.delete(session);
  }

  peerOf(node: VirtualNode): NodeListener | undefined {
    return this.peers.get(node.name);
  }

  nodeListeningAt(address: string): VirtualNode | undefined {
    const listening = [...this.peers.values()].filter((peer) => peer.address === address);
    return listening.length === 1 ? listening[0]!.node : undefined;
  }

  markDirty(): void {
    this.dirty = true;
  }

  /**
   * Cheap check run after every kernel event (virtual time only) and, with `wallNowMs`, on a
   * wall-clock timer (the wall-clock rotation, also while virtual time stands still).
   */
  needsSync(nowMs: number, wallNowMs = -Infinity): boolean {
    if (this.syncing || this.closed) return false;
    return this.dirty || (this.mode !== 'closed' && clockOffsetMs(this.node) !== this.issuedClockOffsetMs) || nowMs >= this.reissueAtMs || wallNowMs >= this.reissueAtWallMs;
  }

  /** The virtual instant of the next 12 h reissue (Infinity while closed). */
  get reissueDueMs(): number {
    return this.reissueAtMs;
  }

  /** Whether the node's clock skew differs from the one its served certificate was dated with. */
  skewMoved(): boolean {
    return this.mode !== 'closed' && clockOffsetMs(this.node) !== this.issuedClockOffsetMs;
  }

  /** Brings the socket in line with the node; concurrent requests share one pass. */
  sync(): Promise<void> {
    if (!this.syncing) {
      this.syncing = this.apply().finally(() => {
        this.syncing = undefined;
        if (this.dirty && !this.closed) void this.sync();
      });
    }
    return this.syncing;
  }

  /** Syncs until no change is pending (state changed outside a kernel event). */
  async syncFully(): Promise<void> {
    do await this.sync();
    while ((this.dirty || this.syncing) && !this.closed);
  }

  /**
   * Lets the replies decided by the change we are about to act on reach their callers: first the
   * handlers waiting on that kernel event run (one turn of the event loop), then the answered
   * unary calls send their status (bounded: a client that stops reading cannot hold the swap).
   */
  private async letRepliesOut(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const answering = [...this.sessions].filter((session) => !session.streaming && session.answering);
    if (answering.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, REPLY_DELIVERY_GRACE_MS)));
    await Promise.race([Promise.all(answering.map((session) => session.delivered())), grace]);
    clearTimeout(timer);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private plan() {
    return planListener({ cluster: this.cluster, node: this.node, listenAddress: this.address, keyAlgorithm: this.keyAlgorithm, generation: this.generation });
  }

  private async apply(): Promise<void> {
    this.dirty = false;
    const kernel = this.cluster.world.kernel;
    if (kernel.now >= this.reissueAtMs || machineWallMs() >= this.reissueAtWallMs) this.generation++;
    let plan = this.plan();
    if (plan.key === this.boundKey || this.closed) return this.servingWhatIsWanted(plan.key);
    if (this.mode !== 'closed') {
      await this.letRepliesOut();
      plan = this.plan();
      if (plan.key === this.boundKey || this.closed) return this.servingWhatIsWanted(plan.key);
    }
    if (plan.mode === 'unissuable') {
      // Leaving maintenance mode: the maintenance server stops; apid waits for a certificate.
      if (this.mode === 'maintenance') {
        this.unbind();
        this.cutOffCalls('error reading from server: EOF', false);
      }
      return this.keepServing(plan.error!);
    }
    this.clearIssueError();
    const restart = plan.trustKey !== this.trustKey;
    this.unbind();
    if (restart) this.cutOffCalls('error reading from server: EOF', plan.mode === 'closed');
    this.issuedClockOffsetMs = clockOffsetMs(this.node);
    this.reissueAtMs = plan.mode === 'closed' ? Infinity : kernel.now + CERTIFICATE_REISSUE_MS;
    this.reissueScheduled(this.reissueAtMs);
    this.reissueAtWallMs = plan.mode === 'closed' ? Infinity : machineWallMs() + CERTIFICATE_REISSUE_MS;
    if (plan.mode === 'closed') return publishApiCertificates(this.node, undefined);
    try {
      const issued = plan.credentials();
      await bindServer(this.server, this.address, this.port, issued.server);
      publishApiCertificates(this.node, issued.apiCertificates);
      this.lastError = undefined;
      this.mode = plan.mode;
      this.boundKey = plan.key;
      this.trustKey = plan.trustKey;
    } catch (error) {
      this.lastError = error as Error;
    }
  }

  /**
   * The certificate cannot be issued: as Talos's APIController, log the failure (once per cause)
   * and retry at the next rotation, while apid keeps serving the certificate and trust it has (if
   * it has none, as after a reboot, its port stays closed and the log says why). A Diagnostics
   * resource says so too (api-certificates.ts), which `talsim status` shows.
   */
  private keepServing(error: string): void {
    if (this.issueError !== error) this.node.controllerLog('secrets.APIController', 'controller failed', { error }, 'ERROR');
    this.issueError = error;
    reportApiCertificateFailure(this.node, error);
    this.issuedClockOffsetMs = clockOffsetMs(this.node);
    this.reissueAtMs = this.cluster.world.kernel.now + CERTIFICATE_REISSUE_MS;
    this.reissueScheduled(this.reissueAtMs);
    this.reissueAtWallMs = machineWallMs() + CERTIFICATE_REISSUE_MS;
  }

  /** What the listener serves is what the node's config asks for again: a past issuance failure is over. */
  private servingWhatIsWanted(key: string): void {
    if (key === this.boundKey) this.clearIssueError();
  }

  private clearIssueError(): void {
    if (this.issueError === undefined) return;
    this.issueError = undefined;
    reportApiCertificateFailure(this.node, undefined);
  }

  private unbind(): void {
    if (this.mode !== 'closed') this.server.unbind(`${this.address}:${this.port}`);
    this.mode = 'closed';
    this.boundKey = 'closed';
    this.trustKey = 'closed';
  }

  /** Ends the calls in flight: streams always, unary calls only when the node is gone. */
  private cutOffCalls(details: string, unaryToo: boolean): void {
    for (const session of [...this.sessions]) {
      if (!session.streaming && !unaryToo) continue;
      session.terminate({ code: grpcCode.UNAVAILABLE, details });
      this.sessions.delete(session);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.syncing;
    this.cutOffCalls('server shutting down', true);
    this.server.forceShutdown();
    this.mode = 'closed';
  }
}
