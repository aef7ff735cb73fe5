// The progress of a sweep on stderr: a bar redrawn in place on a terminal, plain lines at most
// every few seconds otherwise (CI logs). It owns no timer: it redraws when a run finishes, and
// reads the wall clock the CLI passes in.
import type { WallClock } from './sweep-pool.ts';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Least wall time between two redraws of the bar. */
export const BAR_REDRAW_INTERVAL_MS = 100;
/** Least wall time between two plain progress lines. */
export const PLAIN_LINE_INTERVAL_MS = 10_000;

const BAR_WIDTH = 30;

export class SweepProgress {
  private done = 0;
  private failed = 0;
  private lastDrawMs = Number.NEGATIVE_INFINITY;
  private barShown = false;
  private readonly startedMs: number;

  constructor(
    private readonly total: number,
    private readonly stream: ProgressStream,
    private readonly clock: WallClock,
  ) {
    this.startedMs = clock();
  }

  /** One more case finished. */
  caseDone(passed: boolean): void {
    this.done++;
    if (!passed) this.failed++;
    const nowMs = this.clock();
    const interval = this.stream.isTTY ? BAR_REDRAW_INTERVAL_MS : PLAIN_LINE_INTERVAL_MS;
    if (this.done < this.total && nowMs - this.lastDrawMs < interval) return;
    this.lastDrawMs = nowMs;
    if (this.stream.isTTY) this.drawBar(nowMs);
    else this.stream.write(`talsim: ${this.status(nowMs)}\n`);
  }

  /** Lets `write` print whole lines (to any stream) with the bar out of the way, then redraws it. */
  interrupt(write: () => void): void {
    const wasShown = this.barShown;
    this.clearBar();
    write();
    if (wasShown) this.drawBar(this.clock());
  }

  /** Removes the bar, leaving the terminal as it was. */
  finish(): void {
    this.clearBar();
  }

  private drawBar(nowMs: number): void {
    const filled = Math.round((BAR_WIDTH * this.done) / Math.max(1, this.total));
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    const line = `${bar} ${this.status(nowMs)}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, (this.stream.columns || 80) - 1))}`);
    this.barShown = true;
  }

  private clearBar(): void {
    if (!this.barShown) return;
    this.stream.write('\r\x1b[2K');
    this.barShown = false;
  }

  private status(nowMs: number): string {
    const elapsedMs = Math.max(1, nowMs - this.startedMs);
    const perSecond = (this.done * 1000) / elapsedMs;
    const leftMs = perSecond > 0 ? ((this.total - this.done) / perSecond) * 1000 : 0;
    const eta = this.done < this.total ? `, about ${formatWallMs(leftMs)} left` : ` in ${formatWallMs(elapsedMs)}`;
    return `${this.done}/${this.total} runs, ${this.failed} failed, ${perSecond.toFixed(1)} runs/s${eta}`;
  }
}

function formatWallMs(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}
