// An xstate `clock` backed by the kernel: every `after` delay and delayed send of every actor
// becomes a kernel event at its own deadline, so machines run on virtual time only.
import type { ActorOptions } from 'xstate';
import type { Kernel, TimerHandle } from './kernel.ts';

export type XstateClock = NonNullable<ActorOptions<any>['clock']>;

export function kernelClock(kernel: Kernel, label = 'xstate'): XstateClock {
  return {
    setTimeout(callback: (...args: any[]) => void, delayMs: number) {
      return kernel.schedule(Math.max(0, delayMs), label, () => callback());
    },
    clearTimeout(handle: unknown) {
      kernel.cancel(handle as TimerHandle);
    },
  };
}
