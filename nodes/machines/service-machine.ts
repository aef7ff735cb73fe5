// One Talos service (containerd, apid, etcd, kubelet...) as a state machine with Talos's states:
// Starting -> Waiting (for its conditions) -> Preparing (pre state, then creating the runner)
// -> Running (health checked periodically, on a host timer) -> Stopping -> Finished, with Failed and the restart
// loop of a crashing runner ("going to restart forever", every 5 s; a CRASH event kills a running
// runner from outside, as an injected fault does). The node answers the
// questions (what is it waiting for, can the pre state finish, is it healthy) through a
// ServiceHost, so faults act through the same machinery. Leaves out: one-shot services' exit
// codes, OOM kills, cgroups.
//
// Plain state on a kernel timer rather than an xstate actor (session 6): a service's start-up is
// ~9 transitions, and the machine runs hundreds of times per node boot, so it keeps xstate v5's
// run-to-completion semantics by hand: an event's transition first, then the eventless checks of
// the state it rests in (re-evaluated after every event, as xstate does), exit actions before the
// transition's actions before entry actions, a phase's delay drawn when its state is entered and
// its kernel timer armed when the whole step is over (where xstate's deferred `after` was), and an
// event sent while a step runs is handled after it (xstate's mailbox). Traces are those of the
// xstate machine, event for event.
import type { Kernel, TimerHandle } from '../../sim/kernel/kernel.ts';
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

export type ServiceEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  | { type: 'RECHECK' }
  | { type: 'CRASH'; message: string }
  /** A periodic health check whose answer changed (null = healthy). */
  | { type: 'HEALTH'; failure: string | null };

/** Where a service's machine rests; `starting` and the runner's start pass within a step. */
export type ServiceMachineState =
  | 'initialized'
  | 'waiting'
  | 'preparing.pre'
  | 'preparing.decide'
  | 'creatingRunner'
  | 'running.checking'
  | 'running.firstCheck'
  | 'running.periodic'
  | 'restarting'
  | 'failed'
  | 'stopping'
  | 'finished';

/** The end of a phase's delay (pre state, runner creation, first health check, restart interval, stop). */
const AFTER = { type: 'AFTER' } as const;
type MachineEvent = ServiceEvent | typeof AFTER;

export class ServiceMachine {
  private current: ServiceMachineState = 'initialized';
  /** What the last `Waiting for ...` event said, so an unchanged wait is not reported again. */
  lastWaiting = '';
  /** What the last blocked pre state said. */
  lastBlocked = '';
  /** The last health answer reported since the runner started (undefined: none yet). */
  healthy: boolean | undefined = undefined;
  crashMessage = '';
  /** The current runner crashes this long after starting (undefined: it keeps running). */
  crashAfterMs: number | undefined = undefined;
  /** The pending timer of the state's phase. */
  private timer: TimerHandle | undefined;
  /** A phase entered in this step: its timer is armed when the step ends. */
  private dueMs: number | undefined;
  private stepping = false;
  private readonly mailbox: MachineEvent[] = [];
  private readonly phaseOver = (): void => {
    this.timer = undefined;
    this.send(AFTER);
  };

  constructor(
    readonly id: string,
    private readonly host: ServiceHost,
    private readonly kernel: Kernel,
    private readonly timerLabel = `service ${id}`,
  ) {}

  get state(): ServiceMachineState {
    return this.current;
  }

  /** A phase's timer is pending (the machine has something to decide at a later instant). */
  get waitsForTimer(): boolean {
    return this.timer !== undefined;
  }

  send(event: MachineEvent): void {
    if (this.stepping) {
      this.mailbox.push(event);
      return;
    }
    this.stepping = true;
    try {
      let next: MachineEvent | undefined = event;
      while (next) {
        this.step(next);
        next = this.mailbox.shift();
      }
    } finally {
      this.stepping = false;
    }
  }

  /** Power loss: the pending phase ends with no exit action (as stopping an actor does). */
  halt(): void {
    this.kernel.cancel(this.timer);
    this.timer = undefined;
    this.dueMs = undefined;
    this.mailbox.length = 0;
  }

  private step(event: MachineEvent): void {
    this.transition(event);
    this.settle();
    if (this.dueMs !== undefined) {
      this.timer = this.kernel.schedule(Math.max(0, this.dueMs), this.timerLabel, this.phaseOver);
      this.dueMs = undefined;
    }
  }

