// The error the proto helpers throw: a message name we do not know, or an object that does not fit
// the message it is meant to be encoded as.

export class ProtoError extends Error {
  constructor(
    readonly fullName: string,
    detail: string,
  ) {
    super(`${fullName}: ${detail}`);
    this.name = 'ProtoError';
  }
}
