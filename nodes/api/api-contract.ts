// The contract between the gRPC edge and the per-service handler files. A handler is a thin
// translator: it reads the request, calls node commands / reads node resources, and returns the
// reply message (plain objects shaped like the proto, snake_case field names as proto-loader
// gives them with keepCase). Errors are thrown as TalosApiError (nodes/api-error.ts) and mapped
// to gRPC status by the server. The server (api-server.ts) does TLS, authorization and apid
// routing before a handler ever runs.
import type { VirtualNode } from '../node.ts';
import type { Role } from '../vocabulary.ts';
import type { TalosServiceName } from '../../proto/load.ts';
import type { NodeDirectory } from './node-directory.ts';

export interface CallContext {
  /** The node whose machined answers (after routing). */
  node: VirtualNode;
  cluster: NodeDirectory;
  /** Roles of the caller (from the client certificate's O, or os:reader in maintenance mode). */
  roles: ReadonlySet<Role>;
  /** The node has no config yet: apid serves TLS without client certificates. */
  maintenance: boolean;
  /** Aborted when the client cancels or the stream ends. */
  signal: AbortSignal;
}

export type UnaryHandler = (request: any, context: CallContext) => unknown | Promise<unknown>;

/** A server-streaming handler: `send` each message; resolve when the stream is complete. */
export type StreamHandler = (request: any, context: CallContext, send: (message: unknown) => void) => Promise<void>;

export interface ServiceImplementation {
  service: TalosServiceName;
  unary: Record<string, UnaryHandler>;
  streams: Record<string, StreamHandler>;
}
