// Automatic shrinking with real runs: the canary (whose expectation is false for every seed)
// shrinks to a shorter run that still fails the same way; the canary's false expectation buried
// in a healthy 5-node bring-up shrinks to the canary's 2 nodes, no steps and one expectation; a
// failing step is kept while what does not matter goes. The written file is a ready-to-run
// scenario: it loads, and running it fails with the same failure class and name.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile } from '../../sim/scenario/load-scenario.ts';
import { runScenario, type ScenarioResult } from '../../sim/scenario/run-scenario.ts';
import { shrinkFailure } from '../../sim/swarm/shrink-failure.ts';
import { shrinkPlan, targetOf } from '../../sim/swarm/shrink-plan.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';

const validateScenario = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync('schema/scenario.schema.json', 'utf8')) as object);

function failingRun(file: string, seed: string): { result: ScenarioResult; plan: ReturnType<typeof loadScenarioFile> } {
  const plan = loadScenarioFile(file);
  const result = runScenario(plan, { seed });
  expect(result.passed, `${file} seed ${seed} must fail`).toBe(false);
  return { plan, result };
}

/** Writes the minimal scenario, loads it from disk and runs it: the user's replay. */
function replay(yaml: string, seed: string): ScenarioResult {
  const file = join(mkdtempSync(join(tmpdir(), 'talsim-min-')), 'minimal.min.yaml');
  writeFileSync(file, yaml);
  return runScenario(loadScenarioFile(file), { seed });
}

