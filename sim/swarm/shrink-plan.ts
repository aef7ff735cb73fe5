// Automatic shrinking of a failing run: tries smaller plans (plan-reductions.ts,
// fault-reductions.ts) and keeps each one that still fails with the same failure class and name,
// until nothing smaller fails or the budget of runs is spent. Greedy, in the order that pays
// most per run: whole groups first (every other expectation, every droppable step, every fault,
// every spare node), then a shorter run (cheaper runs after it), then one item at a time.
// Deterministic: the same plan, seed and budget give the same result. Leaves out reducing the
// inside of a step (its patches, its condition's checks).
import type { ScenarioPlan } from '../scenario/plan.ts';
import type { ScenarioFailure, ScenarioResult } from '../scenario/run-scenario.ts';
import {
  droppableExpectations,
  droppableSteps,
  removableNodes,
  shorterDurationsMs,
  withDurationMs,
  withoutExpectations,
  withoutNodes,
  withoutSteps,
  type FailureTarget,
} from './plan-reductions.ts';
import {
  delayFaultCandidates,
  delayInjectStepCandidates,
  dropFaultCandidates,
  hastenHealStepCandidates,
  shortenFaultCandidates,
  type FaultCandidate,
} from './fault-reductions.ts';
import { withoutFault } from './plan-references.ts';

/** Runs a shrink may spend unless told otherwise (`--shrink-budget`). */
export const DEFAULT_SHRINK_BUDGET_RUNS = 50;

export interface ShrinkOptions {
  budgetRuns: number;
  /** Runs a candidate plan with the failing seed; only its failures are read. */
  runCandidate: (plan: ScenarioPlan) => Pick<ScenarioResult, 'failures'>;
}

export interface ShrinkOutcome {
  /** The smallest plan found that still fails with the target failure (the original if none). */
  plan: ScenarioPlan;
  /** The target failure as the smallest plan's run reported it. */
  failure: FailureTarget;
  runsUsed: number;
  budgetExhausted: boolean;
}

export function targetOf(failure: ScenarioFailure): FailureTarget {
  return { kind: failure.kind, failureClass: failure.failureClass, name: failure.name, atMs: failure.atMs };
}

export function shrinkPlan(plan: ScenarioPlan, target: FailureTarget, options: ShrinkOptions): ShrinkOutcome {
  const shrinker = new Shrinker(plan, target, options);
  for (let pass = 0; !shrinker.exhausted; pass++) {
    const before = shrinker.accepted;
    if (pass === 0) dropGroups(shrinker);
    shortenRun(shrinker);
    dropSingles(shrinker);
    reduceFaults(shrinker);
    shortenRun(shrinker);
    if (shrinker.accepted === before) break;
  }
  return { plan: shrinker.best, failure: shrinker.target, runsUsed: shrinker.runsUsed, budgetExhausted: shrinker.exhausted };
}

class Shrinker {
  runsUsed = 0;
  accepted = 0;
  private readonly tried = new Set<string>();

  constructor(
    public best: ScenarioPlan,
    public target: FailureTarget,
    private readonly options: ShrinkOptions,
  ) {
    this.tried.add(planKey(best));
  }

  get exhausted(): boolean {
    return this.runsUsed >= this.options.budgetRuns;
  }

  /** Runs `candidate` (unless tried before or out of budget); keeps it when it still fails the same way. */
  attempt(candidate: ScenarioPlan): boolean {
    if (this.exhausted) return false;
    const key = planKey(candidate);
    if (this.tried.has(key)) return false;
    this.tried.add(key);
    this.runsUsed++;
    const match = this.options.runCandidate(candidate).failures.find(
      (failure) => failure.failureClass === this.target.failureClass && failure.name === this.target.name,
    );
    if (!match) return false;
    this.best = candidate;
    this.target = { ...this.target, atMs: match.atMs };
    this.accepted++;
    return true;
  }

  /** Tries removing each item of `items(best)`, latest first, keeping every removal that still fails. */
  dropEach<T>(items: (plan: ScenarioPlan) => T[], without: (plan: ScenarioPlan, item: T) => ScenarioPlan): void {
    for (const item of [...items(this.best)].reverse()) {
      if (this.exhausted) return;
      if (items(this.best).includes(item)) this.attempt(without(this.best, item));
    }
  }

  /** Tries candidates drawn afresh from `best` until none of them is kept. */
  untilNoneKept(candidates: (plan: ScenarioPlan) => FaultCandidate[]): void {
    while (!this.exhausted && candidates(this.best).some((candidate) => this.attempt(candidate.plan)));
  }
}

function dropGroups(shrinker: Shrinker): void {
  const expectations = droppableExpectations(shrinker.best, shrinker.target);
  if (expectations.length > 0) shrinker.attempt(withoutExpectations(shrinker.best, expectations));
  const steps = droppableSteps(shrinker.best, shrinker.target);
  if (steps.length > 0) shrinker.attempt(withoutSteps(shrinker.best, steps));
  const faults = shrinker.best.faults ?? [];
  if (faults.length > 1) shrinker.attempt(faults.reduce((plan, fault) => withoutFault(plan, fault), shrinker.best));
  const nodes = removableNodes(shrinker.best);
  if (nodes.length > 1) shrinker.attempt(withoutNodes(shrinker.best, nodes));
}

function shortenRun(shrinker: Shrinker): void {
  for (const durationMs of shorterDurationsMs(shrinker.best, shrinker.target)) {
    if (shrinker.attempt(withDurationMs(shrinker.best, durationMs))) return;
  }
}

function dropSingles(shrinker: Shrinker): void {
  shrinker.dropEach((plan) => droppableExpectations(plan, shrinker.target), (plan, item) => withoutExpectations(plan, [item]));
  shrinker.dropEach((plan) => droppableSteps(plan, shrinker.target), (plan, item) => withoutSteps(plan, [item]));
  shrinker.dropEach(removableNodes, (plan, item) => withoutNodes(plan, [item]));
}

function reduceFaults(shrinker: Shrinker): void {
  shrinker.untilNoneKept(dropFaultCandidates);
  shrinker.untilNoneKept(shortenFaultCandidates);
  shrinker.untilNoneKept(hastenHealStepCandidates);
  shrinker.untilNoneKept((plan) => delayFaultCandidates(plan, shrinker.target));
  shrinker.untilNoneKept((plan) => delayInjectStepCandidates(plan, shrinker.target));
}

/** Identity of a plan for "tried before": everything but where things were written. */
function planKey(plan: ScenarioPlan): string {
  return JSON.stringify(plan, (key, value: unknown) => (key === 'source' ? undefined : value));
}
