// The simulation kernel: a virtual clock in milliseconds and the one queue of pending events.
// Nothing in the simulated world reads the wall clock; everything that happens later is an event
// here. Every run loop has named bounds (events, virtual time) so a runaway model is a reported
// failure, never a hang.
import { EventQueue, ScheduledEvent } from './event-queue.ts';
import { PeriodicTimer, TimerTable } from './timer-table.ts';
import { SimulationBoundReached } from '../errors.ts';

export type TimerHandle = ScheduledEvent;
export type { PeriodicTimer };

export interface RunBounds {
  /** Most events one run call may fire. */
  maxEvents?: number;
  /** Virtual time (absolute, ms) the run may not pass. */
  maxTimeMs?: number;
}

export const DEFAULT_MAX_EVENTS_PER_RUN = 50_000_000;
/** 30 virtual days: beyond this a run is surely stuck in a loop of timers. */
export const DEFAULT_MAX_VIRTUAL_TIME_MS = 30 * 24 * 3600 * 1000;

export class Kernel {
  private nowMs = 0;
  private sequence = 0;
  private firedCount = 0;
  private readonly queue = new EventQueue();
  /** Every armed periodic timer of the cluster; the queue holds one entry for the one due first. */
  private readonly timers = new TimerTable();
  /** That entry while it is pending: it carries the first timer's due time, sequence and label. */
  private timersEntry: ScheduledEvent | undefined;
  /** The entry last fired, out of the queue, to carry the next first timer without a new event. */
  private spareEntry: ScheduledEvent | undefined;
  private readonly afterEventHooks: Array<() => void> = [];

  /** Current virtual time in milliseconds since the simulation epoch. */
  get now(): number {
    return this.nowMs;
  }

  /** Pending events and armed periodic timers. */
  get pendingEvents(): number {
    return this.queue.size + this.timers.size - (this.timersEntry ? 1 : 0);
  }

  /** Live entries of the event queue (one of them stands for every armed periodic timer), for benchmarks and tests. */
  get queuedEvents(): number {
    return this.queue.size;
  }

  get eventsFired(): number {
    return this.firedCount;
  }

  /** Run `action` after `delayMs` of virtual time (0 = later in this same millisecond). */
  schedule(delayMs: number, label: string, action: () => void): TimerHandle {
    if (!(delayMs >= 0 && delayMs < Infinity)) throw new RangeError(`invalid delay ${delayMs} for ${label}`);
    return this.scheduleAt(this.nowMs + delayMs, label, action);
  }

  scheduleAt(atMs: number, label: string, action: () => void): TimerHandle {
    const event = new ScheduledEvent(atMs > this.nowMs ? atMs : this.nowMs, this.sequence++, label, action);
    this.queue.push(event);
    return event;
  }

  cancel(handle: TimerHandle | undefined): void {
    if (handle) this.queue.cancel(handle);
  }

  /** A periodic timer that runs `action` whenever it comes due; armed with `arm`, never by itself. */
  periodicTimer(label: string, action: () => void): PeriodicTimer {
    return new PeriodicTimer(label, action);
  }

  /**
   * Arms `timer` to fire after `delayMs` (re-arms it if armed), taking the next sequence number
   * as `schedule` would: it fires exactly when, and in the order, an event scheduled now would.
   */
  arm(timer: PeriodicTimer, delayMs: number): void {
    if (!(delayMs >= 0 && delayMs < Infinity)) throw new RangeError(`invalid delay ${delayMs} for ${timer.label}`);
    this.armAt(timer, this.nowMs + delayMs);
  }

  armAt(timer: PeriodicTimer, atMs: number): void {
    if (timer.armed) this.timers.remove(timer);
    timer.atMs = atMs > this.nowMs ? atMs : this.nowMs;
    timer.sequence = this.sequence++;
    this.timers.add(timer);
    this.enqueueFirstTimer();
  }

  disarm(timer: PeriodicTimer | undefined): void {
    if (!timer?.armed) return;
    this.timers.remove(timer);
    this.enqueueFirstTimer();
  }

