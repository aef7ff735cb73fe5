// The real-time pacer yields to I/O once a slice of events has taken PACED_SLICE_WALL_BUDGET_MS of
// wall time (SLICE_WALL_BUDGET_MS during a warp), even when more events are due: a heavy stretch (a huge apply's label passes) then leaves
// room for other nodes' API calls between its events. Wall time is a scripted clock here, so the
// test is exact: each event "takes" 5 ms, and a slice stops at the budget.
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../sim/kernel/kernel.ts';
import { PACED_SLICE_WALL_BUDGET_MS, RealTimePacer, SLICE_WALL_BUDGET_MS, type WallClock } from '../../sim/kernel/pacer.ts';

const EVENT_WALL_MS = 1;

function scriptedWall(): WallClock & { wallMs: number; timers: Array<{ callback: () => void; delayMs: number }> } {
  const wall = {
    wallMs: 0,
    timers: [] as Array<{ callback: () => void; delayMs: number }>,
    nowMs: () => wall.wallMs,
    setTimer(callback: () => void, delayMs: number) {
      const timer = { callback, delayMs };
      wall.timers.push(timer);
      return timer;
    },
    clearTimer(handle: unknown) {
      wall.timers = wall.timers.filter((timer) => timer !== handle);
    },
  };
  return wall;
}

describe('RealTimePacer slices', () => {
  it('fires due events for at most one wall budget per slice, then yields with a zero wait', () => {
    const kernel = new Kernel();
    const wall = scriptedWall();
    const fired: number[] = [];
    for (let index = 0; index < 20; index++) {
      kernel.schedule(0, `heavy ${index}`, () => {
        fired.push(index);
        wall.wallMs += EVENT_WALL_MS;
      });
    }
    const pacer = new RealTimePacer(kernel, 1, wall);
    pacer.start();
    const perSlice = PACED_SLICE_WALL_BUDGET_MS / EVENT_WALL_MS;
    expect(perSlice).toBe(5);
    expect(fired).toHaveLength(perSlice);
    expect(wall.timers.map((timer) => timer.delayMs)).toEqual([0]);

    const slices: number[] = [fired.length];
    while (fired.length < 20) {
      const timer = wall.timers.shift()!;
      expect(timer.delayMs).toBe(0);
      const before = fired.length;
      timer.callback();
      slices.push(fired.length - before);
    }
    expect(slices).toEqual([5, 5, 5, 5]);
    expect(fired).toEqual(Array.from({ length: 20 }, (_, index) => index));
    // Caught up: the next wait is the pacing wait again, not an immediate yield.
    expect(wall.timers.at(-1)!.delayMs).toBeGreaterThan(0);
    pacer.stop();
  });

  it('a warp fires up to the warp budget before its first yield', async () => {
    const kernel = new Kernel();
    const wall = scriptedWall();
    let fired = 0;
    for (let index = 0; index < 60; index++) {
      kernel.schedule(index, 'heavy', () => {
        fired++;
        wall.wallMs += EVENT_WALL_MS;
      });
    }
    const pacer = new RealTimePacer(kernel, 1, wall);
    const done = pacer.warp(() => fired >= 60, 1_000);
    expect(fired).toBe(SLICE_WALL_BUDGET_MS / EVENT_WALL_MS);
    expect(await done).toBe(true);
    expect(fired).toBe(60);
  });

  it('a light stretch runs in one slice and keeps the clock on the wall', () => {
    const kernel = new Kernel();
    const wall = scriptedWall();
    let fired = 0;
    for (let index = 0; index < 1_000; index++) kernel.schedule(index % 10, 'light', () => fired++);
    const pacer = new RealTimePacer(kernel, 1, wall);
    pacer.start();
    wall.wallMs = 10;
    wall.timers.shift()!.callback();
    expect(fired).toBe(1_000);
    expect(kernel.now).toBe(10);
    pacer.stop();
  });
});
