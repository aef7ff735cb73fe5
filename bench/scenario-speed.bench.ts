// How fast virtual time runs: a 30-virtual-minute scenario (boot-healthy: 3 control planes + 2
// workers, booted, bootstrapped, then steady state) timed in wall ms, next to a baseline measured
// in the same run (the kernel firing the same number of empty events), so noisy machines still
// give a comparable ratio.
import { readFileSync } from 'node:fs';
import { loadScenarioText } from '../sim/scenario/load-scenario.ts';
import { runScenario } from '../sim/scenario/run-scenario.ts';
import { Kernel } from '../sim/kernel/kernel.ts';

const text = readFileSync('scenarios/boot-healthy.yaml', 'utf8').replace(/^duration: .*$/m, 'duration: 30m');
const plan = loadScenarioText(text, 'scenarios/boot-healthy-30m.yaml', (path) => readFileSync(`scenarios/${path}`, 'utf8'));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

runScenario(plan, { seed: 'warmup' });
const runs: number[] = [];
let events = 0;
for (let i = 0; i < 5; i++) {
  const started = performance.now();
  const result = runScenario(plan, { seed: String(i + 1) });
  runs.push(performance.now() - started);
  events = result.eventsFired;
  if (!result.passed) throw new Error(`bench scenario failed: ${result.failures.map((f) => f.detail).join('; ')}`);
}
const baselines: number[] = [];
for (let i = 0; i < 5; i++) {
  const kernel = new Kernel();
  const started = performance.now();
  for (let n = 0; n < events; n++) kernel.schedule(n % 1000, 'empty', () => {});
  kernel.runUntilQuiescent();
  baselines.push(performance.now() - started);
}
const wallMs = median(runs);
const baselineMs = median(baselines);
console.log(`scenario-speed: 30 virtual minutes, 5 nodes, ${events} events: median ${wallMs.toFixed(0)} ms wall (${(30 * 60_000 / wallMs).toFixed(0)}x real time)`);
console.log(`scenario-speed: baseline (kernel, ${events} empty events): median ${baselineMs.toFixed(1)} ms; ratio ${(wallMs / baselineMs).toFixed(0)}x the bare kernel`);
