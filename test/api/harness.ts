// A booted cluster behind real apid listeners for API tests: builds a cluster plan in code
// (cp-1.., worker-1.., and optionally new-1.. booting from ISO into maintenance mode), runs it in
// virtual time until bootstrapped and every node is running and ready (or in maintenance), starts
// the servers on loopback, and hands out grpc-js clients with the generated talosconfig's
// certificate (or another identity). Virtual time then stands still unless a test drives it:
// `drive.settle(promise)` advances the kernel in small steps while a call is in flight, `advance`
// jumps, `startPacer` lets virtual time follow wall time.
//
// The cluster's virtual zero is one hour before the real clock (what the nodes show as dates);
// certificates are dated on the real wall clock plus a node's skew, so they are valid for real TLS
// clients (and a node skewed by days is not).
import * as grpc from '@grpc/grpc-js';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { RealTimePacer } from '../../sim/kernel/pacer.ts';
import type { Kernel } from '../../sim/kernel/kernel.ts';
import { RandomTree } from '../../sim/kernel/random-tree.ts';
import type { ClusterPlan, NodePlan } from '../../sim/scenario/plan.ts';
import type { VirtualNode } from '../../nodes/node.ts';
import { bootstrap } from '../../nodes/node-commands.ts';
import { startNodeApiServers, type NodeApiServers } from '../../nodes/api/api-server.ts';
import { talosServiceImplementations } from '../../nodes/api/talos-services.ts';
import type { ServiceImplementation } from '../../nodes/api/api-contract.ts';
import { serviceDefinition, type TalosServiceName } from '../../proto/load.ts';
import { issueClientCertificate, machineCaOf, readTalosconfig, toOpenSslPrivateKeyPem, type ExtendedKeyUsage, type TalosconfigContext } from '../../nodes/pki/index.ts';

export interface TestClusterOptions {
  controlPlanes: number;
  workers: number;
  /** Extra nodes (`new-1`, ...) that boot from ISO without config and wait in maintenance mode. */
  unconfigured?: number;
  seed?: string;
  talosVersion?: string;
  /** More services to serve (e.g. COSI State); the Talos services of nodes/api are always served. */
  services?: ServiceImplementation[];
  /** Server certificate key algorithm. */
  serverKeyAlgorithm?: 'ed25519' | 'ecdsa-p256';
  /** Where virtual zero sits on the calendar (default an hour before the wall clock). */
  epochWallMs?: number;
  /** Hardware of named nodes (default: the `default` profile). */
  hardware?: Record<string, NodePlan['hardware']>;
}

export interface ClientOptions {
  /** talosctl --insecure: TLS without verifying the server and without a client certificate. */
  insecure?: boolean;
  /** A fresh client certificate from the cluster's machine CA with these Organization values. */
  roles?: string[];
  /** Extended key usages of that fresh certificate (default clientAuth). */
  extendedKeyUsage?: ExtendedKeyUsage[];
  /** A talosconfig's text (default: the cluster's generated one). */
  talosconfig?: string;
  /** Largest message the client reads (grpc-js's default is 4 MiB; talosctl reads up to 32 MiB). */
  maxReceiveMessageBytes?: number;
}

export interface Drive {
  /** Advances virtual time in `stepMs` slices, yielding to I/O between them, until `promise` settles (else throws). */
  settle<T>(promise: Promise<T>, options?: { stepMs?: number; maxVirtualMs?: number }): Promise<T>;
  /** Runs the kernel until `condition` holds (synchronously), then resyncs the listeners. */
  runUntil(condition: () => boolean, maxVirtualMs: number): Promise<boolean>;
  /** Jumps virtual time forward, then resyncs the listeners. */
  advance(durationMs: number): Promise<void>;
  /** Lets virtual time follow wall time × speed until stopPacer. */
  startPacer(speed: number): void;
  stopPacer(): void;
}

export interface TestCluster {
  cluster: SimCluster;
  servers: NodeApiServers;
  kernel: Kernel;
  talosconfig: TalosconfigContext;
  node(name: string): VirtualNode;
  /** `host:port` of a node's apid. */
  target(nodeName: string): string;
  /** A grpc-js client of `service` dialing `nodeName`'s apid (default: the first node). */
  client(service: TalosServiceName, nodeName?: string, options?: ClientOptions): grpc.Client;
  drive: Drive;
  close(): Promise<void>;
}

/** Wall-clock offset of the cluster's virtual zero (see the file comment). */
export const EPOCH_BEFORE_NOW_MS = 3_600_000;
const BOOT_LIMIT_MS = 20 * 60_000;

function nodePlan(name: string, role: NodePlan['role'], configured: boolean, hardware: NodePlan['hardware'] = { profile: 'default' }): NodePlan {
  return {
    name,
    role,
    hardware,
    config: { source: 'generated', patches: [] },
    configured,
    source: { file: 'test/api/harness.ts', line: 1, column: 1 },
  };
}

