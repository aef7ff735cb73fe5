// The real-time pacer: lets virtual time follow wall time times a speed factor (talsim up), or run
// as fast as it can until a warp point. This and the network edge are the only places that read
// the wall clock; the kernel itself never does.
import type { Kernel } from './kernel.ts';

export interface WallClock {
  nowMs(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemWallClock: WallClock = {
  nowMs: () => performance.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Longest a single wall-clock wait may be; also the granularity of speed changes. */
const MAX_WALL_WAIT_MS = 50;
/** Most events fired in one slice before yielding to I/O (gRPC calls arriving meanwhile). */
const EVENTS_PER_SLICE = 20_000;
/**
 * Longest wall time one slice of events may take before the pacer yields to I/O, so API calls to
 * every node are answered while one node works through a heavy stretch (e.g. a huge apply's
 * labels, which its controllers take in bounded passes). Only when events fire: virtual order is
 * unchanged, the rest of the slice runs right after the yield.
 */
export const SLICE_WALL_BUDGET_MS = 20;
/**
 * The same bound while the clock keeps pace with the wall (after the warp): a paced tick holds the
 * event loop no longer than this (plus its last event), since every API call that arrives meanwhile
 * waits for it; a tick that ran out of budget resumes at once (zero wait).
 */
export const PACED_SLICE_WALL_BUDGET_MS = 5;

export class RealTimePacer {
  private speedFactor: number;
  private paused = false;
  private timer: unknown;
  private anchorWallMs = 0;
  private anchorVirtualMs = 0;
  private running = false;

  constructor(
    private readonly kernel: Kernel,
    speed = 1,
    private readonly wall: WallClock = systemWallClock,
  ) {
    this.speedFactor = speed;
  }

  get speed(): number {
    return this.speedFactor;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.reanchor();
    this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.wall.clearTimer(this.timer);
    this.timer = undefined;
  }

  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`);
    this.catchUp();
    this.speedFactor = speed;
    this.reanchor();
  }

  pause(): void {
    this.catchUp();
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.reanchor();
  }

  /** The virtual time the wall clock says we should be at now. */
  targetVirtualMs(): number {
    if (this.paused) return this.kernel.now;
    return this.anchorVirtualMs + (this.wall.nowMs() - this.anchorWallMs) * this.speedFactor;
  }

  /**
   * Run virtual time as fast as possible until `condition` holds or `maxVirtualMs` passes,
   * yielding to I/O between slices so API calls that arrive meanwhile are answered at the virtual
   * time at which they arrive. Re-anchors the pacing afterwards.
   */
  async warp(condition: () => boolean, maxVirtualMs: number): Promise<boolean> {
    const deadline = this.kernel.now + maxVirtualMs;
    let met = condition();
    while (!met) {
      const sliceStartMs = this.wall.nowMs();
      for (let fired = 0; fired < EVENTS_PER_SLICE && !met && this.wall.nowMs() - sliceStartMs < SLICE_WALL_BUDGET_MS; fired++) {
        const next = this.kernel.nextEventTime();
        if (next === undefined || next > deadline) {
          this.kernel.runUntil(deadline);
          this.reanchor();
          return condition();
        }
        this.kernel.step();
        met = condition();
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.reanchor();
    return true;
  }

  private reanchor(): void {
    this.anchorWallMs = this.wall.nowMs();
    this.anchorVirtualMs = this.kernel.now;
  }

  private catchUp(): void {
    if (this.running && !this.paused) this.kernel.runUntil(Math.floor(this.targetVirtualMs()));
  }

  private tick(): void {
    if (!this.running) return;
    let waitMs = MAX_WALL_WAIT_MS;
    if (!this.paused) {
      const caughtUp = this.runSlice(Math.floor(this.targetVirtualMs()));
      const next = this.kernel.nextEventTime();
      if (!caughtUp) waitMs = 0;
      else if (next !== undefined) waitMs = Math.min(MAX_WALL_WAIT_MS, Math.max(0, (next - this.kernel.now) / this.speedFactor));
    }
    this.timer = this.wall.setTimer(() => this.tick(), waitMs);
  }

  /** Fires events due by `untilMs` for at most one slice; true when none is left due (the clock then stands at `untilMs`). */
  private runSlice(untilMs: number): boolean {
    const sliceStartMs = this.wall.nowMs();
    for (let fired = 0; fired < EVENTS_PER_SLICE && this.wall.nowMs() - sliceStartMs < PACED_SLICE_WALL_BUDGET_MS; fired++) {
      const next = this.kernel.nextEventTime();
      if (next === undefined || next > untilMs) break;
      this.kernel.step();
    }
    const next = this.kernel.nextEventTime();
    if (next !== undefined && next <= untilMs) return false;
    this.kernel.runUntil(untilMs);
    return true;
  }
}
