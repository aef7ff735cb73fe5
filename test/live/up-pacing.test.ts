// `talsim up --warp none --speed 20` watches the boot in real time at 20x: the virtual time
// stamped on the log lines advances about 20 virtual seconds per wall-clock second between two
// lines about 4 wall seconds apart. The band is wide on purpose (a loaded 2-core machine delays a
// line by a tick or two); a pacer running free or at 1x lands far outside it.
import { describe, expect, it } from 'vitest';
import { BANNER_END, startTalsimUp, type OutputLine } from './talsim-process.ts';

/** Virtual ms of a plain log line `[ 1m27.007s] cp-1 ...`. */
function virtualMsOf(line: OutputLine): number {
  const match = /^\[ *(\d+)m(\d+\.\d{3})s\]/.exec(line.text);
  if (!match) throw new Error(`not a log line: ${line.text}`);
  return Number(match[1]) * 60_000 + Number(match[2]) * 1000;
}

describe('talsim up --warp none', () => {
  it('paces virtual time at --speed against the wall clock', async () => {
    const up = startTalsimUp(['--seed', '5', '--base-address', '127.0.22.2', '--workers', '0', '--warp', 'none', '--speed', '20']);
    try {
      await up.waitForLine(BANNER_END, 30_000);
      expect(up.stdout()).toContain('warped 0m00.000s of virtual time');
      const first = await up.waitForLine(/^\[.*cp-1 +stage +stage=booting phase=init/, 30_000);
      const ready = await up.waitForLine(/^\[.*cp-1 +machine-status +stage=running ready=true/, 60_000);
      const virtualSpanMs = virtualMsOf(ready) - virtualMsOf(first);
      const wallSpanMs = ready.atMs - first.atMs;
      expect(virtualSpanMs).toBeGreaterThan(40_000);
      const speed = virtualSpanMs / wallSpanMs;
      expect(speed).toBeGreaterThan(14);
      expect(speed).toBeLessThan(28);
      expect(await up.stop('SIGTERM')).toBe(0);
    } finally {
      await up.stop('SIGKILL');
    }
  }, 70_000);
});
