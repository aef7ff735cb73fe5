// The path of every call through a node's apid: who is calling (caller-identity), where the call
// goes (apid-router, fan-out), whether the caller may call it there (admission), then the
// target's handler with its own CallContext. Methods with no handler answer Unimplemented after
// authorization, as Go's generated Unimplemented servers do; client- and bidi-streaming methods
// are never emulated.
import type {
  MethodDefinition,
  sendUnaryData,
  ServerDuplexStream,
  ServerReadableStream,
  ServerUnaryCall,
  ServerWritableStream,
  UntypedHandleCall,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { TalosApiError } from '../api-error.ts';
import type { VirtualNode } from '../node.ts';
import type { Role } from '../vocabulary.ts';
import type { NodeDirectory } from './node-directory.ts';
import { serviceDefinition, type TalosServiceName } from '../../proto/load.ts';
import type { CallContext, ServiceImplementation } from './api-contract.ts';
import { API_ERRORS } from '../vocabulary.ts';
import { CallSession } from './call-session.ts';
import { callerRoles } from './caller-identity.ts';
import { authorizeCall } from './admission.ts';
import { reachTarget, routeOf, type Route } from './apid-router.ts';
import { failureElement, mergeUnaryReplies, stampHostname } from './fan-out.ts';
import { apiErrorOf, grpcError, statusOf, type ApiStatus } from './grpc-status.ts';

/** A node's listener as the dispatcher sees it. */
export interface Endpoint {
  readonly cluster: NodeDirectory;
  readonly node: VirtualNode;
  /** The listener serves TLS without client certificates (the node had no config when it was bound). */
  readonly maintenance: boolean;
  readonly implementations: ReadonlyMap<string, ServiceImplementation>;
  /** Registers a call in flight; returns its removal. */
  track(session: CallSession): () => void;
  /** The listener of another node (forwarded calls are cut off when that node's apid goes). */
  peerOf(node: VirtualNode): Endpoint | undefined;
  /** The node whose listener has this address on this machine (talosctl dials `-n` directly for maintenance checks). */
  nodeListeningAt(address: string): VirtualNode | undefined;
}

interface Invocation {
  fullMethod: string;
  service: string;
  method: string;
  request: unknown;
  roles: ReadonlySet<Role>;
  /** The session whose signal the handler sees (the call's own, or a forwarded call's on the target). */
  session: CallSession;
  readonly signal: AbortSignal;
}

function makeInvocation(fields: Omit<Invocation, 'signal'>): Invocation {
  return {
    ...fields,
    get signal() {
      return this.session.signal;
    },
  };
}

type Send = (message: unknown) => void;

/** Authorizes on the answering node and builds the handler's context (its signal made on first use). */
function prepare(endpoint: Endpoint, node: VirtualNode, invocation: Invocation): CallContext {
  const maintenance = node.config === undefined;
  authorizeCall(invocation.fullMethod, invocation.roles, maintenance);
  return {
    node,
    cluster: endpoint.cluster,
    roles: invocation.roles,
    maintenance,
    get signal() {
      return invocation.signal;
    },
  };
}

const notImplemented = (method: string) => new TalosApiError('Unimplemented', API_ERRORS.methodNotImplemented(method));

async function answerUnary(endpoint: Endpoint, node: VirtualNode, invocation: Invocation): Promise<unknown> {
  const context = prepare(endpoint, node, invocation);
  const handler = endpoint.implementations.get(invocation.service)?.unary[invocation.method];
  if (!handler) throw notImplemented(invocation.method);
  return handler(invocation.request, context);
}

async function answerStream(endpoint: Endpoint, node: VirtualNode, invocation: Invocation, send: Send): Promise<void> {
  const context = prepare(endpoint, node, invocation);
  const handler = endpoint.implementations.get(invocation.service)?.streams[invocation.method];
  if (!handler) throw notImplemented(invocation.method);
  await handler(invocation.request, context, send);
}

async function targetNode(endpoint: Endpoint, target: string, signal: AbortSignal): Promise<VirtualNode> {
  return reachTarget(endpoint.cluster, endpoint.node, target, signal, (address) => endpoint.nodeListeningAt(address));
}

/**
 * Runs a forwarded call with a session tracked on the target's listener: when the target's apid
 * goes away mid-call, the call fails as apid's backend stream does.
 */
async function onTarget<T>(endpoint: Endpoint, node: VirtualNode, invocation: Invocation, streaming: boolean, run: (invocation: Invocation) => Promise<T>): Promise<T> {
  const peer = node === endpoint.node ? undefined : endpoint.peerOf(node);
  if (!peer) return run(invocation);
  let cutOff: ApiStatus | undefined;
  const child = new CallSession((status) => (cutOff = status), streaming);
  const cancelChild = () => child.cancel();
  invocation.signal.addEventListener('abort', cancelChild, { once: true });
  const untrack = peer.track(child);
  try {
    const { fullMethod, service, method, request, roles } = invocation;
    const result = await run(makeInvocation({ fullMethod, service, method, request, roles, session: child }));
    if (cutOff) throw apiErrorOf(cutOff);
    return result;
  } catch (error) {
    throw cutOff ? apiErrorOf(cutOff) : error;
  } finally {
    untrack();
    invocation.signal.removeEventListener('abort', cancelChild);
    child.settle(() => undefined);
    child.markDelivered();
  }
}

async function routedUnary(endpoint: Endpoint, route: Route, invocation: Invocation): Promise<unknown> {
  if (route.kind === 'local') return answerUnary(endpoint, endpoint.node, invocation);
  const forward = async (target: string) => {
    const node = await targetNode(endpoint, target, invocation.signal);
    return onTarget(endpoint, node, invocation, false, (forwarded) => answerUnary(endpoint, node, forwarded));
  };
  if (route.kind === 'one') return forward(route.target);
  const replies = await Promise.all(
    route.targets.map(async (target) => {
      try {
        return { target, reply: await forward(target) };
      } catch (error) {
        return { target, error };
      }
    }),
  );
  return mergeUnaryReplies(replies);
}

async function routedStream(endpoint: Endpoint, route: Route, invocation: Invocation, send: Send): Promise<void> {
  if (route.kind === 'local') return answerStream(endpoint, endpoint.node, invocation, send);
  const forward = async (target: string, sendTo: Send) => {
    const node = await targetNode(endpoint, target, invocation.signal);
    await onTarget(endpoint, node, invocation, true, (forwarded) => answerStream(endpoint, node, forwarded, sendTo));
  };
  if (route.kind === 'one') return forward(route.target, send);
  await Promise.all(
    route.targets.map(async (target) => {
      try {
        await forward(target, (message) => send(stampHostname(message, target)));
      } catch (error) {
        if (!invocation.signal.aborted) send(failureElement(target, error));
      }
    }),
  );
}

type AnyCall = ServerUnaryCall<unknown, unknown> | ServerWritableStream<unknown, unknown> | ServerReadableStream<unknown, unknown>;

function invocationOf(endpoint: Endpoint, service: string, method: string, path: string, call: AnyCall, request: unknown, session: CallSession) {
  const roles = callerRoles(call, endpoint.maintenance);
  const route = routeOf(path, call.metadata, !endpoint.maintenance);
  const invocation = makeInvocation({ fullMethod: path, service, method, request, roles, session });
  return { route, invocation };
}

function unaryHandler(endpoint: Endpoint, service: string, method: string, path: string): UntypedHandleCall {
  return async (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
    const session = new CallSession((status) => callback(grpcError(status)));
    const untrack = endpoint.track(session);
    // grpc-js reports 'cancelled' once the status has gone out (or the client went away): only
    // then is the call no longer the listener's concern (it must not swap credentials before).
    call.on('cancelled', () => {
      session.cancel();
      session.markDelivered();
      untrack();
    });
    try {
      const { route, invocation } = invocationOf(endpoint, service, method, path, call, call.request, session);
      const reply = await routedUnary(endpoint, route, invocation);
      session.settle(() => callback(null, reply));
    } catch (error) {
      session.fail(statusOf(error));
    }
  };
}

function streamHandler(endpoint: Endpoint, service: string, method: string, path: string): UntypedHandleCall {
  return async (call: ServerWritableStream<unknown, unknown>) => {
    const session = new CallSession((status) => call.emit('error', grpcError(status)), true);
    const untrack = endpoint.track(session);
    const gone = () => {
      session.cancel();
      session.markDelivered();
    };
    call.on('cancelled', gone);
    // A client that went away before the handler ran: grpc-js has already emitted 'cancelled', so
    // without this check a follow stream would subscribe and never hear that its client is gone.
    if (call.cancelled) gone();
    const send: Send = (message) => {
      if (!session.done && !call.cancelled) call.write(message);
    };
    try {
      const { route, invocation } = invocationOf(endpoint, service, method, path, call, call.request, session);
      await routedStream(endpoint, route, invocation, send);
      session.settle(() => call.end());
    } catch (error) {
      session.fail(statusOf(error));
    } finally {
      untrack();
      session.markDelivered();
    }
  };
}

/** Client- and bidi-streaming methods: identified, routed and authorized, then Unimplemented. */
function unsupportedHandler(endpoint: Endpoint, method: string, path: string, clientStreamOnly: boolean): UntypedHandleCall {
  const refuse = (call: ServerReadableStream<unknown, unknown> | ServerDuplexStream<unknown, unknown>) => {
    const roles = callerRoles(call, endpoint.maintenance);
    routeOf(path, call.metadata, !endpoint.maintenance);
    authorizeCall(path, roles, endpoint.node.config === undefined);
    throw notImplemented(method);
  };
  if (clientStreamOnly) {
    return (call: ServerReadableStream<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      try {
        refuse(call);
      } catch (error) {
        callback(grpcError(statusOf(error)));
      }
    };
  }
  return (call: ServerDuplexStream<unknown, unknown>) => {
    try {
      refuse(call);
    } catch (error) {
      call.emit('error', grpcError(statusOf(error)));
    }
  };
}

/** grpc-js handlers for every method of `service` on one node's listener. */
export function serviceHandlers(endpoint: Endpoint, service: TalosServiceName): UntypedServiceImplementation {
  const handlers: UntypedServiceImplementation = {};
  for (const [method, definition] of Object.entries(serviceDefinition(service)) as Array<[string, MethodDefinition<unknown, unknown>]>) {
    const path = definition.path;
    if (definition.requestStream) handlers[method] = unsupportedHandler(endpoint, method, path, !definition.responseStream);
    else if (definition.responseStream) handlers[method] = streamHandler(endpoint, service, method, path);
    else handlers[method] = unaryHandler(endpoint, service, method, path);
  }
  return handlers;
}
