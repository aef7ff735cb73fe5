// The smaller plans shrinking tries, each a pure function of a plan: drop expectations other
// than the failing one, drop steps (never the failing step), remove nodes nothing names (keeping
// a control plane), shorten the run. Faults have their own file (fault-reductions.ts). Every
// candidate is a valid plan: times stay within the run, references stay resolvable.
import type { ExpectationPlan, NodePlan, ScenarioPlan, StepPlan } from '../scenario/plan.ts';
import { stepName } from '../scenario/run-scenario.ts';
import { referencedNodeNames } from './plan-references.ts';

/** The failure a shrunk plan must keep: same class, same name. */
export interface FailureTarget {
  kind: string;
  failureClass: string;
  name: string;
  /** Virtual time the failure was seen at in the latest failing run. */
  atMs: number;
}

export function isTargetExpectation(expectation: ExpectationPlan, target: FailureTarget): boolean {
  return target.kind === 'expectation' && expectation.name === target.name;
}

export function isTargetStep(step: StepPlan, target: FailureTarget): boolean {
  return target.kind === 'step' && stepName(step) === target.name;
}

export function droppableExpectations(plan: ScenarioPlan, target: FailureTarget): ExpectationPlan[] {
  return plan.expectations.filter((expectation) => !isTargetExpectation(expectation, target));
}

export function droppableSteps(plan: ScenarioPlan, target: FailureTarget): StepPlan[] {
  return plan.steps.filter((step) => !isTargetStep(step, target));
}

export function withoutExpectations(plan: ScenarioPlan, dropped: readonly ExpectationPlan[]): ScenarioPlan {
  return { ...plan, expectations: plan.expectations.filter((expectation) => !dropped.includes(expectation)) };
}

export function withoutSteps(plan: ScenarioPlan, dropped: readonly StepPlan[]): ScenarioPlan {
  return { ...plan, steps: plan.steps.filter((step) => !dropped.includes(step)) };
}

/** Nodes no step, condition or fault names; one control plane (a named one if any) is never among them. */
export function removableNodes(plan: ScenarioPlan): NodePlan[] {
  const referenced = referencedNodeNames(plan);
  const controlPlanes = plan.cluster.nodes.filter((node) => node.role === 'controlplane');
  const keptControlPlane = controlPlanes.find((node) => referenced.has(node.name)) ?? controlPlanes[0];
  return plan.cluster.nodes.filter((node) => node !== keptControlPlane && !referenced.has(node.name));
}

export function withoutNodes(plan: ScenarioPlan, removed: readonly NodePlan[]): ScenarioPlan {
  const nodes = plan.cluster.nodes.filter((node) => !removed.includes(node));
  return { ...plan, cluster: { ...plan.cluster, nodes } };
}

/** The earliest the run may end: every step, expectation and fault start must fall within it. */
export function shortestDurationMs(plan: ScenarioPlan): number {
  const stepTimes = plan.steps.map((step) => step.atMs);
  const expectationTimes = plan.expectations.map((expectation) =>
    expectation.when === 'throughout' ? expectation.atMs + 1_000 : expectation.atMs,
  );
  const faultTimes = (plan.faults ?? []).map((fault) => fault.atMs ?? 0);
  return Math.max(1_000, ...stepTimes, ...expectationTimes, ...faultTimes);
}

/**
 * Shorter runs worth trying: ending just after the failure was seen, then halfway between that
 * and the current length. Whole seconds, never below what the plan needs.
 */
export function shorterDurationsMs(plan: ScenarioPlan, target: FailureTarget): number[] {
  const floorMs = shortestDurationMs(plan);
  const atFailureMs = Math.max(floorMs, wholeSecondsAbove(target.atMs));
  const halfwayMs = Math.max(floorMs, wholeSecondsAbove((atFailureMs + plan.durationMs) / 2));
  return [...new Set([atFailureMs, halfwayMs])].filter((durationMs) => durationMs < plan.durationMs);
}

/** The plan ending at `durationMs`; windows that ran to the old end now end at the new one. */
export function withDurationMs(plan: ScenarioPlan, durationMs: number): ScenarioPlan {
  const expectations = plan.expectations.map((expectation) =>
    expectation.untilMs !== undefined && expectation.untilMs > durationMs ? { ...expectation, untilMs: durationMs } : expectation,
  );
  return { ...plan, durationMs, expectations };
}

function wholeSecondsAbove(timeMs: number): number {
  return Math.ceil(timeMs / 1_000) * 1_000;
}
