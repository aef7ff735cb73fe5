// Waiting in virtual time from a gRPC handler. Handlers run between kernel events; when a reply
// needs virtual time to pass (an apply being persisted, a network round trip, a health check's
// poll interval), the handler awaits one of these and whoever drives the kernel (the pacer in
// `talsim up`, a test's drive helper) makes the time pass. A client that goes away cancels the
// wait and the kernel timer with it.
import { TalosApiError } from '../api-error.ts';
import type { PendingOperation } from '../node-commands.ts';
import type { Kernel } from '../../sim/kernel/kernel.ts';

/** What a handler sees when its caller cancels: Go's context error. */
export function canceledError(): TalosApiError {
  return new TalosApiError('Canceled', 'context canceled');
}

/** Resolves with the operation's result once the kernel completes it. */
export function awaitOperation<T>(operation: PendingOperation<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(canceledError());
    const onAbort = () => reject(canceledError());
    signal.addEventListener('abort', onAbort, { once: true });
    operation.then(
      (result) => {
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Resolves after `delayMs` of virtual time. */
export function virtualDelay(kernel: Kernel, delayMs: number, label: string, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(canceledError());
    const onAbort = () => {
      kernel.cancel(timer);
      reject(canceledError());
    };
    const timer = kernel.schedule(delayMs, label, () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves when the signal aborts (a followed stream's end), never rejects. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
