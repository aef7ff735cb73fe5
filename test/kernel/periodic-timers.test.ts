// Periodic timers (the kernel's timer table, one queue entry for them all): each fires when and in the order a separate event
// scheduled at its arming would, as its own kernel step, and can be disarmed or re-armed at any
// time, from inside any event, its own firing included.
import { describe, expect, it } from 'vitest';
import { Kernel, type PeriodicTimer, type TimerHandle } from '../../sim/kernel/kernel.ts';

/** A kernel, and timers that note `name@time` when they fire, then run `then`. */
function world() {
  const kernel = new Kernel();
  const fired: string[] = [];
  const timer = (name: string, then?: () => void) => kernel.periodicTimer(name, () => {
    fired.push(`${name}@${kernel.now}`);
    then?.();
  });
  return { kernel, fired, timer };
}

describe('Periodic timers', () => {
  it('fire by time, then by arming order among themselves and against scheduled events', () => {
    const { kernel, fired, timer } = world();
    kernel.schedule(10, 'a', () => fired.push(`a@${kernel.now}`));
    kernel.arm(timer('t1'), 10);
    kernel.schedule(10, 'b', () => fired.push(`b@${kernel.now}`));
    kernel.arm(timer('t2'), 10);
    kernel.arm(timer('t0'), 5);
    kernel.schedule(20, 'c', () => fired.push(`c@${kernel.now}`));
    expect(kernel.pendingEvents).toBe(6);
    // The three events, and one entry standing for the three timers.
    expect(kernel.queuedEvents).toBe(4);
    expect(kernel.nextEventLabel()).toBe('t0');
    kernel.runUntilQuiescent();
    expect(fired).toEqual(['t0@5', 'a@10', 't1@10', 'b@10', 't2@10', 'c@20']);
    expect([kernel.pendingEvents, kernel.queuedEvents]).toEqual([0, 0]);
  });

  it('a timer re-armed in its own firing takes its sequence then: events scheduled before it in that firing go first', () => {
    const kernel = new Kernel();
    const fired: string[] = [];
    let ticks = 0;
    const tick: PeriodicTimer = kernel.periodicTimer('tick', () => {
      fired.push(`tick@${kernel.now}`);
      kernel.schedule(1_000, 'check', () => fired.push(`check@${kernel.now}`));
      if (++ticks < 3) kernel.arm(tick, 1_000);
      kernel.schedule(1_000, 'after', () => fired.push(`after@${kernel.now}`));
    });
    kernel.arm(tick, 1_000);
    kernel.runUntilQuiescent();
    expect(fired).toEqual([
      'tick@1000', 'check@2000', 'tick@2000', 'after@2000', 'check@3000', 'tick@3000', 'after@3000', 'check@4000', 'after@4000',
    ]);
    expect(kernel.eventsFired).toBe(9);
  });

  it('disarm and re-arm: a disarmed timer never fires; re-arming moves it and gives it a new place among ties', () => {
    const { kernel, fired, timer } = world();
    const [first, second] = [timer('first'), timer('second')];
    kernel.arm(first, 10);
    kernel.arm(second, 10);
    kernel.arm(first, 10);
    kernel.disarm(second);
    kernel.disarm(second);
    expect([second.armed, kernel.pendingEvents]).toEqual([false, 1]);
    kernel.arm(second, 10);
    kernel.armAt(first, 10);
    kernel.runUntilQuiescent();
    expect(fired).toEqual(['second@10', 'first@10']);
  });

  it('a timer disarmed by another firing at the same millisecond does not fire; one armed there for now fires after it', () => {
    const { kernel, fired, timer } = world();
    const [late, now] = [timer('late'), timer('now')];
    kernel.arm(timer('early', () => {
      kernel.disarm(late);
      kernel.arm(now, 0);
    }), 5);
    kernel.arm(late, 5);
    kernel.runUntilQuiescent();
    expect(fired).toEqual(['early@5', 'now@5']);
  });

  it('each firing is its own kernel step: after-event hooks and condition waits see one event per timer', () => {
    const kernel = new Kernel();
    let count = 0;
    const timers = [0, 1, 2].map((index) => kernel.periodicTimer(`t${index}`, () => count++));
    for (const timer of timers) kernel.arm(timer, 7);
    let hooks = 0;
    kernel.onAfterEvent(() => hooks++);
    expect(kernel.runUntilCondition(() => count === 2, { maxTimeMs: 100 })).toBe(true);
    expect([kernel.now, count, hooks, kernel.eventsFired, kernel.pendingEvents]).toEqual([7, 2, 2, 2, 1]);
    expect(kernel.step()).toBe(true);
    expect(kernel.step()).toBe(false);
  });

  it('matches separate events under random arming, re-arming and disarming (5,000 runs)', () => {
    for (let seed = 1; seed <= 5_000; seed++) expect(run(seed, 'timers'), `seed ${seed}`).toEqual(run(seed, 'events'));
  });
});

/**
 * A little world of 6 timers whose firings arm, re-arm and disarm each other and schedule plain
 * events, driven by a seeded generator; built on periodic timers or on separate events (a new
 * event per arming, cancelled on disarm). Returns what fired, when, and what was pending after.
 */
function run(seed: number, kind: 'timers' | 'events'): string[] {
  let state = seed;
  const draw = (below: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8) % below;
  };
  const kernel = new Kernel();
  const fired: string[] = [];
  const count = 6;
  const handles: Array<TimerHandle | undefined> = [];
  const timers: PeriodicTimer[] = [];
  const arm = (index: number, delayMs: number) => {
    if (kind === 'timers') return kernel.arm(timers[index]!, delayMs);
    kernel.cancel(handles[index]);
    handles[index] = kernel.schedule(delayMs, `t${index}`, () => fire(index));
  };
  const disarm = (index: number) => (kind === 'timers' ? kernel.disarm(timers[index]) : kernel.cancel(handles[index]));
  const fire = (index: number) => {
    handles[index] = undefined;
    fired.push(`t${index}@${kernel.now}`);
    for (let effects = draw(3); effects > 0; effects--) {
      const choice = draw(4);
      const other = draw(count);
      if (choice === 0) arm(index, draw(4) * 5);
      else if (choice === 1) arm(other, draw(4) * 5);
      else if (choice === 2) disarm(other);
      else kernel.schedule(draw(3) * 5, 'plain', () => fired.push(`plain@${kernel.now}`));
    }
    fired.push(`pending ${kernel.pendingEvents}, next ${kernel.nextEventLabel()}@${kernel.nextEventTime()}`);
  };
  for (let index = 0; index < count; index++) timers.push(kernel.periodicTimer(`t${index}`, () => fire(index)));
  for (let index = 0; index < count; index++) arm(index, draw(3) * 5);
  kernel.runUntil(400, { maxEvents: 2_000 });
  return fired;
}
