// Virtual time of a live cluster steered from outside (`talsim time ...`): pause, resume, a new
// speed, or a span of virtual time run at once, as fast as it goes. The pacer keeps the pace; an
// advance runs through the same sliced fast-forward as the warp (chunks of virtual time with a
// yield to I/O between them), so API calls are served meanwhile and the event loop is never held
// for long. Advances run one after another, never interleaved, and not during `talsim up`'s own
// warp. Every accepted command is a `control` trace entry.
import type { Kernel } from '../kernel/kernel.ts';
import type { RealTimePacer } from '../kernel/pacer.ts';
import type { TraceRecorder } from '../kernel/trace.ts';
import { formatDurationMs } from '../scenario/load-duration.ts';
import { fastForward } from './fast-forward.ts';
import { MAX_WARP_DURATION_MS } from './warp-point.ts';
import { ControlRequestError } from './control-errors.ts';
import { CONTROL_TRACE_KIND } from './control-log.ts';

/** Fastest pace the control service sets: beyond it one pacer tick could fire more events than it may. */
export const MAX_CONTROL_SPEED = 1_000;
/** Longest single advance, as long as the longest `--warp`. */
export const MAX_ADVANCE_MS = MAX_WARP_DURATION_MS;

export interface TimeState {
  virtualMs: number;
  speed: number;
  paused: boolean;
}

export interface TimeSteeringOptions {
  kernel: Kernel;
  pacer: RealTimePacer;
  trace: TraceRecorder;
  /** True while `talsim up` is still fast-forwarding to its warp point. */
  warping(): boolean;
  /** Aborted when the session closes: an advance in progress stops at its next chunk. */
  abort: AbortSignal;
}

export class TimeSteering {
  private advances: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: TimeSteeringOptions) {}

  state(): TimeState {
    const { kernel, pacer } = this.options;
    return { virtualMs: kernel.now, speed: pacer.speed, paused: pacer.isPaused };
  }

  pause(): TimeState {
    this.options.pacer.pause();
    this.record({ action: 'pause' });
    return this.state();
  }

  resume(): TimeState {
    this.options.pacer.resume();
    this.record({ action: 'resume' });
    return this.state();
  }

  setSpeed(speed: number): TimeState {
    if (!Number.isFinite(speed) || speed <= 0 || speed > MAX_CONTROL_SPEED) {
      throw new ControlRequestError('InvalidArgument', `speed: expected a number above 0 and at most ${MAX_CONTROL_SPEED}, found ${speed}`);
    }
    this.options.pacer.setSpeed(speed);
    this.record({ action: 'speed', speed });
    return this.state();
  }

  /** Runs `advanceMs` of virtual time now, as fast as it goes; resolves once it has run. */
  advance(advanceMs: number): Promise<TimeState> {
    if (!Number.isInteger(advanceMs) || advanceMs <= 0 || advanceMs > MAX_ADVANCE_MS) {
      throw new ControlRequestError('InvalidArgument', `advance_ms: expected a whole number of ms above 0 and at most ${MAX_ADVANCE_MS} (${formatDurationMs(MAX_ADVANCE_MS)}), found ${advanceMs}`);
    }
    if (this.options.warping()) throw new ControlRequestError('FailedPrecondition', 'talsim up is still fast-forwarding to its warp point; advance once it has printed its banner');
    const run = () => this.runAdvance(advanceMs);
    const done = this.advances.then(run, run);
    this.advances = done.catch(() => undefined);
    return done;
  }

  private async runAdvance(advanceMs: number): Promise<TimeState> {
    const { kernel, pacer, abort } = this.options;
    const fromMs = kernel.now;
    this.record({ action: 'advance', advanceMs, untilMs: fromMs + advanceMs });
    await fastForward(pacer, kernel, () => false, advanceMs, abort);
    if (abort.aborted) throw new ControlRequestError('FailedPrecondition', 'the cluster is stopping');
    return this.state();
  }

  private record(details: Record<string, unknown>): void {
    this.options.trace.record('-', CONTROL_TRACE_KIND, details);
  }
}