  /** The event's own transition, if the state takes it. */
  private transition(event: MachineEvent): void {
    const state = this.current;
    const host = this.host;
    switch (event.type) {
      case 'STOP':
        if (state === 'stopping' || state === 'initialized' || state === 'finished') return;
        this.exit();
        this.current = 'stopping';
        host.onEvent(this.id, 'Stopping', host.stopMessage(this.id));
        this.dueMs = host.stopMs(this.id);
        return;
      case 'START':
        if (state === 'initialized' || state === 'failed' || state === 'finished') this.start();
        return;
      case 'RECHECK':
        if (state === 'waiting') this.reportWaiting();
        else if (state === 'preparing.decide') this.reportBlocked();
        else if (state === 'running.periodic') this.reportHealth(host.healthCheck(this.id));
        else if (state === 'failed' && 'ready' in host.preState(this.id)) this.start();
        return;
      case 'HEALTH':
        if (state === 'running.periodic') this.reportHealth(event.failure);
        return;
      case 'CRASH':
        if (state !== 'running.checking' && state !== 'running.firstCheck' && state !== 'running.periodic') return;
        this.exit();
        this.crashMessage = event.message;
        host.onEvent(this.id, 'Waiting', `Error running ${host.runnerName?.(this.id) ?? host.stopMessage(this.id)}, going to restart forever: ${this.crashMessage}`);
        host.onHealth(this.id, false, this.crashMessage);
        this.current = 'restarting';
        this.dueMs = RESTART_INTERVAL_MS;
        return;
      case 'AFTER':
        if (state === 'preparing.pre') {
          this.current = 'preparing.decide';
          this.reportBlocked();
        } else if (state === 'creatingRunner' || state === 'restarting') {
          this.startRunner();
        } else if (state === 'running.firstCheck') {
          this.reportHealth(host.healthCheck(this.id));
          this.current = 'running.periodic';
          host.startHealthTicks(this.id);
        } else if (state === 'stopping') {
          this.current = 'finished';
          host.onEvent(this.id, 'Finished', 'Service finished successfully');
        }
        return;
    }
  }

  /** The eventless transitions of the state it rests in, taken until none applies. */
  private settle(): void {
    const host = this.host;
    for (;;) {
      switch (this.current) {
        case 'waiting':
          if (host.waitingFor(this.id).length > 0) return;
          this.current = 'preparing.pre';
          host.onEvent(this.id, 'Preparing', 'Running pre state');
          this.dueMs = host.preStateMs(this.id);
          return;
        case 'preparing.decide':
          if ('ready' in host.preState(this.id)) {
            this.current = 'creatingRunner';
            host.onEvent(this.id, 'Preparing', 'Creating service runner');
            this.dueMs = host.runnerMs(this.id);
            return;
          }
          if ('failed' in host.preState(this.id)) {
            const result = host.preState(this.id);
            host.onEvent(this.id, 'Failed', `Failed to run pre stage: ${'failed' in result ? result.failed : 'unknown error'}`);
            this.current = 'failed';
          }
          return;
        case 'running.checking':
          if (host.healthTimings(this.id) === undefined) return;
          this.current = 'running.firstCheck';
          this.dueMs = host.healthTimings(this.id)?.initialDelayMs ?? 0;
          return;
        default:
          return;
      }
    }
  }

  /** Leaves the state it rests in, with its exit actions (a running service's health ticks and pending crash). */
  private exit(): void {
    const state = this.current;
    if (state === 'running.periodic') this.host.stopHealthTicks(this.id);
    if (state === 'running.periodic' || state === 'running.firstCheck' || state === 'running.checking') this.host.disarmCrash(this.id);
    this.kernel.cancel(this.timer);
    this.timer = undefined;
    this.dueMs = undefined;
  }

  /** Starting, then Waiting: the service's memory of what it reported is reset. */
  private start(): void {
    this.exit();
    this.lastWaiting = '';
    this.lastBlocked = '';
    this.healthy = undefined;
    this.host.onEvent(this.id, 'Starting', 'Starting service');
    this.current = 'waiting';
    this.reportWaiting();
  }

  private startRunner(): void {
    const host = this.host;
    const result = host.startRunner(this.id);
    host.onEvent(this.id, 'Running', result.startedMessage);
    this.crashAfterMs = result.crashAfterMs;
    this.crashMessage = result.crashMessage ?? 'exit code 1';
    this.healthy = undefined;
    this.lastWaiting = '';
    this.lastBlocked = '';
    this.current = 'running.checking';
    // A crashing runner's death comes as CRASH from the host's timer, as an injected one does.
    if (this.crashAfterMs !== undefined) host.armCrash(this.id, this.crashAfterMs, this.crashMessage);
  }

  private reportWaiting(): void {
    const missing = this.host.waitingFor(this.id);
    if (missing.length === 0) return;
    const message = `Waiting for ${missing.join(', ')}`;
    if (message !== this.lastWaiting) this.host.onEvent(this.id, 'Waiting', message);
    this.lastWaiting = message;
  }

  private reportBlocked(): void {
    const result = this.host.preState(this.id);
    const message = 'blocked' in result ? result.blocked : '';
    if (message && message !== this.lastBlocked) this.host.onEvent(this.id, 'Preparing', message);
    this.lastBlocked = message;
  }

  /** Reports a health check's answer when it changed (null = healthy). */
  private reportHealth(failure: string | null): void {
    const healthy = failure === null;
    if (healthy !== this.healthy) {
      const message = healthy ? 'Health check successful' : `Health check failed: ${failure}`;
      this.host.onEvent(this.id, 'Running', message);
      this.host.onHealth(this.id, healthy, message);
    }
    this.healthy = healthy;
  }
}