  /** Keeps the queue's one entry for the timers in step with the timer due first. */
  private enqueueFirstTimer(): void {
    const first = this.timers.head;
    let entry = this.timersEntry;
    if (entry && first && entry.atMs === first.atMs && entry.sequence === first.sequence) return;
    // Cancelled, it stays in the heap until it surfaces: only a fired entry is reused.
    if (entry) this.queue.cancel(entry);
    this.timersEntry = undefined;
    if (!first) return;
    entry = this.spareEntry;
    this.spareEntry = undefined;
    if (entry) entry.carry(first.atMs, first.sequence, first.label);
    else entry = new ScheduledEvent(first.atMs, first.sequence, first.label, this.fireFirstTimer);
    this.queue.push(entry);
    this.timersEntry = entry;
  }

  /** The timers' entry fired (as its own kernel step): the timer due first runs. */
  private readonly fireFirstTimer = (): void => {
    this.spareEntry = this.timersEntry;
    this.timersEntry = undefined;
    const timer = this.timers.head!;
    this.timers.remove(timer);
    this.enqueueFirstTimer();
    timer.action();
  };

  /** Called after every fired event (used by condition waits and observers such as the UI). */
  onAfterEvent(hook: () => void): () => void {
    this.afterEventHooks.push(hook);
    return () => {
      const index = this.afterEventHooks.indexOf(hook);
      if (index >= 0) this.afterEventHooks.splice(index, 1);
    };
  }

  /** Time of the next pending event, or undefined when the world is quiescent. */
  nextEventTime(): number | undefined {
    return this.queue.peek()?.atMs;
  }

  /** Label of the next pending event (what the next step runs), for observers and tests. */
  nextEventLabel(): string | undefined {
    return this.queue.peek()?.label;
  }

  /** Fire the next event; false when there is none. */
  step(): boolean {
    const event = this.queue.peek();
    if (!event) return false;
    this.fire(event);
    return true;
  }

  /** Fires `event`, which peek() just returned. */
  private fire(event: ScheduledEvent): void {
    this.queue.takePeeked(event);
    this.nowMs = event.atMs;
    this.firedCount++;
    event.action();
    const hooks = this.afterEventHooks;
    for (let index = 0; index < hooks.length; index++) hooks[index]!();
  }

  /** Fire every event due up to and including `untilMs`, then set the clock to `untilMs`. */
  runUntil(untilMs: number, bounds: RunBounds = {}): void {
    const maxEvents = bounds.maxEvents ?? DEFAULT_MAX_EVENTS_PER_RUN;
    let fired = 0;
    for (;;) {
      const next = this.queue.peek();
      if (!next || next.atMs > untilMs) break;
      if (fired++ >= maxEvents) throw new SimulationBoundReached('maxEvents', maxEvents, this.nowMs);
      this.fire(next);
    }
    if (untilMs > this.nowMs) this.nowMs = untilMs;
  }

  /** Advance by `durationMs` of virtual time. */
  advance(durationMs: number, bounds: RunBounds = {}): void {
    this.runUntil(this.nowMs + durationMs, bounds);
  }

  /** Fire events until none is left. Periodic timers make a world that is never quiescent: bound it. */
  runUntilQuiescent(bounds: RunBounds = {}): void {
    const maxEvents = bounds.maxEvents ?? DEFAULT_MAX_EVENTS_PER_RUN;
    const maxTimeMs = bounds.maxTimeMs ?? DEFAULT_MAX_VIRTUAL_TIME_MS;
    let fired = 0;
    for (;;) {
      const next = this.queue.peek();
      if (!next) return;
      if (next.atMs > maxTimeMs) throw new SimulationBoundReached('maxTimeMs', maxTimeMs, this.nowMs);
      if (fired++ >= maxEvents) throw new SimulationBoundReached('maxEvents', maxEvents, this.nowMs);
      this.fire(next);
    }
  }

  /**
   * Fire events until `condition()` holds (checked before the first and after every event).
   * Returns true when it held; false when `maxTimeMs` was reached first (the clock then stands at
   * `maxTimeMs`) or the world went quiescent without it holding.
   */
  runUntilCondition(condition: () => boolean, bounds: RunBounds & { maxTimeMs: number }): boolean {
    const maxEvents = bounds.maxEvents ?? DEFAULT_MAX_EVENTS_PER_RUN;
    let fired = 0;
    if (condition()) return true;
    for (;;) {
      const next = this.queue.peek();
      if (!next || next.atMs > bounds.maxTimeMs) {
        if (bounds.maxTimeMs > this.nowMs) this.nowMs = bounds.maxTimeMs;
        return false;
      }
      if (fired++ >= maxEvents) throw new SimulationBoundReached('maxEvents', maxEvents, this.nowMs);
      this.fire(next);
      if (condition()) return true;
    }
  }
}
