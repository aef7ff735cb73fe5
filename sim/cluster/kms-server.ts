// The cluster's KMS server (a scenario's `cluster.kms`): what siderolabs/kms-client's test server
// does behind its KMSService, on an address of the simulated LAN. Seal takes the 32-byte
// passphrase a node's KMS key handler made and returns nonce || AES-256-GCM ciphertext under a
// key of the node's own (derived from the server's master key and the node UUID the request
// carries, so a disk moved to another machine does not unseal); Unseal opens it, and answers
// random bytes when it cannot (as the test server does, so the LUKS open fails instead). Data of
// the wrong length is refused with InvalidArgument "incorrect data length".
// Reaching it: `call` is the KMS endpoint as a node's gRPC client meets it (Talos's endpoint
// parsing, grpc-go's error texts): a partition between the node and `kms`, a node without an
// address, or (a KMS outside the LAN) no route upstream time out; a stopped server (`kms-down`)
// refuses the connection; https:// against this plaintext server fails the TLS handshake. An
// endpoint nobody serves refuses the connection, as before a KMS could be declared.
// Leaves out: the 10 s the client waits before a timeout shows (the volume fails at once), TLS
// KMS servers, DNS names (the KMS is found by its address only), the server's 1 s answer delay.
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import type { RandomStream } from '../kernel/random-tree.ts';
import { KMS_ENDPOINT, type KmsAnswer, type KmsRequest, type NodeKms } from '../../nodes/node-world.ts';
import type { Network } from './network.ts';

/** siderolabs/kms-client constants.PassphraseSize. */
export const KMS_PASSPHRASE_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Port Talos's docs and `talosctl cluster create --with-kms` use for a KMS endpoint. */
export const DEFAULT_KMS_PORT = 4050;

export type KmsResult = { data: Buffer } | { code: 'InvalidArgument'; message: string };

/** The KMSService itself: sealing and unsealing per node UUID, and whether the server runs. */
export class KmsServer {
  /** false while the server process is down (`kms-down`): connections are refused. */
  running = true;
  private readonly masterKey: Buffer;
  private readonly listeners: Array<() => void> = [];

  constructor(
    /** `<IPv4>:<port>` on the simulated network. */
    readonly address: string,
    private readonly random: RandomStream,
  ) {
    this.masterKey = Buffer.from(random.child('master-key').hex(64), 'hex');
  }

  get host(): string {
    return this.address.slice(0, this.address.lastIndexOf(':'));
  }

  get port(): number {
    return Number(this.address.slice(this.address.lastIndexOf(':') + 1));
  }

  setRunning(running: boolean): void {
    if (this.running === running) return;
    this.running = running;
    for (const listener of [...this.listeners]) listener();
  }

  /** Told whenever the server stops or starts (the live edge closes and reopens its listener). */
  onChange(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  private nodeKey(nodeUuid: string): Buffer {
    return createHmac('sha256', this.masterKey).update(nodeUuid).digest();
  }

  /** Seal: `nonce` defaults to the next draw of the server's stream (a live caller passes its own). */
  seal(request: KmsRequest, nonce: Buffer = Buffer.from(this.random.hex(NONCE_BYTES * 2), 'hex')): KmsResult {
    if (request.data.length !== KMS_PASSPHRASE_BYTES) return { code: 'InvalidArgument', message: 'incorrect data length' };
    const cipher = createCipheriv('aes-256-gcm', this.nodeKey(request.nodeUuid), nonce);
    const sealed = Buffer.concat([cipher.update(request.data), cipher.final(), cipher.getAuthTag()]);
    return { data: Buffer.concat([nonce, sealed]) };
  }

  /** Unseal: the passphrase, or random bytes when the data was sealed for another node or key. */
  unseal(request: KmsRequest, randomBytes: () => Buffer = () => Buffer.from(this.random.hex(KMS_PASSPHRASE_BYTES * 2), 'hex')): KmsResult {
    // The test server checks aes.BlockSize + passphrase + nonce, which is the tag's 16 bytes.
    if (request.data.length !== TAG_BYTES + KMS_PASSPHRASE_BYTES + NONCE_BYTES) return { code: 'InvalidArgument', message: 'incorrect data length' };
    const data = Buffer.from(request.data);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.nodeKey(request.nodeUuid), data.subarray(0, NONCE_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      return { data: Buffer.concat([decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)), decipher.final()]) };
    } catch {
      return { data: randomBytes() };
    }
  }
}

/** Talos's endpoint.Parse, then grpc-go's default port: host, port and whether TLS is used. */
export function parseKmsEndpoint(endpoint: string): { host: string; port: number; tls: boolean } {
  const withScheme = /[a-zA-Z]+:\/\//.test(endpoint) ? endpoint : `grpc://${endpoint}`;
  const scheme = withScheme.slice(0, withScheme.indexOf('://')).toLowerCase();
  const rest = withScheme.slice(withScheme.indexOf('://') + 3);
  const hostPort = rest.split(/[/?#]/)[0]!.replace(/^.*@/, '');
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(hostPort);
  const host = match?.[1] ?? hostPort;
  return { host, port: match?.[2] === undefined ? 443 : Number(match[2]), tls: scheme !== 'grpc' };
}

const refused = (host: string, port: number) =>
  `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${host}:${port}: connect: connection refused"`;
const TIMED_OUT = 'rpc error: code = DeadlineExceeded desc = context deadline exceeded while waiting for connections to become ready';
const TLS_ON_PLAINTEXT = 'rpc error: code = Unavailable desc = connection error: desc = "transport: authentication handshake failed: tls: first record does not look like a TLS handshake"';

/** KMS endpoints as the nodes reach them: the declared server (if any) over the LAN; nothing else answers. */
export class KmsEndpoints implements NodeKms {
  constructor(
    private readonly network: Network,
    readonly server: KmsServer | undefined,
  ) {}

  call(node: string, endpoint: string, method: 'Seal' | 'Unseal', request: KmsRequest): KmsAnswer {
    const { host, port, tls } = parseKmsEndpoint(endpoint);
    const server = this.server;
    if (server === undefined || host !== server.host || port !== server.port) return { error: refused(host, port) };
    const upstream = this.network.inSubnet(server.host) || !this.network.faults.upstreamUnreachable;
    if (!upstream || !this.network.canTalk(node, KMS_ENDPOINT)) return { error: TIMED_OUT };
    if (!server.running) return { error: refused(host, port) };
    if (tls) return { error: TLS_ON_PLAINTEXT };
    const result = method === 'Seal' ? server.seal(request) : server.unseal(request);
    return 'data' in result ? result : { error: `rpc error: code = ${result.code} desc = ${result.message}` };
  }
}
