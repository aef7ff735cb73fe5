// One Talos service (containerd, apid, etcd, kubelet...) as an xstate machine with Talos's states:
// Starting -> Waiting (for its conditions) -> Preparing (pre state, then creating the runner)
// -> Running (health checked periodically, on a host timer) -> Stopping -> Finished, with Failed and the restart
// loop of a crashing runner ("going to restart forever", every 5 s; a CRASH event kills a running
// runner from outside, as an injected fault does). The node answers the
// questions (what is it waiting for, can the pre state finish, is it healthy) through a
// ServiceHost, so faults act through the same machinery. Leaves out: one-shot services' exit
// codes, OOM kills, cgroups.
import { assign, setup } from 'xstate';
import type { ServiceState } from '../vocabulary.ts';

export type PreStateResult = { ready: true } | { blocked: string } | { failed: string };

export interface RunnerResult {
  /** Event message when the runner starts (`Process Process([...]) started with PID n`). */
  startedMessage: string;
  /** When set, the runner crashes this long after starting, with `crashMessage`. */
  crashAfterMs?: number;
  crashMessage?: string;
}

/** A service's health check: first check after the runner started, then every period (ms). */
export interface ServiceHealthTimings {
  initialDelayMs: number;
  periodMs: number;
}

export interface ServiceHost {
  waitingFor(id: string): string[];
  preState(id: string): PreStateResult;
  startRunner(id: string): RunnerResult;
  /** null = healthy, otherwise the failure message. */
  healthCheck(id: string): string | null;
  /**
   * Start the periodic health checks of a running service: every `healthTimings().periodMs` the host runs healthCheck() and sends HEALTH
   * with its answer when it differs from the last one. A plain kernel timer rather than an
   * xstate `after`, so a healthy service's check costs no machine transition.
   */
  startHealthTicks(id: string): void;
  stopHealthTicks(id: string): void;
  /**
   * The runner just started and will crash `afterMs` from now: the host sends CRASH with
   * `message` then (a kernel timer, armed only when a crash is due, so a runner that keeps
   * running costs no timer and no machine transition).
   */
  armCrash(id: string, afterMs: number, message: string): void;
  /** The runner stopped running (crashed, stopped): its pending crash, if any, is dropped. */
  disarmCrash(id: string): void;
  /** How long this start's pre state takes (one draw, two with an image to pull). */
  preStateMs(id: string): number;
  /** How long creating the runner takes (one draw). */
  runnerMs(id: string): number;
  /** How long stopping takes (one draw). */
  stopMs(id: string): number;
  /** The service's health check timings; undefined = no health check (draws nothing). */
  healthTimings(id: string): ServiceHealthTimings | undefined;
  stopMessage(id: string): string;
  /** How `Error running <runner>` names the runner (`Containerd(kubelet)`); default: the stop message. */
  runnerName?(id: string): string;
  /** Every state change and event message. */
  onEvent(id: string, state: ServiceState, message: string): void;
  onHealth(id: string, healthy: boolean, message: string): void;
}

/** Interval between restarts of a crashed runner (Talos `RestartInterval`). */
export const RESTART_INTERVAL_MS = 5_000;

export interface ServiceContext {
  id: string;
  host: ServiceHost;
  lastWaiting: string;
  lastBlocked: string;
  healthy: boolean | undefined;
  crashMessage: string;
  /** The current runner crashes this long after starting (undefined: it keeps running). */
  crashAfterMs: number | undefined;
}

export type ServiceEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  | { type: 'RECHECK' }
  | { type: 'CRASH'; message: string }
  /** A periodic health check whose answer changed (null = healthy). */
  | { type: 'HEALTH'; failure: string | null };

/** Reports a health check's answer when it changed; returns the new health. */
function reportHealth(context: ServiceContext, failure: string | null): boolean {
  const healthy = failure === null;
  if (healthy !== context.healthy) {
    const message = healthy ? 'Health check successful' : `Health check failed: ${failure}`;
    context.host.onEvent(context.id, 'Running', message);
    context.host.onHealth(context.id, healthy, message);
  }
  return healthy;
}

