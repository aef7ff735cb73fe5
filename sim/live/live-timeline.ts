// A scenario's timeline on a live cluster (`talsim up --scenario FILE --until STEP`): the steps,
// in time order, performed through the same node commands `talsim run` and the API use, with
// virtual time fast-forwarded between them; stops after the `--until` step and leaves the
// cluster to the user. Waits (`wait-until`) fast-forward in chunks too, so API calls are served
// meanwhile. Leaves out the scenario's expectations and invariants: they judge a whole run, and a
// live cluster's run has no end.
import type { SimCluster } from '../cluster/cluster.ts';
import type { ScenarioPlan, StepPlan } from '../scenario/plan.ts';
import { checkCondition } from '../scenario/condition-checker.ts';
import { performStep, waitUntilOutcome, type StepOutcome } from '../scenario/perform-step.ts';
import { checkStepExpectation, recordStep, stepName } from '../scenario/run-scenario.ts';

/** Fast-forwards until the condition holds (true) or `maxVirtualMs` passes (false). */
export type FastForward = (condition: () => boolean, maxVirtualMs: number) => Promise<boolean>;

export interface StepReport {
  step: StepPlan;
  name: string;
  atMs: number;
  outcome: StepOutcome;
  /** Set when the step's own `expect` was not met. */
  problem: string | null;
}

/** Virtual time the steps up to and including `untilStep` (default: all) may take at most. */
export function timelineLimitMs(scenario: ScenarioPlan, untilStep: string | undefined): number {
  let limitMs = 0;
  for (const step of stepsUntil(scenario, untilStep)) {
    limitMs = Math.max(limitMs, step.atMs) + (step.act.action === 'wait-until' ? step.act.timeoutMs : APPLY_ALLOWANCE_MS);
  }
  return Math.max(limitMs, scenario.durationMs);
}

/** Virtual time allowed for a step other than a wait (an apply being persisted, talosctl's deadline). */
const APPLY_ALLOWANCE_MS = 5 * 60_000;

/** The steps in the order `talsim run` performs them, up to and including `untilStep`. */
export function stepsUntil(scenario: ScenarioPlan, untilStep: string | undefined): StepPlan[] {
  const ordered = [...scenario.steps].sort((a, b) => a.atMs - b.atMs);
  const last = untilStep === undefined ? -1 : ordered.findIndex((step) => step.name === untilStep);
  return last < 0 ? ordered : ordered.slice(0, last + 1);
}

export async function runTimelineLive(
  scenario: ScenarioPlan,
  cluster: SimCluster,
  untilStep: string | undefined,
  fastForward: FastForward,
  onStep: (report: StepReport) => void,
  abort?: AbortSignal,
): Promise<StepReport[]> {
  const kernel = cluster.world.kernel;
  const reports: StepReport[] = [];
  for (const step of stepsUntil(scenario, untilStep)) {
    if (abort?.aborted) break;
    if (step.atMs > kernel.now) await fastForward(() => false, step.atMs - kernel.now);
    if (abort?.aborted) break;
    const outcome = await performLive(cluster, step, fastForward);
    recordStep(cluster, step, outcome);
    const report = { step, name: stepName(step), atMs: kernel.now, outcome, problem: checkStepExpectation(step.expect, outcome) };
    reports.push(report);
    onStep(report);
  }
  return reports;
}

async function performLive(cluster: SimCluster, step: StepPlan, fastForward: FastForward): Promise<StepOutcome> {
  const act = step.act;
  if (act.action !== 'wait-until') return performStep(cluster, step);
  const met = await fastForward(() => checkCondition(cluster, act.condition).ok, act.timeoutMs);
  return waitUntilOutcome(cluster, act.condition, met);
}
