// The one error type node commands and API handlers throw: a gRPC status code name and Talos's
// exact message. The API edge maps it to a gRPC status; the scenario runner compares it with
// expectations. A Go handler that returns a plain error (errors.New, fmt.Errorf) answers Unknown
// on the wire; `goError` says so explicitly, so that a plain JavaScript Error reaching a caller
// can only mean a simulator bug. Such bugs are counted (`untypedErrorsSeen`), and the test
// suites fail when one occurs.

/** Go's codes.Code String() names, in code order (OK = 0 first). */
export const GO_CODE_NAMES = [
  'OK',
  'Canceled',
  'Unknown',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
] as const;

/** The names of the codes an error can carry (every code but OK). */
export const GRPC_CODE_NAMES = GO_CODE_NAMES.slice(1) as readonly Exclude<(typeof GO_CODE_NAMES)[number], 'OK'>[];

export type GrpcCodeName = Exclude<(typeof GO_CODE_NAMES)[number], 'OK'>;

export class TalosApiError extends Error {
  constructor(
    readonly code: GrpcCodeName,
    message: string,
  ) {
    super(message);
    this.name = 'TalosApiError';
  }
}

/** A plain Go error a Talos handler returns (errors.New / fmt.Errorf): Unknown on the wire, with Talos's text. */
export function goError(message: string): TalosApiError {
  return new TalosApiError('Unknown', message);
}

const untypedErrors: string[] = [];

/**
 * The code name an error answers a caller with. A TalosApiError keeps its own; anything else is a
 * simulator bug (a modelled Talos failure is always a TalosApiError), answered Unknown as Go would
 * and remembered for `untypedErrorsSeen`.
 */
export function answeredCodeOf(error: unknown): GrpcCodeName {
  if (error instanceof TalosApiError) return error.code;
  noteUntypedError(error);
  return 'Unknown';
}

/** Records an error that reached a caller without a Talos type (see answeredCodeOf). */
export function noteUntypedError(error: unknown): void {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (untypedErrors.length < 100) untypedErrors.push(text);
}

/** Untyped errors that reached a caller since the last `forgetUntypedErrors`. */
export function untypedErrorsSeen(): readonly string[] {
  return [...untypedErrors];
}

export function forgetUntypedErrors(): void {
  untypedErrors.length = 0;
}
