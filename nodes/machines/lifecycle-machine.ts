// A node's life as an xstate machine following Talos's sequences: power on -> firmware -> kernel
// -> initialize -> maintenance (no config yet) -> install (not installed yet, then kexec) -> boot
// -> running, and the reboot, shutdown, reset and upgrade sequences out of it. Each state is
// tagged with Talos's MachineStage, so the stage is read off the machine, never stored twice.
// A failed sequence prints the error countdown and reboots, as machined does.
// Leaves out: kexec failures, emergency volume cleanup, the 35-minute pause-on-failure mode.
import { assign, setup } from 'xstate';
import type { MachineStage } from '../vocabulary.ts';
import type { SequenceName } from '../sequences/sequence-catalog.ts';

export interface LifecycleHost {
  hasConfig(): boolean;
  isInstalled(): boolean;
  firmwareMs(): number;
  kernelMs(): number;
  /** Start a sequence; returns a function that cancels it. */
  runSequence(name: SequenceName, onDone: () => void, onFail: (error: string) => void): () => void;
  /** Power is cut: every process dies at once. */
  powerLost(): void;
  kernelStarting(): void;
  /** A sequence failed: print the countdown before the reboot. */
  sequenceFailed(error: string): void;
}

export type LifecycleEvent =
  | { type: 'POWER_ON' }
  | { type: 'POWER_OFF' }
  | { type: 'CONFIG_RECEIVED' }
  | { type: 'REBOOT'; powercycle?: boolean }
  | { type: 'SHUTDOWN' }
  | { type: 'RESET' }
  | { type: 'UPGRADE' }
  | { type: 'SEQUENCE_DONE' }
  | { type: 'SEQUENCE_FAILED'; error: string };

/** The error countdown before machined reboots (`rebooting in 10 seconds`...). */
export const FAILURE_REBOOT_DELAY_MS = 10_000;

/** The cancel handle of the sequence the current state runs (one holder per actor, in its context). */
interface RunningSequence {
  cancel: (() => void) | undefined;
}

interface LifecycleContext {
  host: LifecycleHost;
  powercycle: boolean;
  sequence: RunningSequence;
}

/**
 * A state that runs a sequence starts it on entry and cancels it on exit, reporting its end to
 * the machine as SEQUENCE_DONE / SEQUENCE_FAILED. Entry and exit actions rather than an invoked
 * callback actor: no child actor is created, started and stopped per sequence (a boot runs two
 * per node), and a cancelled sequence never reports.
 */
const runs = (name: SequenceName) => ({
  entry: ({ context, self }: { context: LifecycleContext; self: { send(event: LifecycleEvent): void } }) => {
    context.sequence.cancel = context.host.runSequence(
      name,
      () => self.send({ type: 'SEQUENCE_DONE' }),
      (error) => self.send({ type: 'SEQUENCE_FAILED', error }),
    );
  },
  exit: ({ context }: { context: LifecycleContext }) => {
    const cancel = context.sequence.cancel;
    context.sequence.cancel = undefined;
    cancel?.();
  },
});

export const lifecycleMachine = setup({
  types: {
    context: {} as LifecycleContext,
    events: {} as LifecycleEvent,
    input: {} as { host: LifecycleHost },
    tags: {} as MachineStage,
  },
  delays: {
    firmwareMs: ({ context }) => context.host.firmwareMs(),
    kernelMs: ({ context }) => context.host.kernelMs(),
    failureRebootMs: FAILURE_REBOOT_DELAY_MS,
  },
  guards: {
    hasConfig: ({ context }) => context.host.hasConfig(),
    isInstalled: ({ context }) => context.host.isInstalled(),
    powercycle: ({ context }) => context.powercycle,
  },
}).createMachine({
  id: 'lifecycle',
  initial: 'off',
  context: ({ input }) => ({ host: input.host, powercycle: false, sequence: { cancel: undefined } }),
  on: {
    POWER_OFF: { target: '.off', actions: ({ context }) => context.host.powerLost() },
  },
  states: {
    off: {
      tags: 'unknown',
      on: { POWER_ON: 'firmware', POWER_OFF: {} },
    },
    firmware: {
      tags: 'booting',
      after: { firmwareMs: 'kernel' },
    },
    kernel: {
      tags: 'booting',
      entry: ({ context }) => context.host.kernelStarting(),
      after: { kernelMs: 'initialize' },
    },
    initialize: {
      tags: 'booting',
      ...runs('initialize'),
      on: { SEQUENCE_DONE: 'configLoaded', SEQUENCE_FAILED: 'failed' },
    },
    configLoaded: {
      tags: 'booting',
      always: [
        { guard: { type: 'hasConfig' }, target: 'installCheck' },
        { target: 'maintenance' },
      ],
    },
    maintenance: {
      tags: 'maintenance',
      on: { CONFIG_RECEIVED: 'installCheck', REBOOT: 'rebooting', SHUTDOWN: 'shuttingDown' },
    },
    installCheck: {
      tags: 'booting',
      always: [{ guard: 'isInstalled', target: 'boot' }, { target: 'installing' }],
    },
    installing: {
      tags: 'installing',
      ...runs('install'),
      on: { SEQUENCE_DONE: 'kernel', SEQUENCE_FAILED: 'failed' },
    },
    boot: {
      tags: 'booting',
      ...runs('boot'),
      on: {
        SEQUENCE_DONE: 'running',
        SEQUENCE_FAILED: 'failed',
        REBOOT: 'rebooting',
        SHUTDOWN: 'shuttingDown',
        RESET: 'resetting',
      },
    },
    running: {
      tags: 'running',
      on: { REBOOT: 'rebooting', SHUTDOWN: 'shuttingDown', RESET: 'resetting', UPGRADE: 'upgrading' },
    },
    failed: {
      tags: 'booting',
      entry: ({ context, event }) => context.host.sequenceFailed(event.type === 'SEQUENCE_FAILED' ? event.error : 'unknown error'),
      after: { failureRebootMs: 'firmware' },
      on: { REBOOT: 'rebooting', SHUTDOWN: 'shuttingDown', RESET: 'resetting' },
    },
    rebooting: {
      tags: 'rebooting',
      entry: [assign({ powercycle: ({ event }) => event.type === 'REBOOT' && Boolean(event.powercycle) }), runs('reboot').entry],
      exit: runs('reboot').exit,
      on: {
        SEQUENCE_DONE: [{ guard: 'powercycle', target: 'firmware' }, { target: 'kernel' }],
        SEQUENCE_FAILED: 'firmware',
      },
    },
    shuttingDown: {
      tags: 'shutting down',
      ...runs('shutdown'),
      on: { SEQUENCE_DONE: 'off', SEQUENCE_FAILED: 'off' },
    },
    resetting: {
      tags: 'resetting',
      ...runs('reset'),
      on: { SEQUENCE_DONE: 'firmware', SEQUENCE_FAILED: 'failed' },
    },
    upgrading: {
      tags: 'upgrading',
      ...runs('upgrade'),
      on: { SEQUENCE_DONE: 'kernel', SEQUENCE_FAILED: 'failed' },
    },
  },
});
