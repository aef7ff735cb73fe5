// Kernel: events fire in (time, insertion) order, cancellation works, runs are bounded, and the
// xstate clock turns every delay into a kernel event.
import { describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import { Kernel } from '../../sim/kernel/kernel.ts';
import { kernelClock } from '../../sim/kernel/xstate-clock.ts';
import { RandomTree } from '../../sim/kernel/random-tree.ts';
import { TraceRecorder } from '../../sim/kernel/trace.ts';
import { SimulationBoundReached } from '../../sim/errors.ts';

describe('Kernel ordering and cancellation', () => {
  it('fires events by time, then by insertion order at the same time', () => {
    const kernel = new Kernel();
    const fired: string[] = [];
    kernel.schedule(20, 'c', () => fired.push('c@20'));
    kernel.schedule(10, 'a', () => fired.push('a@10'));
    kernel.schedule(10, 'b', () => fired.push('b@10'));
    kernel.schedule(0, 'z', () => fired.push('z@0'));
    kernel.runUntilQuiescent();
    expect(fired).toEqual(['z@0', 'a@10', 'b@10', 'c@20']);
    expect(kernel.now).toBe(20);
  });

  it('events scheduled from inside an event start from the current virtual time', () => {
    const kernel = new Kernel();
    const fired: number[] = [];
    kernel.schedule(100, 'outer', () => kernel.schedule(50, 'inner', () => fired.push(kernel.now)));
    kernel.runUntilQuiescent();
    expect(fired).toEqual([150]);
  });

  it('a cancelled event never fires and does not count as pending', () => {
    const kernel = new Kernel();
    const fired: string[] = [];
    const handle = kernel.schedule(10, 'x', () => fired.push('x'));
    kernel.schedule(20, 'y', () => fired.push('y'));
    kernel.cancel(handle);
    expect(kernel.pendingEvents).toBe(1);
    kernel.runUntilQuiescent();
    expect(fired).toEqual(['y']);
  });

  it('runUntil stops at the time and moves the clock there', () => {
    const kernel = new Kernel();
    const fired: number[] = [];
    for (const t of [5, 10, 15]) kernel.schedule(t, 't', () => fired.push(t));
    kernel.runUntil(10);
    expect(fired).toEqual([5, 10]);
    expect(kernel.now).toBe(10);
    kernel.runUntil(12);
    expect(kernel.now).toBe(12);
    expect(kernel.pendingEvents).toBe(1);
  });

  it('runUntilCondition returns false at the time bound and true when the condition holds', () => {
    const kernel = new Kernel();
    let counter = 0;
    const tick = () => {
      counter++;
      kernel.schedule(1000, 'tick', tick);
    };
    kernel.schedule(1000, 'tick', tick);
    expect(kernel.runUntilCondition(() => counter >= 3, { maxTimeMs: 60_000 })).toBe(true);
    expect(kernel.now).toBe(3000);
    expect(kernel.runUntilCondition(() => counter >= 1000, { maxTimeMs: 10_000 })).toBe(false);
    expect(kernel.now).toBe(10_000);
  });

  it('a world that never goes quiet reaches a named bound instead of hanging', () => {
    const kernel = new Kernel();
    const forever = () => kernel.schedule(1, 'forever', forever);
    forever();
    expect(() => kernel.runUntilQuiescent({ maxEvents: 1000 })).toThrow(SimulationBoundReached);
    expect(() => kernel.runUntilQuiescent({ maxTimeMs: 5000 })).toThrow(/maxTimeMs/);
  });
});

describe('xstate on the kernel clock', () => {
  it('every after-delay is a kernel event at its own deadline', () => {
    const kernel = new Kernel();
    const machine = setup({}).createMachine({
      initial: 'a',
      states: { a: { after: { 1500: 'b' } }, b: { after: { 250: 'c' } }, c: {} },
    });
    const actor = createActor(machine, { clock: kernelClock(kernel) }).start();
    expect(kernel.pendingEvents).toBe(1);
    kernel.runUntil(1499);
    expect(actor.getSnapshot().value).toBe('a');
    kernel.runUntil(1500);
    expect(actor.getSnapshot().value).toBe('b');
    kernel.runUntilQuiescent();
    expect(actor.getSnapshot().value).toBe('c');
    expect(kernel.now).toBe(1750);
  });
});

describe('named seeded generators', () => {
  it('the same path gives the same stream; adding streams does not shift others', () => {
    const a = new RandomTree('7').stream('node/cp-1');
    const b = new RandomTree('7');
    b.stream('node/cp-0').next();
    const c = b.stream('node/cp-1');
    expect([a.next(), a.next()]).toEqual([c.next(), c.next()]);
    expect(new RandomTree('8').stream('node/cp-1').next()).not.toBe(new RandomTree('7').stream('node/cp-1').next());
  });

  it('keyed draws: a pure function of seed, path, key and salt that moves no stream', () => {
    const keyed = new RandomTree('7').stream('node/cp-1/disk/sda');
    const plain = new RandomTree('7').stream('node/cp-1/disk/sda');
    const first = [keyed.at(0), keyed.at(1), keyed.at(2 ** 33 + 5), keyed.at(1, 9)];
    for (let read = 0; read < 50; read++) keyed.at(read);
    expect([keyed.at(0), keyed.at(1), keyed.at(2 ** 33 + 5), keyed.at(1, 9)]).toEqual(first);
    expect(new Set(first).size).toBe(4);
    expect(keyed.next()).toBe(plain.next());
    expect(new RandomTree('8').stream('node/cp-1/disk/sda').at(0)).not.toBe(first[0]);
    expect(new RandomTree('7').stream('node/cp-2/disk/sda').at(0)).not.toBe(first[0]);
    // Spread over [0, 1): ten buckets of 10,000 draws each get 8-12% of them.
    const buckets = new Array<number>(10).fill(0);
    for (let key = 0; key < 100_000; key++) buckets[Math.floor(keyed.at(key) * 10)]!++;
    for (const count of buckets) expect(count).toBeGreaterThan(8_000), expect(count).toBeLessThan(12_000);
  });
});

describe('trace recorder', () => {
  it('gives stable JSONL and digest for the same entries', () => {
    const make = () => {
      const kernel = new Kernel();
      const trace = new TraceRecorder(kernel);
      kernel.schedule(5, 'x', () => trace.record('cp-1', 'stage', { stage: 'booting' }));
      kernel.runUntilQuiescent();
      return trace;
    };
    expect(make().toJsonl()).toBe('{"t":5,"node":"cp-1","kind":"stage","stage":"booting"}\n');
    expect(make().digest()).toBe(make().digest());
  });

  it('writes each line as JSON of the fixed fields and the details spread after them, whatever the details are named', () => {
    const spread = (t: number, node: string, kind: string, details: Record<string, unknown>) => JSON.stringify({ t, node, kind, ...details }) + '\n';
    const cases: Record<string, unknown>[] = [
      {},
      { stage: 'booting' },
      { a: undefined },
      { a: undefined, b: 1 },
      { t: 7, x: 1 },
      { node: 'other' },
      { kind: undefined, y: [1, { z: 'q"' }] },
      { 0: 'first', b: 2 },
      { b: 2, 10: 'index' },
      { '1a': 'not an index', c: -0 },
      { n: Number.NaN, s: '\ud800', u: 'é\n' },
    ];
    for (const details of cases) {
      expect(TraceRecorder.line({ timeMs: 12.5, node: 'cp-"1', kind: 'k\n', details })).toBe(spread(12.5, 'cp-"1', 'k\n', details));
    }
  });

  it('digests the same bytes whether the lines reach the hash one by one or in batches', async () => {
    const { createHash } = await import('node:crypto');
    const clock = { now: 0 };
    const trace = new TraceRecorder(clock);
    const oneByOne = createHash('sha256');
    for (let i = 0; i < 5_000; i++) {
      clock.now = i;
      const details = { i, text: 'x'.repeat(i % 50) };
      trace.record(`w-${i % 7}`, 'tick', details);
      oneByOne.update(TraceRecorder.line({ timeMs: i, node: `w-${i % 7}`, kind: 'tick', details }));
      if (i % 1_000 === 3) expect(trace.digest()).toBe(oneByOne.copy().digest('hex'));
    }
    expect(trace.digest()).toBe(oneByOne.digest('hex'));
  });

  it('past its bound keeps the newest entries, counts the dropped ones and digests every entry', () => {
    const clock = { now: 0 };
    for (const max of [3, 70_000]) {
      const bounded = new TraceRecorder(clock, max);
      const unbounded = new TraceRecorder(clock);
      const total = max * 3 + 1;
      for (let i = 0; i < total; i++) {
        clock.now = i;
        bounded.record('cp-1', 'tick', { i });
        unbounded.record('cp-1', 'tick', { i });
        if (i === max * 2) expect(bounded.all.map((e) => e.timeMs)).toEqual(Array.from({ length: max }, (_, k) => i - max + 1 + k));
      }
      expect(bounded.all.length).toBe(max);
      expect(bounded.all[0]!.timeMs).toBe(total - max);
      expect(bounded.all[max - 1]!.timeMs).toBe(total - 1);
      expect(bounded.dropped).toBe(total - max);
      expect(bounded.digest()).toBe(unbounded.digest());
      expect(bounded.toJsonl()).toBe(unbounded.all.slice(total - max).map(TraceRecorder.line).join(''));
    }
  });
});

describe('cancelling an event that already fired', () => {
  it('is a no-op and keeps the pending count right', () => {
    const kernel = new Kernel();
    const handle = kernel.schedule(1, 'once', () => {});
    kernel.runUntilQuiescent();
    kernel.cancel(handle);
    expect(kernel.pendingEvents).toBe(0);
  });
});
