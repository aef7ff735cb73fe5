// Runs a loaded scenario plan in virtual time: builds the cluster, powers it on, performs the
// steps at their times through the same node commands the API uses, checks expectations (at a
// time, by a time, throughout a window) and the invariants from outside, and returns a verdict
// with the timeline and the trace. Never reads the wall clock except to report how long it took.
import type { ScenarioPlan, StepPlan, ExpectationPlan, StepExpectation } from './plan.ts';
import { SimCluster } from '../cluster/cluster.ts';
import { checkCondition } from './condition-checker.ts';
import { performStep } from './perform-step.ts';
import type { FailureClass, ScenarioFailure, StepOutcome } from './outcomes.ts';
import { checkInvariants, type InvariantFailure } from './invariant-checker.ts';
import { SimulationBoundReached } from '../errors.ts';
import { startScenarioFaults } from './scenario-faults.ts';
import { renderTimeline } from './render-timeline.ts';
import { formatTime } from './format-time.ts';

export type { FailureClass, ScenarioFailure };

export interface ScenarioResult {
  file: string;
  name: string;
  seed: string;
  passed: boolean;
  failures: ScenarioFailure[];
  /** With `expectFailure: true`, the failures that made it pass (then `failures` is empty). */
  expectedFailures: ScenarioFailure[];
  /** Human timeline lines: `[  1m02.500s] cp-1  stage booting -> running`. */
  timeline: string[];
  traceJsonl: string;
  traceDigest: string;
  virtualMs: number;
  eventsFired: number;
}

export interface RunOptions {
  /** Overrides the plan's seed. */
  seed?: string;
  /** Keep the cluster (for `talsim up --scenario --until`): stop after the step with this name. */
  untilStep?: string;
  epochWallMs?: number;
}

/** `expectFailure: true`: its failures are expected (the run passes); no failure is the failure. */
function expectedFailureVerdict(failures: ScenarioFailure[], atMs: number): { failures: ScenarioFailure[]; expectedFailures: ScenarioFailure[] } {
  if (failures.length > 0) return { failures: [], expectedFailures: failures };
  const unexpectedPass: ScenarioFailure = {
    kind: 'expectation',
    failureClass: 'correctness',
    name: 'expectFailure',
    detail: 'the scenario is marked expectFailure: true, but every expectation held (can its checkers fail?)',
    atMs,
  };
  return { failures: [unexpectedPass], expectedFailures: [] };
}

/** Most kernel events one scenario may fire: a model stuck in a loop is a reported crash. */
export const MAX_EVENTS_PER_SCENARIO = 20_000_000;

export function runScenario(plan: ScenarioPlan, options: RunOptions = {}): ScenarioResult {
  const seed = options.seed ?? plan.seed;
  const cluster = new SimCluster(plan.cluster, { seed, epochWallMs: options.epochWallMs, baseDir: dirOf(plan.file) });
  const failures: ScenarioFailure[] = [];
  try {
    execute(plan, cluster, failures, options);
  } catch (error) {
    const bound = error instanceof SimulationBoundReached;
    failures.push({
      kind: 'crash',
      failureClass: bound ? 'liveness' : 'crash',
      name: bound ? `bound ${(error as SimulationBoundReached).bound}` : 'simulator crashed',
      detail: error instanceof Error ? `${error.message}${bound ? '' : `\n${error.stack ?? ''}`}` : String(error),
      atMs: cluster.world.kernel.now,
    });
  }
  const trace = cluster.world.trace;
  const verdict = plan.expectFailure ? expectedFailureVerdict(failures, cluster.world.kernel.now) : { failures, expectedFailures: [] };
  return {
    file: plan.file,
    name: plan.name,
    seed,
    passed: verdict.failures.length === 0,
    ...verdict,
    timeline: renderTimeline(trace.all),
    traceJsonl: trace.toJsonl(),
    traceDigest: trace.digest(),
    virtualMs: cluster.world.kernel.now,
    eventsFired: cluster.world.kernel.eventsFired,
  };
}

function dirOf(file: string): string {
  const index = file.lastIndexOf('/');
  return index >= 0 ? file.slice(0, index) : '.';
}

function execute(plan: ScenarioPlan, cluster: SimCluster, failures: ScenarioFailure[], options: RunOptions): void {
  const kernel = cluster.world.kernel;
  const bounds = { maxEvents: MAX_EVENTS_PER_SCENARIO };
  const watchers = watchExpectations(plan.expectations, cluster, failures);
  cluster.world.trace.record('-', 'scenario.start', { name: plan.name, seed: options.seed ?? plan.seed });
  const faults = startScenarioFaults(plan, cluster, failures);
  cluster.powerOnAll();
  for (const step of [...plan.steps].sort((a, b) => a.atMs - b.atMs)) {
    if (step.atMs > kernel.now) kernel.runUntil(step.atMs, bounds);
    const outcome = performStep(cluster, step);
    recordStep(cluster, step, outcome);
    const problem = checkStepExpectation(step.expect, outcome);
    if (problem) {
      failures.push({ kind: 'step', failureClass: outcome.timedOut ? 'liveness' : 'correctness', name: stepName(step), detail: problem, atMs: kernel.now, source: step.source });
    }
    if (options.untilStep && step.name === options.untilStep) return;
  }
  if (plan.durationMs > kernel.now) kernel.runUntil(plan.durationMs, bounds);
  watchers.finish();
  faults.finish();
  for (const failure of checkInvariants(cluster)) failures.push(invariantFailure(failure, kernel.now));
}

