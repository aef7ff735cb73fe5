// The one error type of the fault catalogue: a fault that cannot be injected as asked (unknown
// kind, options of the wrong shape, targets of the wrong sort or missing). Carries the kind so a
// caller (scenario step, live control) can say which fault was refused.

export class FaultError extends Error {
  constructor(
    readonly kind: string,
    detail: string,
  ) {
    super(`fault ${kind}: ${detail}`);
    this.name = 'FaultError';
  }
}