export const serviceMachine = setup({
  types: {
    context: {} as ServiceContext,
    events: {} as ServiceEvent,
    input: {} as { id: string; host: ServiceHost },
  },
  delays: {
    preStateMs: ({ context }) => context.host.preStateMs(context.id),
    runnerMs: ({ context }) => context.host.runnerMs(context.id),
    healthInitialDelayMs: ({ context }) => context.host.healthTimings(context.id)?.initialDelayMs ?? 0,
    stopMs: ({ context }) => context.host.stopMs(context.id),
    restartMs: RESTART_INTERVAL_MS,
  },
  guards: {
    conditionsMet: ({ context }) => context.host.waitingFor(context.id).length === 0,
    preStateReady: ({ context }) => 'ready' in context.host.preState(context.id),
    preStateFailed: ({ context }) => 'failed' in context.host.preState(context.id),
    hasHealthCheck: ({ context }) => context.host.healthTimings(context.id) !== undefined,
  },
  actions: {
    emit: ({ context }, params: { state: ServiceState; message: string }) =>
      context.host.onEvent(context.id, params.state, params.message),
    reportWaiting: assign(({ context }) => {
      const missing = context.host.waitingFor(context.id);
      if (missing.length === 0) return {};
      const message = `Waiting for ${missing.join(', ')}`;
      if (message !== context.lastWaiting) context.host.onEvent(context.id, 'Waiting', message);
      return { lastWaiting: message };
    }),
    reportBlocked: assign(({ context }) => {
      const result = context.host.preState(context.id);
      const message = 'blocked' in result ? result.blocked : '';
      if (message && message !== context.lastBlocked) context.host.onEvent(context.id, 'Preparing', message);
      return { lastBlocked: message };
    }),
    reportPreStateFailure: ({ context }) => {
      const result = context.host.preState(context.id);
      const message = 'failed' in result ? result.failed : 'unknown error';
      context.host.onEvent(context.id, 'Failed', `Failed to run pre stage: ${message}`);
    },
    startRunner: assign(({ context }) => {
      const result = context.host.startRunner(context.id);
      context.host.onEvent(context.id, 'Running', result.startedMessage);
      return {
        crashAfterMs: result.crashAfterMs,
        crashMessage: result.crashMessage ?? 'exit code 1',
        healthy: undefined as boolean | undefined,
        lastWaiting: '',
        lastBlocked: '',
      };
    }),
    checkHealth: assign(({ context }) => ({ healthy: reportHealth(context, context.host.healthCheck(context.id)) })),
    applyHealth: assign(({ context, event }) => ({ healthy: reportHealth(context, (event as { failure: string | null }).failure) })),
    armCrash: ({ context }) => {
      if (context.crashAfterMs !== undefined) context.host.armCrash(context.id, context.crashAfterMs, context.crashMessage);
    },
    disarmCrash: ({ context }) => context.host.disarmCrash(context.id),
    startHealthTicks: ({ context }) => context.host.startHealthTicks(context.id),
    stopHealthTicks: ({ context }) => context.host.stopHealthTicks(context.id),
    reportCrash: ({ context }) => {
      const runner = context.host.runnerName?.(context.id) ?? context.host.stopMessage(context.id);
      const message = `Error running ${runner}, going to restart forever: ${context.crashMessage}`;
      context.host.onEvent(context.id, 'Waiting', message);
      context.host.onHealth(context.id, false, context.crashMessage);
    },
    resetMemory: assign({ lastWaiting: '', lastBlocked: '', healthy: undefined as boolean | undefined }),
  },
}).createMachine({
  id: 'service',
  initial: 'initialized',
  context: ({ input }) => ({
    id: input.id,
    host: input.host,
    lastWaiting: '',
    lastBlocked: '',
    healthy: undefined,
    crashMessage: '',
    crashAfterMs: undefined,
  }),
  on: {
    STOP: '.stopping',
  },
  states: {
    initialized: {
      on: { START: 'starting', STOP: 'initialized' },
    },
    starting: {
      entry: [{ type: 'resetMemory' }, { type: 'emit', params: { state: 'Starting', message: 'Starting service' } }],
      always: 'waiting',
    },
    waiting: {
      entry: 'reportWaiting',
      always: { guard: 'conditionsMet', target: 'preparing' },
      on: { RECHECK: { actions: 'reportWaiting' } },
    },
    preparing: {
      entry: { type: 'emit', params: { state: 'Preparing', message: 'Running pre state' } },
      initial: 'pre',
      states: {
        pre: {
          after: { preStateMs: 'decide' },
        },
        decide: {
          entry: 'reportBlocked',
          always: [
            { guard: 'preStateReady', target: '#service.creatingRunner' },
            { guard: 'preStateFailed', target: '#service.failed', actions: 'reportPreStateFailure' },
          ],
          on: { RECHECK: { actions: 'reportBlocked' } },
        },
      },
    },
    creatingRunner: {
      entry: { type: 'emit', params: { state: 'Preparing', message: 'Creating service runner' } },
      after: { runnerMs: 'runnerStart' },
    },
    runnerStart: {
      entry: 'startRunner',
      always: 'running',
    },
    running: {
      initial: 'checking',
      // A crashing runner's death comes as CRASH from the host's timer (armCrash), as an injected one does.
      entry: 'armCrash',
      exit: 'disarmCrash',
      on: { CRASH: { target: 'restarting', actions: [assign({ crashMessage: ({ event }) => event.message }), 'reportCrash'] } },
      states: {
        checking: {
          always: { guard: 'hasHealthCheck', target: 'firstCheck' },
        },
        firstCheck: {
          after: { healthInitialDelayMs: { target: 'periodic', actions: 'checkHealth' } },
        },
        periodic: {
          entry: 'startHealthTicks',
          exit: 'stopHealthTicks',
          on: { RECHECK: { actions: 'checkHealth' }, HEALTH: { actions: 'applyHealth' } },
        },
      },
    },
    restarting: {
      after: { restartMs: 'runnerStart' },
    },
    failed: {
      on: { START: 'starting', RECHECK: { guard: 'preStateReady', target: 'starting' } },
    },
    stopping: {
      entry: ({ context }) => context.host.onEvent(context.id, 'Stopping', context.host.stopMessage(context.id)),
      after: { stopMs: 'finished' },
      on: { STOP: {} },
    },
    finished: {
      entry: { type: 'emit', params: { state: 'Finished', message: 'Service finished successfully' } },
      on: { START: 'starting', STOP: 'finished' },
    },
  },
});
