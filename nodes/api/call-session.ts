// One call in flight on a node's listener: its abort signal (client cancelled, node went down,
// apid restarted with new credentials) and a single ending, so a call that is cut off by the
// listener and then finished by its handler answers exactly once.
import type { ApiStatus } from './grpc-status.ts';

export class CallSession {
  private readonly controller = new AbortController();
  private ended = false;

  constructor(private readonly sendFailure: (status: ApiStatus) => void) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get done(): boolean {
    return this.ended;
  }

  /** The client went away: handlers stop, nothing more is sent. */
  cancel(): void {
    this.ended = true;
    this.controller.abort();
  }

  /** Ends the call with `finish` (reply or stream end) unless it already ended. */
  settle(finish: () => void): void {
    if (this.ended) return;
    this.ended = true;
    finish();
  }

  fail(status: ApiStatus): void {
    this.settle(() => this.sendFailure(status));
  }

  /** Cut off from outside (node down, listener swapped): fail with `status` and stop the handler. */
  terminate(status: ApiStatus): void {
    this.fail(status);
    this.controller.abort();
  }
}
