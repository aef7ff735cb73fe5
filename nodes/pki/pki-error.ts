// The one error type of the PKI and config-generation code: what was being done and why it failed.
// Callers (API handlers, the CLI) turn it into a gRPC status or a message.

export class PkiError extends Error {
  constructor(
    /** What was being done, e.g. `parse secrets.yaml`, `read private key`. */
    readonly operation: string,
    readonly detail: string,
  ) {
    super(`${operation}: ${detail}`);
    this.name = 'PkiError';
  }
}
