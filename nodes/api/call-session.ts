// One call in flight on a node's listener: its abort signal (client cancelled, node went down,
// apid restarted with new credentials) and a single ending, so a call that is cut off by the
// listener and then finished by its handler answers exactly once. An apid restart stops streams
// but lets unary calls send their reply (grpc's graceful stop); a node going down stops both.
// The signal is made only when a handler asks for it: most unary calls never wait.
import type { ApiStatus } from './grpc-status.ts';

export class CallSession {
  private controller: AbortController | undefined;
  private aborted = false;
  private ended = false;

  constructor(
    private readonly sendFailure: (status: ApiStatus) => void,
    /** A server stream (cut off by an apid restart); unary calls finish their reply first. */
    readonly streaming = false,
  ) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  get done(): boolean {
    return this.ended;
  }

  private abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.controller?.abort();
  }

  /** The client went away: handlers stop, nothing more is sent. */
  cancel(): void {
    this.ended = true;
    this.abort();
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
    this.abort();
  }
}
