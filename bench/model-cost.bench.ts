// Model cost per kernel event during a boot: 3 control planes + 20 workers booted to running,
// CPU µs per kernel event minus the kernel's own cost per event, against that kernel cost (the
// baseline: the same number of no-op events through the same kernel, same process). Target:
// <= 15 µs of model work per event. A second row compares incremental reconciliation (controllers
// run only when their declared inputs changed) with every controller run on every pass, rounds
// interleaved in the same process. A third row is the same boot once the JIT has settled (boots
// after WARM_BOOTS more in this process, as in a sweep or a big cluster's long boot): the first row
// is measured on boots 2-4 of a process, while V8 is still compiling and re-compiling the model.
import { Kernel } from '../sim/kernel/kernel.ts';
import { bootCluster } from './lib/boot-cluster.ts';
import { setIncrementalControllers } from '../nodes/controllers/controller-inputs.ts';
import { cpuMsSince, median, report, SMOKE } from './lib/report.ts';

const WORKERS = SMOKE ? 5 : 20;
const ROUNDS = SMOKE ? 1 : 3;
/** Boots run before the warm row's rounds, and its rounds. */
const WARM_BOOTS = SMOKE ? 1 : 10;
const WARM_ROUNDS = SMOKE ? 1 : 10;

function kernelUsPerEvent(events: number): number {
  const kernel = new Kernel();
  const started = process.cpuUsage();
  for (let n = 0; n < events; n++) kernel.schedule(n % 1000, 'empty', () => {});
  kernel.runUntilQuiescent();
  return (cpuMsSince(started) * 1000) / events;
}

bootCluster(WORKERS);
const model: number[] = [];
const full: number[] = [];
const bare: number[] = [];
let events = 0;
for (let round = 0; round < ROUNDS; round++) {
  const boot = bootCluster(WORKERS);
  events = boot.events;
  const kernelUs = kernelUsPerEvent(boot.events);
  bare.push(kernelUs);
  model.push(((boot.cpuMs - boot.buildCpuMs) * 1000) / boot.events - kernelUs);
  setIncrementalControllers(false);
  const everyPass = bootCluster(WORKERS);
  setIncrementalControllers(true);
  full.push(((everyPass.cpuMs - everyPass.buildCpuMs) * 1000) / everyPass.events - kernelUs);
}
for (let boot = 0; boot < WARM_BOOTS; boot++) bootCluster(WORKERS);
const warm: number[] = [];
for (let round = 0; round < WARM_ROUNDS; round++) {
  const boot = bootCluster(WORKERS);
  warm.push(((boot.cpuMs - boot.buildCpuMs) * 1000) / boot.events - kernelUsPerEvent(boot.events));
}
const us = median(model);
const warmUs = median(warm);
const fullUs = median(full);
const kernelUs = median(bare);
report([
  {
    id: 'model-cost',
    what: `model cost per kernel event, boot of 3 CPs + ${WORKERS} workers (${events} events, cluster build excluded)`,
    value: us,
    unit: 'CPU µs/event',
    baselineName: 'the kernel\'s own cost per event',
    baseline: kernelUs,
    ratio: us / kernelUs,
    ratioSense: 'lower',
    target: '<= 15 µs',
    met: us <= 15,
  },
  {
    id: 'model-cost-incremental',
    what: `model cost per kernel event with incremental reconciliation, same boot`,
    value: us,
    unit: 'CPU µs/event',
    baselineName: 'every controller on every pass',
    baseline: fullUs,
    ratio: us / fullUs,
    ratioSense: 'lower',
    target: 'lower than every pass',
    met: us < fullUs,
  },
  {
    id: 'model-cost-warm',
    what: `model cost per kernel event once the JIT has settled: the same boot after ${1 + 2 * ROUNDS + WARM_BOOTS} boots in this process, median of ${WARM_ROUNDS}`,
    value: warmUs,
    unit: 'CPU µs/event',
    baselineName: 'the same while V8 still compiles (row above)',
    baseline: us,
    ratio: warmUs / us,
    ratioSense: 'lower',
    target: '<= 15 µs',
    met: warmUs <= 15,
  },
]);