describe('shrinking a failing run', () => {
  it('the canary shrinks to a shorter run that still fails with the same class and name', () => {
    const seed = '17';
    const { plan, result } = failingRun('test/swarm/fixtures/canary-false-expectation.yaml', seed);
    const outputFile = join(mkdtempSync(join(tmpdir(), 'talsim-shrink-')), 'canary-false-expectation-seed17.min.yaml');
    const minimal = shrinkFailure({ plan, seed, failure: result.failures[0]!, budgetRuns: 50, outputFile });
    expect(minimal.before).toEqual({ nodes: 2, steps: 0, expectations: 1, faults: 0, durationMs: 300_000 });
    expect(minimal.after).toEqual({ nodes: 2, steps: 0, expectations: 1, faults: 0, durationMs: 240_000 });
    expect(minimal.removed).toEqual(['run length 5m -> 4m']);
    expect(minimal.yaml).toContain('# It still fails with [correctness] a configured worker is in maintenance (false).');
    expect(minimal.yaml).toContain(`# Replay: npx talsim run ${outputFile} --seed 17`);
    const again = replay(minimal.yaml, seed);
    expect(again.failures.map((f) => [f.failureClass, f.name])).toEqual([['correctness', 'a configured worker is in maintenance (false)']]);
    expect(again.virtualMs).toBe(240_000);
  });

  it('the canary inside a healthy 5-node bring-up shrinks to fewer nodes, steps and expectations', () => {
    const seed = '2';
    const { plan, result } = failingRun('test/swarm/fixtures/padded-canary.yaml', seed);
    expect(result.failures.map((f) => f.name)).toEqual(['a configured worker is in maintenance (false)']);
    const outputFile = join(mkdtempSync(join(tmpdir(), 'talsim-shrink-')), 'padded-canary-seed2.min.yaml');
    const minimal = shrinkFailure({ plan, seed, failure: result.failures[0]!, budgetRuns: 50, outputFile });
    expect(minimal.before).toEqual({ nodes: 5, steps: 3, expectations: 3, faults: 0, durationMs: 900_000 });
    expect(minimal.after).toEqual({ nodes: 2, steps: 0, expectations: 1, faults: 0, durationMs: 240_000 });
    expect(minimal.removed).toEqual([
      'expectation "every node running and ready"',
      'expectation "etcd healthy on every control plane"',
      'step "wait-for-etcd-preparing"',
      'step "bootstrap"',
      'step "cluster-ready"',
      'node cp-2 (controlplane)',
      'node cp-3 (controlplane)',
      'node worker-2 (worker)',
      'run length 15m -> 4m',
    ]);
    expect(minimal.runsUsed).toBeLessThanOrEqual(50);
    const minimalPlan = loadScenarioFile(writeTemp(minimal.yaml));
    expect(minimalPlan.cluster.nodes.map((node) => `${node.name}:${node.role}`)).toEqual(['cp-1:controlplane', 'worker-1:worker']);
    const again = replay(minimal.yaml, seed);
    expect(again.failures[0]).toMatchObject({ failureClass: 'correctness', name: 'a configured worker is in maintenance (false)' });
  });

  it('keeps a failing step (and a control plane) while dropping what the failure does not need', () => {
    const seed = '4';
    const { plan, result } = failingRun('test/swarm/fixtures/failing-step.yaml', seed);
    const target = targetOf(result.failures[0]!);
    expect(target).toMatchObject({ kind: 'step', failureClass: 'correctness', name: 'bootstrap-expected-to-fail' });
    const outcome = shrinkPlan(plan, target, { budgetRuns: 50, runCandidate: (candidate) => runScenario(candidate, { seed }) });
    expect(outcome.plan.steps.map((step) => step.name)).toContain('bootstrap-expected-to-fail');
    expect(outcome.plan.expectations).toEqual([]);
    expect(outcome.plan.cluster.nodes.map((node) => node.name)).toEqual(['cp-1']);
    expect(outcome.plan.durationMs).toBeLessThan(plan.durationMs);
    const again = runScenario(outcome.plan, { seed });
    expect(again.failures.some((f) => f.failureClass === 'correctness' && f.name === 'bootstrap-expected-to-fail')).toBe(true);
  });

  it('shrinks faults: drops those that do not matter, starts the one that does later and heals it sooner', () => {
    const seed = '6';
    const { plan, result } = failingRun('test/swarm/fixtures/fault-outage.yaml', seed);
    expect(result.failures.map((f) => f.name)).toEqual(['worker-1 is running']);
    const outputFile = join(mkdtempSync(join(tmpdir(), 'talsim-shrink-')), 'fault-outage-seed6.min.yaml');
    const minimal = shrinkFailure({ plan, seed, failure: result.failures[0]!, budgetRuns: 50, outputFile });
    expect(minimal.before).toEqual({ nodes: 3, steps: 5, expectations: 3, faults: 4, durationMs: 480_000 });
    expect(minimal.after).toMatchObject({ nodes: 2, steps: 0, expectations: 1, faults: 1 });
    expect(minimal.after.durationMs).toBeLessThanOrEqual(180_000);
    expect(minimal.removed).toEqual(expect.arrayContaining(['fault slow-client (network-latency)', 'fault spare-dns (dns-failure)', 'node worker-2 (worker)']));
    const minimalPlan = loadScenarioFile(writeTemp(minimal.yaml));
    const [outage] = minimalPlan.faults!;
    expect(outage).toMatchObject({ name: 'outage', kind: 'power-loss', targets: { kind: 'nodes', nodes: { kind: 'names', names: ['worker-1'] } } });
    expect(outage!.atMs).toBeGreaterThan(60_000);
    expect(outage!.durationMs).toBeLessThan(240_000);
    expect(replay(minimal.yaml, seed).failures[0]).toMatchObject({ failureClass: 'correctness', name: 'worker-1 is running' });
    expect(validateScenario(parse(minimal.yaml))).toBe(true);
  });

  it('moves the step that injects a fault later, and drops or hastens the step that heals it', () => {
    const seed = '6';
    const { plan, result } = failingRun('test/swarm/fixtures/fault-outage-steps.yaml', seed);
    const outcome = shrinkPlan(plan, targetOf(result.failures[0]!), { budgetRuns: 50, runCandidate: (candidate) => runScenario(candidate, { seed }) });
    const [inject, heal] = outcome.plan.steps;
    expect(inject).toMatchObject({ act: { action: 'inject', fault: 'outage' } });
    expect(inject!.atMs).toBeGreaterThan(60_000);
    if (heal) expect(heal.atMs).toBeLessThan(300_000);
    expect(runScenario(outcome.plan, { seed }).failures[0]).toMatchObject({ name: 'worker-1 is running' });
  });

  it('spends no more runs than its budget and keeps the original when the budget is zero', () => {
    const seed = '2';
    const { plan, result } = failingRun('test/swarm/fixtures/padded-canary.yaml', seed);
    let runs = 0;
    const runCandidate = (candidate: typeof plan) => (runs++, runScenario(candidate, { seed }));
    const none = shrinkPlan(plan, targetOf(result.failures[0]!), { budgetRuns: 0, runCandidate });
    expect(none).toMatchObject({ plan, runsUsed: 0, budgetExhausted: true });
    const two = shrinkPlan(plan, targetOf(result.failures[0]!), { budgetRuns: 2, runCandidate });
    expect(two.runsUsed).toBe(2);
    expect(runs).toBe(2);
    expect(two.plan.expectations).toHaveLength(1);
  });
});

function writeTemp(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'talsim-min-')), 'x.yaml');
  writeFileSync(file, yaml);
  expect(readFileSync(file, 'utf8')).toBe(yaml);
  return file;
}
