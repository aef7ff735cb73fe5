// A client of a running `talsim up`'s live control service, as the `talsim fault` / `talsim time`
// verbs use it: finds the service through the state directory (control.json for the address,
// control-token for the token), calls it over loopback with `authorization: Bearer <token>`, and
// says "no cluster is running there" (ControlUnavailableError) when the files are missing or
// nobody answers. Other refusals come back as ControlRequestError with the service's message.
import { existsSync, readFileSync } from 'node:fs';
import { credentials as grpcCredentials, makeGenericClientConstructor, Metadata, status as grpcCode, type Client, type ServiceError } from '@grpc/grpc-js';
import { serviceDefinition } from '../../proto/load.ts';
import type { FaultInjectRequest } from '../../proto/gen/talsim/control/v1/FaultInjectRequest.ts';
import type { FaultInjectResponse__Output } from '../../proto/gen/talsim/control/v1/FaultInjectResponse.ts';
import type { FaultHealRequest } from '../../proto/gen/talsim/control/v1/FaultHealRequest.ts';
import type { FaultHealResponse__Output } from '../../proto/gen/talsim/control/v1/FaultHealResponse.ts';
import type { FaultListResponse__Output } from '../../proto/gen/talsim/control/v1/FaultListResponse.ts';
import type { TimeControlRequest } from '../../proto/gen/talsim/control/v1/TimeControlRequest.ts';
import type { TimeControlResponse__Output } from '../../proto/gen/talsim/control/v1/TimeControlResponse.ts';
import type { StatusResponse__Output } from '../../proto/gen/talsim/control/v1/StatusResponse.ts';
import { stateFiles, type ControlJson } from './state-dir.ts';
import { CONTROL_SERVICE_NAME } from './control-server.ts';
import { ControlRequestError, ControlUnavailableError, type ControlRefusalCode } from './control-errors.ts';
import type { ControlMethod } from './control-service.ts';

/** How long a call other than an advance may take before the cluster counts as not answering. */
export const CONTROL_CALL_DEADLINE_MS = 15_000;
/** An advance runs as long as its virtual span takes to simulate: a week of three nodes takes minutes. */
export const CONTROL_ADVANCE_DEADLINE_MS = 30 * 60_000;

export interface ControlClient {
  readonly endpoint: ControlJson;
  faultInject(request: FaultInjectRequest): Promise<FaultInjectResponse__Output>;
  faultHeal(request: FaultHealRequest): Promise<FaultHealResponse__Output>;
  faultList(): Promise<FaultListResponse__Output>;
  timeControl(request: TimeControlRequest): Promise<TimeControlResponse__Output>;
  status(): Promise<StatusResponse__Output>;
  close(): void;
}

type UnaryMethod = (request: unknown, metadata: Metadata, options: { deadline: number }, callback: (error: ServiceError | null, reply: unknown) => void) => void;

const REFUSAL_OF: Partial<Record<grpcCode, ControlRefusalCode>> = {
  [grpcCode.INVALID_ARGUMENT]: 'InvalidArgument',
  [grpcCode.NOT_FOUND]: 'NotFound',
  [grpcCode.FAILED_PRECONDITION]: 'FailedPrecondition',
  [grpcCode.UNAUTHENTICATED]: 'Unauthenticated',
};

/** Reads control.json and the token from `stateDir`; throws ControlUnavailableError when either is missing. */
export function connectControl(stateDir: string): ControlClient {
  const files = stateFiles(stateDir);
  const endpoint = readControlJson(files.controlJson, files.dir);
  if (!existsSync(files.controlToken)) throw new ControlUnavailableError(files.dir, `${files.controlToken} is missing`);
  const token = readFileSync(files.controlToken, 'utf8').trim();
  const Constructor = makeGenericClientConstructor(serviceDefinition(CONTROL_SERVICE_NAME) as never, CONTROL_SERVICE_NAME);
  const client = new Constructor(`${endpoint.address}:${endpoint.port}`, grpcCredentials.createInsecure()) as unknown as Client & Record<string, UnaryMethod>;
  const call = <T>(method: ControlMethod, request: unknown, deadlineMs = CONTROL_CALL_DEADLINE_MS) =>
    new Promise<T>((resolve, reject) => {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${token}`);
      client[method]!.call(client, request, metadata, { deadline: Date.now() + deadlineMs }, (error, reply) => {
        if (error) reject(clientError(error, files.dir, endpoint));
        else resolve(reply as T);
      });
    });
  return {
    endpoint,
    faultInject: (request) => call('FaultInject', request),
    faultHeal: (request) => call('FaultHeal', request),
    faultList: () => call('FaultList', {}),
    timeControl: (request) => call('TimeControl', request, request.action === 'ADVANCE' ? CONTROL_ADVANCE_DEADLINE_MS : CONTROL_CALL_DEADLINE_MS),
    status: () => call('Status', {}),
    close: () => client.close(),
  };
}

function readControlJson(path: string, dir: string): ControlJson {
  if (!existsSync(path)) throw new ControlUnavailableError(dir, `${path} is missing (start one with \`npx talsim up --state-dir ${dir}\`)`);
  let parsed: Partial<ControlJson> = {};
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ControlJson>;
  } catch {
    // Read as naming nothing: reported just below.
  }
  if (typeof parsed.address !== 'string' || typeof parsed.port !== 'number') throw new ControlUnavailableError(dir, `${path} names no address and port`);
  return { address: parsed.address, port: parsed.port };
}

function clientError(error: ServiceError, dir: string, endpoint: ControlJson): Error {
  const refusal = REFUSAL_OF[error.code];
  if (refusal) return new ControlRequestError(refusal, error.details);
  if (error.code === grpcCode.UNAVAILABLE || error.code === grpcCode.DEADLINE_EXCEEDED) {
    return new ControlUnavailableError(dir, `the control service at ${endpoint.address}:${endpoint.port} does not answer (${error.details})`);
  }
  return new Error(`the control service at ${endpoint.address}:${endpoint.port} failed: ${error.details}`);
}
