// Talks to a running `talsim up` as a real client would: reads nodes.json and talosconfig from the
// state directory and makes gRPC calls over mutual TLS with the talosconfig's credentials (or
// server-only TLS, as `talosctl --insecure` does, to a node in maintenance mode).
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { join } from 'node:path';
import { credentials as grpcCredentials, makeGenericClientConstructor, Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { serviceDefinition, type TalosServiceName } from '../../proto/load.ts';
import { readTalosconfig, toOpenSslPrivateKeyPem } from '../../nodes/pki/index.ts';
import type { LiveNodeEntry, NodesJson } from '../../sim/live/state-dir.ts';

export function readNodesJson(stateDir: string): NodesJson {
  return JSON.parse(readFileSync(join(stateDir, 'nodes.json'), 'utf8')) as NodesJson;
}

type UnaryMethod = (request: unknown, metadata: Metadata, options: { deadline: number }, callback: (error: ServiceError | null, reply: unknown) => void) => void;
type StreamMethod = (request: unknown, metadata: Metadata, options: { deadline: number }) => NodeJS.EventEmitter;

export interface LiveClient {
  unary<T>(method: string, request: unknown, metadata?: Record<string, string>): Promise<T>;
  /** Every message of a server stream that ends by itself. */
  stream<T>(method: string, request: unknown, metadata?: Record<string, string>): Promise<T[]>;
  close(): void;
}

const CALL_DEADLINE_MS = 10_000;

function metadataOf(entries: Record<string, string>): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
  return metadata;
}

/** The grpc-js client of `service` on the node's listener, with the talosconfig's credentials (or none: `insecure`). */
export function liveGrpcClient(stateDir: string, node: LiveNodeEntry, service: TalosServiceName, insecure = false): Client {
  const talosconfig = readTalosconfig(readFileSync(join(stateDir, 'talosconfig'), 'utf8'));
  const channelCredentials = insecure
    ? grpcCredentials.createSsl(null, null, null, { checkServerIdentity: () => undefined, rejectUnauthorized: false })
    : grpcCredentials.createSsl(Buffer.from(talosconfig.caPem), Buffer.from(toOpenSslPrivateKeyPem(talosconfig.keyPem)), Buffer.from(talosconfig.crtPem));
  const Constructor = makeGenericClientConstructor(serviceDefinition(service) as never, service);
  return new Constructor(`${node.apiAddress}:${node.apiPort}`, channelCredentials) as unknown as Client;
}

/** A client of `service` on the node's listener, with the talosconfig's credentials (or none: `insecure`). */
export function liveClient(stateDir: string, node: LiveNodeEntry, service: TalosServiceName, insecure = false): LiveClient {
  const client = liveGrpcClient(stateDir, node, service, insecure) as Client & Record<string, unknown>;
  return {
    unary<T>(method: string, request: unknown, metadata: Record<string, string> = {}) {
      return new Promise<T>((resolve, reject) => {
        (client[method] as UnaryMethod).call(client, request, metadataOf(metadata), { deadline: Date.now() + CALL_DEADLINE_MS }, (error, reply) => (error ? reject(error) : resolve(reply as T)));
      });
    },
    stream<T>(method: string, request: unknown, metadata: Record<string, string> = {}) {
      return new Promise<T[]>((resolve, reject) => {
        const messages: T[] = [];
        const call = (client[method] as StreamMethod).call(client, request, metadataOf(metadata), { deadline: Date.now() + CALL_DEADLINE_MS });
        call.on('data', (message: T) => messages.push(message));
        call.on('error', reject);
        call.on('end', () => resolve(messages));
      });
    },
    close: () => client.close(),
  };
}

/** The config stream with `labels` set in the v1alpha1 document's machine.nodeLabels (the other documents as written). */
export function withNodeLabels(configText: string, labels: Record<string, string>): string {
  const documents = configText.split(/^---\n/m);
  const document = parseDocument(documents[0]!);
  for (const [key, value] of Object.entries(labels)) document.setIn(['machine', 'nodeLabels', key], value);
  documents[0] = document.toString();
  return documents.join('---\n');
}
