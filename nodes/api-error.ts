// The one error type node commands throw: a gRPC status code name and Talos's exact message.
// The API edge maps it to a gRPC status; the scenario runner compares it with expectations.

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
