// The cluster's kube-apiserver face: HTTPS on loopback (HTTP/1.1, JSON only), its serving
// certificate from the cluster's Kubernetes CA, client certificates verified against the same CA
// (anonymous auth is off in Talos: no valid certificate, 401 for everything). Answers only while
// the model has a kube-apiserver running (otherwise connections are dropped); while etcd has no
// quorum /readyz fails and reads of objects fail with etcd's timeout, as upstream. It binds first
// (so the port can go into the cluster's endpoint) and serves once a cluster is attached.
// Leaves out: HTTP/2, protobuf/CBOR, OpenAPI, tokens, authorization (admin is system:masters).
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { KubernetesCluster } from '../cluster/kubernetes.ts';
import type { RandomStream } from '../kernel/random-tree.ts';
import type { PemCertificateAndKey } from '../../nodes/pki/index.ts';
import { AGGREGATED_CONTENT_TYPE, aggregatedDiscovery, legacyApiVersions, legacyGroup, legacyGroupList, legacyResourceList, wantsAggregated, GROUPS } from './discovery.ts';
import { healthAnswer, versionInfo } from './health.ts';
import { KubeStatusError, badRequest, etcdTimeout, methodNotAllowed, notFound, pathNotFound, unauthorized } from './status.ts';
import { issueServingCertificate } from './serving-certificate.ts';
import type { KubeClock } from './objects.ts';
import { routeResource, type ResourceRoute } from './routes.ts';
import { serveRead } from './reads.ts';
import { deletePod, evictPod, patchNode, type KubeWrite } from './writes.ts';

export interface KubeApiAttachment {
  kube: KubernetesCluster;
  clock: KubeClock;
  ca: PemCertificateAndKey;
  /** Host of the cluster endpoint (goes into the serving certificate's SANs). */
  endpointHost: string;
  /** Control planes' addresses (more SANs). */
  addresses: string[];
  kubernetesVersion: string;
  stream: RandomStream;
  /**
   * NotBefore of the serving certificate: the wall clock, as every certificate a real client
   * checks (nodes/api/certificate-clock.ts); virtual time's calendar may be days off it.
   */
  servingNotBefore: Date;
  /** Told of every write that took effect, after it did (`talsim up --record` writes them down). */
  onWrite?: (write: KubeWrite) => void;
}

