// Runs virtual time as fast as it goes until a condition holds or a span of virtual time has
// passed, in chunks of virtual time with a yield to I/O between them, so API calls that arrive
// during a warp are answered promptly and at the virtual time at which they arrive. Each chunk is
// `RealTimePacer.warp`, which checks the condition after every event: the warp stops on the very
// event that makes it hold.
import type { RealTimePacer } from '../kernel/pacer.ts';
import type { Kernel } from '../kernel/kernel.ts';

/**
 * Virtual time one chunk spans before yielding to I/O. A booting 3-node cluster fires about six
 * events per virtual second at up to ~0.4 ms each (less in steady state), so a chunk holds a call
 * that arrives meanwhile for a few tens of milliseconds at most.
 */
export const WARP_CHUNK_MS = 10_000;

/**
 * Fast-forwards until `condition()` holds (true) or `maxVirtualMs` has passed or `abort` is
 * signalled (false).
 */
export async function fastForward(pacer: RealTimePacer, kernel: Kernel, condition: () => boolean, maxVirtualMs: number, abort?: AbortSignal): Promise<boolean> {
  const deadlineMs = kernel.now + maxVirtualMs;
  for (;;) {
    const chunkMs = Math.max(0, Math.min(WARP_CHUNK_MS, deadlineMs - kernel.now));
    if (await pacer.warp(condition, chunkMs)) return true;
    if (kernel.now >= deadlineMs || abort?.aborted) return false;
    await yieldToIo();
  }
}

/** Lets the event loop serve sockets (gRPC calls) before the next chunk. */
export function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
