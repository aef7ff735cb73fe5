// The typed errors of the live control service. ControlRequestError: a request the service refuses
// (bad argument, unknown fault id, a time command that cannot run now), carrying the gRPC status it
// is answered with. ControlUnavailableError: a client finds no running cluster in a state directory
// (no control.json or token, or nobody answers at the address). The CLI turns both into messages
// and exit codes.
import type { GrpcCodeName } from '../../nodes/api-error.ts';

export type ControlRefusalCode = Extract<GrpcCodeName, 'InvalidArgument' | 'NotFound' | 'FailedPrecondition' | 'Unauthenticated'>;

export class ControlRequestError extends Error {
  constructor(
    readonly code: ControlRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'ControlRequestError';
  }
}

export class ControlUnavailableError extends Error {
  constructor(
    readonly stateDir: string,
    readonly reason: string,
  ) {
    super(`no cluster is running in ${stateDir}: ${reason}`);
    this.name = 'ControlUnavailableError';
  }
}

/** The message every call with a missing or wrong token is refused with. */
export const INVALID_TOKEN_MESSAGE = 'invalid control token';