export interface KubeApiServer {
  readonly address: string;
  readonly port: number;
  /** `https://127.0.0.1:<port>`: what the kubeconfig's `server:` names. */
  readonly url: string;
  attach(attachment: KubeApiAttachment): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function listenKubeApi(address = '127.0.0.1', port = 0): Promise<KubeApiServer> {
  let attached: KubeApiAttachment | undefined;
  const server: Server = createServer({ requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' }, (request, response) => {
    void handle(attached, request, response, `${address}:${actualPort}`);
  });
  server.on('connection', (socket: Socket) => {
    if (!attached || attached.kube.apiServerNodes().length === 0) socket.destroy();
  });
  server.on('tlsClientError', () => undefined);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as { port: number }).port;
  return {
    address,
    port: actualPort,
    url: `https://${address}:${actualPort}`,
    attach(attachment) {
      const certificate = issueServingCertificate({
        ca: attachment.ca,
        endpointHost: attachment.endpointHost,
        addresses: attachment.addresses,
        stream: attachment.stream,
        notBefore: attachment.servingNotBefore,
      });
      server.setSecureContext({ cert: certificate.crt, key: certificate.key, ca: attachment.ca.crt });
      attached = attachment;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(attached: KubeApiAttachment | undefined, request: IncomingMessage, response: ServerResponse, serverAddress: string): Promise<void> {
  try {
    if (!attached) throw new KubeStatusError(503, 'ServiceUnavailable', 'the apiserver is starting');
    if (!(request.socket as TLSSocket).authorized) throw unauthorized();
    const url = new URL(request.url ?? '/', 'https://kube-apiserver');
    const body = request.method === 'GET' ? '' : await readBody(request);
    const answer = route(attached, request, response, url, body, serverAddress);
    if (answer === 'streaming') return;
    if (typeof answer.body === 'string') {
      response.writeHead(answer.status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache, private' });
      response.end(answer.body);
      return;
    }
    sendJson(response, answer.status, answer.body, answer.contentType);
  } catch (error) {
    const status = error instanceof KubeStatusError ? error : new KubeStatusError(500, 'InternalError', `Internal error occurred: ${(error as Error).message}`);
    if (!response.headersSent) sendJson(response, status.code, status.body());
    else response.end();
  }
}

type Answer = { status: number; body: unknown; contentType?: string } | 'streaming';

function route(attached: KubeApiAttachment, request: IncomingMessage, response: ServerResponse, url: URL, body: string, serverAddress: string): Answer {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = request.method ?? 'GET';
  const accept = request.headers.accept;
  const kube = attached.kube;
  if (path === '/readyz' || path === '/livez' || path === '/healthz') {
    if (method !== 'GET') throw methodNotAllowed(method, path);
    const answer = healthAnswer(path.slice(1) as 'readyz', url.searchParams, kube.apiAnswering);
    return { status: answer.status, body: answer.body };
  }
  if (path === '/version') return { status: 200, body: versionInfo(attached.kubernetesVersion) };
  if (path === '/api' || path === '/apis') {
    if (wantsAggregated(accept)) return { status: 200, body: aggregatedDiscovery(path), contentType: AGGREGATED_CONTENT_TYPE };
    return { status: 200, body: path === '/api' ? legacyApiVersions(serverAddress) : legacyGroupList() };
  }
  if (path === '/api/v1') return { status: 200, body: legacyResourceList('') };
  const group = /^\/apis\/([^/]+)$/.exec(path)?.[1];
  if (group && GROUPS.includes(group)) return { status: 200, body: legacyGroup(group) };
  const groupVersion = /^\/apis\/([^/]+)\/v1$/.exec(path)?.[1];
  if (groupVersion && GROUPS.includes(groupVersion)) return { status: 200, body: legacyResourceList(groupVersion) };
  const resource = routeResource(path, kube, attached.clock);
  if (!resource) throw pathNotFound();
  return serveResource(attached, resource, method, request, response, url, body);
}

function serveResource(attached: KubeApiAttachment, route: ResourceRoute, method: string, request: IncomingMessage, response: ServerResponse, url: URL, body: string): Answer {
  const kube = attached.kube;
  if (!kube.apiAnswering) throw etcdTimeout();
  const { collection, name, namespace } = route;
  const info = collection.info;
  if (method === 'GET' && route.subresource === 'eviction') throw methodNotAllowed(method, `pods/eviction ${name ?? ''}`);
  if (method === 'GET') return serveRead(kube, attached.clock, route, request, response, url);
  if (method === 'PATCH' && info.resource === 'nodes' && name && !route.subresource) {
    const writes = patchNode(kube, name, request.headers['content-type'], body);
    const node = collection.objects().find((object) => object.metadata.name === name);
    if (!node) throw notFound('nodes', '', name);
    for (const write of writes) attached.onWrite?.(write);
    return { status: 200, body: node };
  }
  if (method === 'POST' && info.resource === 'pods' && name && namespace && route.subresource === 'eviction') {
    const pod = collection.objects().find((object) => object.metadata.name === name && object.metadata.namespace === namespace);
    const answer = evictPod(kube, namespace, name, pod !== undefined, body);
    attached.onWrite?.({ write: 'evict', node: podNode(pod), namespace, pod: name });
    return { status: 201, body: answer };
  }
  if (method === 'DELETE' && info.resource === 'pods' && name && namespace && !route.subresource) {
    const pod = collection.objects().find((object) => object.metadata.name === name && object.metadata.namespace === namespace);
    deletePod(kube, namespace, name, pod !== undefined);
    attached.onWrite?.({ write: 'delete-pod', node: podNode(pod), namespace, pod: name });
    return { status: 200, body: pod };
  }
  throw methodNotAllowed(method, `${info.resource}${name ? ` ${name}` : ''}`);
}

/** The node a pod is bound to ('' for an unbound one). */
function podNode(pod: Record<string, unknown> | undefined): string {
  return (pod?.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(badRequest('request body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function sendJson(response: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