export function testClusterPlan(options: TestClusterOptions): ClusterPlan {
  const numbered = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${index + 1}`);
  return {
    name: 'talsim',
    endpoint: '',
    subnet: '10.5.0.0/24',
    talosVersion: options.talosVersion ?? 'v1.13.0',
    nodes: [
      ...numbered('cp', options.controlPlanes).map((name) => nodePlan(name, 'controlplane', true, options.hardware?.[name])),
      ...numbered('worker', options.workers).map((name) => nodePlan(name, 'worker', true, options.hardware?.[name])),
      ...numbered('new', options.unconfigured ?? 0).map((name) => nodePlan(name, 'worker', false, options.hardware?.[name])),
    ],
  };
}

export function isRunningAndReady(node: VirtualNode): boolean {
  const status = node.resources.get<{ stage: string; status: { ready: boolean } }>('runtime', 'MachineStatuses.runtime.talos.dev', 'machine');
  return status?.spec.stage === 'running' && status.spec.status.ready;
}

function isSettled(node: VirtualNode): boolean {
  return node.config ? isRunningAndReady(node) : node.stage() === 'maintenance' && node.apiReachable();
}

/** Boots every node: bootstraps cp-1 once its etcd waits for it, then runs until all are settled. */
export function bootCluster(cluster: SimCluster): void {
  const kernel = cluster.world.kernel;
  cluster.powerOnAll();
  const first = [...cluster.nodes.values()].find((node) => node.config && node.isControlPlane());
  if (first) {
    if (!kernel.runUntilCondition(() => first.services.state('etcd') === 'Preparing', { maxTimeMs: kernel.now + BOOT_LIMIT_MS })) {
      throw new Error(`${first.name}: etcd never waited for bootstrap`);
    }
    bootstrap(first);
  }
  const nodes = [...cluster.nodes.values()];
  if (!kernel.runUntilCondition(() => nodes.every(isSettled), { maxTimeMs: kernel.now + BOOT_LIMIT_MS })) {
    throw new Error(`cluster did not settle: ${nodes.filter((node) => !isSettled(node)).map((node) => `${node.name} ${node.stage()}`).join(', ')}`);
  }
}

const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.initial_reconnect_backoff_ms': 50,
  'grpc.max_reconnect_backoff_ms': 200,
  'grpc.use_local_subchannel_pool': 1,
};

const identities = new RandomTree('test-api-client-identities');
let identityCount = 0;

function channelCredentials(cluster: SimCluster, talosconfig: TalosconfigContext, options: ClientOptions): grpc.ChannelCredentials {
  if (options.insecure) return grpc.credentials.createSsl(null, null, null, { rejectUnauthorized: false });
  if (options.roles || options.extendedKeyUsage) {
    const certificate = issueClientCertificate({
      ca: machineCaOf(cluster.secrets),
      stream: identities.stream(`client-${identityCount++}`),
      notBefore: new Date(cluster.world.epochWallMs),
      roles: options.roles ?? ['os:admin'],
      extendedKeyUsage: options.extendedKeyUsage,
    });
    return grpc.credentials.createSsl(Buffer.from(talosconfig.caPem), Buffer.from(toOpenSslPrivateKeyPem(certificate.key)), Buffer.from(certificate.crt));
  }
  const context = options.talosconfig ? readTalosconfig(options.talosconfig) : talosconfig;
  return grpc.credentials.createSsl(Buffer.from(context.caPem), Buffer.from(toOpenSslPrivateKeyPem(context.keyPem)), Buffer.from(context.crtPem));
}

function makeDrive(cluster: SimCluster, servers: () => NodeApiServers | undefined): Drive & { stop(): void } {
  const kernel = cluster.world.kernel;
  let pacer: RealTimePacer | undefined;
  const resync = async () => {
    await servers()?.refresh();
  };
  return {
    async settle(promise, options = {}) {
      const stepMs = options.stepMs ?? 50;
      const limitMs = kernel.now + (options.maxVirtualMs ?? 10 * 60_000);
      let settled = false;
      const tracked = promise.finally(() => (settled = true));
      tracked.catch(() => undefined);
      while (!settled && kernel.now < limitMs) {
        kernel.advance(Math.min(stepMs, limitMs - kernel.now));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      for (let turn = 0; !settled && turn < 100; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
      if (!settled) throw new Error(`call still pending after ${options.maxVirtualMs ?? 10 * 60_000} ms of virtual time`);
      return tracked;
    },
    async runUntil(condition, maxVirtualMs) {
      const met = kernel.runUntilCondition(condition, { maxTimeMs: kernel.now + maxVirtualMs });
      await resync();
      return met;
    },
    async advance(durationMs) {
      kernel.advance(durationMs);
      await resync();
    },
    startPacer(speed) {
      pacer?.stop();
      pacer = new RealTimePacer(kernel, speed);
      pacer.start();
    },
    stopPacer() {
      pacer?.stop();
      pacer = undefined;
    },
    stop() {
      pacer?.stop();
    },
  };
}

export async function startTestCluster(options: TestClusterOptions): Promise<TestCluster> {
  const cluster = new SimCluster(testClusterPlan(options), { seed: options.seed ?? 'api-tests', epochWallMs: options.epochWallMs ?? Date.now() - EPOCH_BEFORE_NOW_MS });
  bootCluster(cluster);
  let servers: NodeApiServers | undefined;
  const drive = makeDrive(cluster, () => servers);
  servers = await startNodeApiServers(cluster, {
    port: 0,
    fallbackPorts: true,
    serverKeyAlgorithm: options.serverKeyAlgorithm,
    services: [...talosServiceImplementations(), ...(options.services ?? [])],
  });
  const started = servers;
  const talosconfig = readTalosconfig(cluster.generated.talosconfig);
  const clients: grpc.Client[] = [];
  const target = (nodeName: string) => {
    const endpoint = started.endpoints.get(nodeName);
    if (!endpoint) throw new Error(`no node named ${nodeName}`);
    return `${endpoint.address}:${endpoint.port}`;
  };
  return {
    cluster,
    servers: started,
    kernel: cluster.world.kernel,
    talosconfig,
    node: (name) => cluster.node(name),
    target,
    client(service, nodeName = [...cluster.nodes.keys()][0]!, clientOptions = {}) {
      const Client = grpc.makeGenericClientConstructor(serviceDefinition(service), service);
      const channelOptions = clientOptions.maxReceiveMessageBytes === undefined ? CHANNEL_OPTIONS : { ...CHANNEL_OPTIONS, 'grpc.max_receive_message_length': clientOptions.maxReceiveMessageBytes };
      const client = new Client(target(nodeName), channelCredentials(cluster, talosconfig, clientOptions), channelOptions);
      clients.push(client);
      return client;
    },
    drive,
    async close() {
      drive.stop();
      clients.forEach((client) => client.close());
      await started.close();
    },
  };
}

// --- calling helpers ------------------------------------------------------------------------

export interface CallOptions {
  /** `node` metadata (one target) or legacy `nodes` metadata (several). */
  node?: string;
  nodes?: string[];
  metadata?: Record<string, string | string[]>;
  deadlineMs?: number;
}

function metadataOf(options: CallOptions): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (options.node !== undefined) metadata.add('node', options.node);
  for (const node of options.nodes ?? []) metadata.add('nodes', node);
  for (const [key, value] of Object.entries(options.metadata ?? {})) for (const item of [value].flat()) metadata.add(key, item);
  return metadata;
}

function callOptionsOf(options: CallOptions): grpc.CallOptions {
  return options.deadlineMs === undefined ? {} : { deadline: Date.now() + options.deadlineMs };
}

type UnaryMethod = (request: unknown, metadata: grpc.Metadata, options: grpc.CallOptions, callback: (error: grpc.ServiceError | null, reply: unknown) => void) => void;
type StreamMethod = (request: unknown, metadata: grpc.Metadata, options: grpc.CallOptions) => grpc.ClientReadableStream<unknown>;

/** A unary call as a promise: the reply, or the grpc-js ServiceError. */
export function unary<T = any>(client: grpc.Client, method: string, request: unknown = {}, options: CallOptions = {}): Promise<T> {
  const call = (client as unknown as Record<string, UnaryMethod>)[method];
  if (!call) throw new Error(`no method ${method}`);
  return new Promise((resolve, reject) =>
    call.call(client, request, metadataOf(options), callOptionsOf(options), (error, reply) => (error ? reject(error) : resolve(reply as T))),
  );
}

export interface StreamResult<T> {
  messages: T[];
  error?: grpc.ServiceError;
}

/** Reads a server stream until it ends, fails, or `until` says enough (then cancels it). */
export function collect<T = any>(client: grpc.Client, method: string, request: unknown = {}, options: CallOptions & { until?: (messages: T[]) => boolean } = {}): Promise<StreamResult<T>> {
  const call = (client as unknown as Record<string, StreamMethod>)[method];
  if (!call) throw new Error(`no method ${method}`);
  const stream = call.call(client, request, metadataOf(options), callOptionsOf(options));
  const messages: T[] = [];
  return new Promise((resolve) => {
    let done = false;
    const finish = (error?: grpc.ServiceError) => {
      if (done) return;
      done = true;
      resolve({ messages, error });
    };
    stream.on('data', (message: T) => {
      messages.push(message);
      if (options.until?.(messages)) {
        finish();
        stream.cancel();
      }
    });
    stream.on('error', (error: grpc.ServiceError) => finish(error));
    stream.on('end', () => finish());
  });
}
