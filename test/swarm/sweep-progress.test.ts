// The progress of a sweep as stderr shows it: on a terminal, a bar redrawn in place (at most
// every 100 ms of wall time) that steps aside for lines printed above it; in a log, a plain line
// at most every 10 s plus one at the end. The wall clock is the caller's, here a list of times.
import { describe, expect, it } from 'vitest';
import { SweepProgress } from '../../sim/swarm/sweep-progress.ts';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, columns: 120, write: (text: string) => writes.push(text) };
}

function clockOf(timesMs: number[]) {
  let index = 0;
  return () => timesMs[Math.min(index++, timesMs.length - 1)]!;
}

describe('sweep progress', () => {
  it('draws a bar on a terminal, throttled, and clears it for printed lines and at the end', () => {
    const terminal = stream(true);
    const progress = new SweepProgress(4, terminal, clockOf([0, 1_000, 1_050, 2_000, 2_000, 4_000]));
    progress.caseDone(true);
    progress.caseDone(false);
    expect(terminal.writes).toEqual([`\r\x1b[2K[${'#'.repeat(8)}${'-'.repeat(22)}] 1/4 runs, 0 failed, 1.0 runs/s, about 3s left`]);
    progress.interrupt(() => terminal.write('FAIL x seed=2\n'));
    expect(terminal.writes.slice(1, 3)).toEqual(['\r\x1b[2K', 'FAIL x seed=2\n']);
    expect(terminal.writes[3]).toContain('2/4 runs, 1 failed');
    progress.caseDone(true);
    progress.caseDone(true);
    expect(terminal.writes.at(-1)).toBe(`\r\x1b[2K[${'#'.repeat(30)}] 4/4 runs, 1 failed, 1.0 runs/s in 4s`);
    progress.finish();
    expect(terminal.writes.at(-1)).toBe('\r\x1b[2K');
  });

  it('writes plain lines to a log: at most one per 10 s, and the last one', () => {
    const log = stream(false);
    const progress = new SweepProgress(3, log, clockOf([0, 2_000, 5_000, 30_000]));
    progress.caseDone(true);
    progress.caseDone(true);
    progress.caseDone(false);
    expect(log.writes).toEqual(['talsim: 1/3 runs, 0 failed, 0.5 runs/s, about 4s left\n', 'talsim: 3/3 runs, 1 failed, 0.1 runs/s in 30s\n']);
    progress.interrupt(() => log.write('line\n'));
    progress.finish();
    expect(log.writes.at(-1)).toBe('line\n');
  });
});