function invariantFailure(failure: InvariantFailure, atMs: number): ScenarioFailure {
  return { kind: 'invariant', failureClass: failure.failureClass, name: failure.invariant, detail: failure.detail, atMs };
}

export function stepName(step: StepPlan): string {
  const target = 'node' in step.act ? ` ${step.act.node}` : '';
  return step.name ?? `${step.act.action}${target} at ${formatTime(step.atMs)}`;
}

export function recordStep(cluster: SimCluster, step: StepPlan, outcome: StepOutcome): void {
  cluster.world.trace.record('node' in step.act ? step.act.node : '-', 'step', {
    action: step.act.action,
    name: step.name ?? null,
    ok: outcome.error === undefined,
    result: outcome.error ?? outcome.summary,
  });
}

export function checkStepExpectation(expect: StepExpectation | undefined, outcome: StepOutcome): string | null {
  // A step without `expect:` must succeed: a failure is the run's failure, not only a timeline line.
  if (!expect) return outcome.error !== undefined ? `the step failed (a step without expect: must succeed): ${outcome.error}` : outcome.timedOut ? 'timed out' : null;
  if (expect.ok === true && outcome.error) return `expected success, got error: ${outcome.error}`;
  if (expect.errorContains !== undefined) {
    if (!outcome.error) return `expected an error containing "${expect.errorContains}", got success (${outcome.summary})`;
    if (!outcome.error.includes(expect.errorContains)) return `expected an error containing "${expect.errorContains}", got: ${outcome.error}`;
  }
  if (expect.errorCode !== undefined && outcome.errorCode !== expect.errorCode) return `expected error code ${expect.errorCode}, got ${outcome.errorCode ?? 'success'}`;
  if (expect.mode !== undefined && outcome.apply?.mode !== expect.mode) return `expected mode ${expect.mode}, got ${outcome.apply?.mode ?? outcome.error}`;
  if (expect.modeDetailsContains !== undefined && !outcome.apply?.modeDetails.includes(expect.modeDetailsContains)) {
    return `expected mode details containing "${expect.modeDetailsContains}", got "${outcome.apply?.modeDetails ?? outcome.error}"`;
  }
  if (expect.warningContains !== undefined && !outcome.apply?.warnings.some((w) => w.includes(expect.warningContains!))) {
    return `expected a warning containing "${expect.warningContains}", got ${JSON.stringify(outcome.apply?.warnings ?? [])}`;
  }
  return null;
}

/** Schedules `at` checks as kernel events and evaluates `by`/`throughout` after every event in their windows. */
function watchExpectations(expectations: ExpectationPlan[], cluster: SimCluster, failures: ScenarioFailure[]) {
  const kernel = cluster.world.kernel;
  const holds = (e: ExpectationPlan) => checkCondition(cluster, e.condition).ok !== Boolean(e.not);
  const detail = (e: ExpectationPlan) => checkCondition(cluster, e.condition).detail;
  const fail = (e: ExpectationPlan, failureClass: FailureClass, seen: string) =>
    failures.push({ kind: 'expectation', failureClass, name: e.name, detail: seen, atMs: kernel.now, source: e.source });
  const pendingBy = new Set(expectations.filter((e) => e.when === 'by'));
  const active = new Set<ExpectationPlan>();
  for (const e of expectations) {
    if (e.when === 'at') kernel.scheduleAt(e.atMs, `expect ${e.name}`, () => !holds(e) && fail(e, 'correctness', e.not ? 'condition holds' : detail(e)));
    if (e.when === 'by') kernel.scheduleAt(e.atMs, `expect ${e.name}`, () => {
      if (!pendingBy.has(e)) return;
      pendingBy.delete(e);
      if (!holds(e)) fail(e, 'liveness', e.not ? 'condition holds' : detail(e));
    });
    if (e.when === 'throughout') {
      kernel.scheduleAt(e.atMs, `expect ${e.name} from`, () => active.add(e));
      if (e.untilMs !== undefined) kernel.scheduleAt(e.untilMs, `expect ${e.name} until`, () => active.delete(e));
    }
  }
  const stopHook = kernel.onAfterEvent(() => {
    for (const e of pendingBy) if (kernel.now <= e.atMs && holds(e)) pendingBy.delete(e);
    for (const e of active) {
      if (!holds(e)) {
        active.delete(e);
        fail(e, 'correctness', e.not ? 'condition holds' : detail(e));
      }
    }
  });
  return {
    finish() {
      stopHook();
      for (const e of pendingBy) fail(e, 'liveness', `run ended before ${formatTime(e.atMs)}: ${detail(e)}`);
    },
  };
}

export { formatTime };
