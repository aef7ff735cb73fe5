// One call in flight on a node's listener: its abort signal (client cancelled, node went down,
// apid restarted with new credentials) and a single ending, so a call that is cut off by the
// listener and then finished by its handler answers exactly once. An apid restart stops streams
// but lets unary calls send their reply (grpc's graceful stop); a node going down stops both.
// The signal is made only when a handler asks for it: most unary calls never wait.
// `delivered` says when the call is over on the wire (its reply and grpc-status handed to HTTP/2,
// or the client gone): the listener waits for it before it changes credentials.
import type { ApiStatus } from './grpc-status.ts';

export class CallSession {
  private controller: AbortController | undefined;
  private aborted = false;
  private ended = false;
  private wireDone = false;
  private onWireDone: (() => void) | undefined;
  private wireDonePromise: Promise<void> | undefined;

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

  /** Answered (or failed) but its status may still be on its way to the client. */
  get answering(): boolean {
    return this.ended && !this.wireDone;
  }

  /** The call is over on the wire: status sent, or the client went away. */
  markDelivered(): void {
    this.wireDone = true;
    this.onWireDone?.();
  }

  /** Resolves once markDelivered was called. */
  delivered(): Promise<void> {
    if (this.wireDone) return Promise.resolve();
    this.wireDonePromise ??= new Promise<void>((resolve) => (this.onWireDone = resolve));
    return this.wireDonePromise;
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
