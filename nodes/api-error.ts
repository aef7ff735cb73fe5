// The one error type node commands throw: a gRPC status code name and Talos's exact message.
// The API edge maps it to a gRPC status; the scenario runner compares it with expectations.

export type GrpcCodeName =
  | 'Canceled'
  | 'Unknown'
  | 'InvalidArgument'
  | 'DeadlineExceeded'
  | 'NotFound'
  | 'AlreadyExists'
  | 'PermissionDenied'
  | 'FailedPrecondition'
  | 'Unimplemented'
  | 'Internal'
  | 'Unavailable'
  | 'Unauthenticated';

export class TalosApiError extends Error {
  constructor(
    readonly code: GrpcCodeName,
    message: string,
  ) {
    super(message);
    this.name = 'TalosApiError';
  }
}
