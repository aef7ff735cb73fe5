// The live control service's gRPC server: plaintext, bound to 127.0.0.1 on a free port, so only
// programs on this machine reach it; every call must carry the token `talsim up` wrote to the state
// directory (owner-only) as `authorization: Bearer <token>`, else it is refused UNAUTHENTICATED
// (`invalid control token`) before any handler runs. Refusals map to gRPC status: ControlRequestError
// by its code, FaultError as INVALID_ARGUMENT, anything else INTERNAL.
// Leaves out TLS: the socket never leaves loopback, and the token keeps other local users out.
import { timingSafeEqual } from 'node:crypto';
import { boundedDetails } from '../../nodes/api/grpc-status.ts';
import { Server, ServerCredentials, status as grpcCode, type Metadata, type sendUnaryData, type ServerUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { serviceDefinition } from '../../proto/load.ts';
import { bindServer } from '../../nodes/api/node-listener.ts';
import { FaultError } from '../faults/fault-error.ts';
import { ControlRequestError, INVALID_TOKEN_MESSAGE, type ControlRefusalCode } from './control-errors.ts';
import type { ControlHandlers, ControlMethod } from './control-service.ts';

export const CONTROL_SERVICE_NAME = 'talsim.control.v1.ControlService';
/** Loopback only: the service steers the cluster and must not be reachable from the network. */
export const CONTROL_ADDRESS = '127.0.0.1';

export interface ControlServer {
  address: string;
  port: number;
  close(): void;
}

const STATUS_OF: Record<ControlRefusalCode, grpcCode> = {
  InvalidArgument: grpcCode.INVALID_ARGUMENT,
  NotFound: grpcCode.NOT_FOUND,
  FailedPrecondition: grpcCode.FAILED_PRECONDITION,
  Unauthenticated: grpcCode.UNAUTHENTICATED,
};

/** Serves `handlers` on 127.0.0.1 (any free port), each call guarded by `token`. */
export async function startControlServer(handlers: ControlHandlers, token: string): Promise<ControlServer> {
  const server = new Server();
  const implementation = Object.fromEntries(Object.entries(handlers).map(([method, handler]) => [method, guarded(method as ControlMethod, handler, token)]));
  server.addService(serviceDefinition(CONTROL_SERVICE_NAME), implementation);
  const port = await bindServer(server, CONTROL_ADDRESS, 0, ServerCredentials.createInsecure());
  return { address: CONTROL_ADDRESS, port, close: () => server.forceShutdown() };
}

/** `authorization: Bearer <token>`, compared in constant time. */
export function carriesToken(metadata: Metadata, token: string): boolean {
  const [value] = metadata.get('authorization');
  if (typeof value !== 'string') return false;
  const given = Buffer.from(value);
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function guarded(method: ControlMethod, handler: (request: unknown) => Promise<unknown>, token: string) {
  return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
    if (!carriesToken(call.metadata, token)) {
      callback(refusal(grpcCode.UNAUTHENTICATED, INVALID_TOKEN_MESSAGE));
      return;
    }
    handler(call.request).then(
      (reply) => callback(null, reply),
      (error: unknown) => callback(statusOf(method, error)),
    );
  };
}

function statusOf(method: ControlMethod, error: unknown): Partial<ServiceError> {
  if (error instanceof ControlRequestError) return refusal(STATUS_OF[error.code], error.message);
  if (error instanceof FaultError) return refusal(grpcCode.INVALID_ARGUMENT, error.message);
  return refusal(grpcCode.INTERNAL, `${method}: ${error instanceof Error ? error.message : String(error)}`);
}

function refusal(code: grpcCode, text: string): Partial<ServiceError> {
  const details = boundedDetails(text);
  return { code, details, message: details };
}
