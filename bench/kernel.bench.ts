// Kernel no-op events per second against a bare binary heap (bench/lib/bare-heap.ts), same
// workload, same process, alternating rounds: the "hold" model of event-queue benchmarks, where
// PENDING timers are outstanding and every fired event schedules the next at a pseudo-random
// delay (a fixed LCG, so both queues see the same delays). Target: >= 0.9x the bare heap and
// >= 5 M events/s. Rates are per CPU second of this process (the machine is shared).
import { Kernel } from '../sim/kernel/kernel.ts';
import { BareHeap } from './lib/bare-heap.ts';
import { cpuMsSince, median, report, SMOKE, type Row } from './lib/report.ts';

const PENDING = Number(process.env.PENDING ?? 1_000);
const EVENTS = SMOKE ? 100_000 : 1_000_000;
const ROUNDS = 5;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % 1000;
  };
}

function kernelRun(): number {
  const kernel = new Kernel();
  const delay = lcg(1);
  let left = EVENTS;
  const fire = (): void => {
    if (--left > PENDING) kernel.schedule(delay(), 'noop', fire);
  };
  const started = process.cpuUsage();
  for (let i = 0; i < PENDING; i++) kernel.schedule(delay(), 'noop', fire);
  kernel.runUntilQuiescent();
  const ms = cpuMsSince(started);
  if (kernel.eventsFired !== EVENTS - 1 && kernel.eventsFired < EVENTS - PENDING) throw new Error(`kernel fired ${kernel.eventsFired}`);
  return (kernel.eventsFired / ms) * 1000;
}

function bareRun(): number {
  const heap = new BareHeap();
  const delay = lcg(1);
  let left = EVENTS;
  const fire = (): void => {
    if (--left > PENDING) heap.schedule(delay(), fire);
  };
  const started = process.cpuUsage();
  for (let i = 0; i < PENDING; i++) heap.schedule(delay(), fire);
  const fired = heap.run();
  return (fired / cpuMsSince(started)) * 1000;
}

function kernelRows(): Row[] {
  kernelRun();
  bareRun();
  const ours: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(kernelRun());
    bare.push(bareRun());
  }
  const k = median(ours);
  const b = median(bare);
  return [
    {
      id: 'kernel-noop',
      what: `kernel no-op events (${PENDING} pending, hold model)`,
      value: k / 1e6,
      unit: 'M events/s',
      baselineName: 'bare binary heap',
      baseline: b / 1e6,
      ratio: k / b,
      ratioSense: 'higher',
      target: '>= 0.9x and >= 5 M events/s',
      met: k / b >= 0.9 && k >= 5e6,
    },
  ];
}

report(kernelRows());
