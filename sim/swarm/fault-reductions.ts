// The smaller fault plans shrinking tries: drop a fault (with the inject/heal steps and the
// `within` expectations that name it), halve how long it lasts (its `duration`, or the time until
// the step that heals it), or start it later, halfway to the moment the failure was seen (its
// `at`, or the step that injects it). Leaves option ranges as written: a shrunk scenario replays
// with the same seed, so the same values are drawn.
import type { FaultPlan, ScenarioPlan, StepPlan } from '../scenario/plan.ts';
import type { FailureTarget } from './plan-reductions.ts';
import { withoutFault } from './plan-references.ts';

export interface FaultCandidate {
  description: string;
  plan: ScenarioPlan;
}

/** The shortest a fault is shortened to: below this the fault stops meaning anything. */
export const MIN_FAULT_DURATION_MS = 1_000;

export function dropFaultCandidates(plan: ScenarioPlan): FaultCandidate[] {
  return [...(plan.faults ?? [])].reverse().map((fault) => ({ description: `fault ${fault.name}`, plan: withoutFault(plan, fault) }));
}

export function shortenFaultCandidates(plan: ScenarioPlan): FaultCandidate[] {
  return (plan.faults ?? []).flatMap((fault) => {
    if (fault.durationMs === undefined) return [];
    const durationMs = Math.max(MIN_FAULT_DURATION_MS, roundToSecond(fault.durationMs / 2));
    if (durationMs >= fault.durationMs) return [];
    return [{ description: `fault ${fault.name} shortened`, plan: withFault(plan, fault, { ...fault, durationMs }) }];
  });
}

export function delayFaultCandidates(plan: ScenarioPlan, target: FailureTarget): FaultCandidate[] {
  return (plan.faults ?? []).flatMap((fault) => {
    if (fault.atMs === undefined) return [];
    const atMs = Math.min(plan.durationMs, roundToSecond((fault.atMs + target.atMs) / 2));
    if (atMs <= fault.atMs) return [];
    return [{ description: `fault ${fault.name} moved later`, plan: withFault(plan, fault, { ...fault, atMs }) }];
  });
}

/** Inject steps moved later, halfway to the failure, but never past a step that heals that fault. */
export function delayInjectStepCandidates(plan: ScenarioPlan, target: FailureTarget): FaultCandidate[] {
  return plan.steps.flatMap((step) => {
    if (step.act.action !== 'inject') return [];
    const fault = step.act.fault;
    const nextHealMs = plan.steps.find((other) => other.act.action === 'heal' && (other.act.all || other.act.fault === fault) && other.atMs > step.atMs)?.atMs;
    const atMs = roundToSecond((step.atMs + target.atMs) / 2);
    if (atMs <= step.atMs || atMs > plan.durationMs || (nextHealMs !== undefined && atMs >= nextHealMs)) return [];
    return [{ description: `inject of ${step.act.fault} moved later`, plan: withStepAt(plan, step, atMs) }];
  });
}

/** Heal steps of one fault moved earlier, halfway back to when the fault started. */
export function hastenHealStepCandidates(plan: ScenarioPlan): FaultCandidate[] {
  return plan.steps.flatMap((step) => {
    if (step.act.action !== 'heal' || step.act.fault === undefined) return [];
    const startedMs = faultStartMs(plan, step.act.fault, step.atMs);
    if (startedMs === undefined) return [];
    const atMs = roundToSecond((startedMs + step.atMs) / 2);
    if (atMs <= startedMs || atMs >= step.atMs) return [];
    return [{ description: `heal of ${step.act.fault} moved earlier`, plan: withStepAt(plan, step, atMs) }];
  });
}

/** When the named fault last started before `beforeMs`: its `at`, or its latest inject step. */
function faultStartMs(plan: ScenarioPlan, name: string, beforeMs: number): number | undefined {
  const injects = plan.steps.filter((step) => step.act.action === 'inject' && step.act.fault === name && step.atMs <= beforeMs);
  const declaredMs = (plan.faults ?? []).find((fault) => fault.name === name)?.atMs;
  const times = [...injects.map((step) => step.atMs), ...(declaredMs !== undefined && declaredMs <= beforeMs ? [declaredMs] : [])];
  return times.length > 0 ? Math.max(...times) : undefined;
}

/** `step` at a new time; the steps stay in time order (others keep their order). */
function withStepAt(plan: ScenarioPlan, old: StepPlan, atMs: number): ScenarioPlan {
  const steps = plan.steps.map((step) => (step === old ? { ...step, atMs } : step));
  return { ...plan, steps: steps.map((step, index) => ({ step, index })).sort((a, b) => a.step.atMs - b.step.atMs || a.index - b.index).map(({ step }) => step) };
}

function withFault(plan: ScenarioPlan, old: FaultPlan, replacement: FaultPlan): ScenarioPlan {
  return { ...plan, faults: (plan.faults ?? []).map((fault) => (fault === old ? replacement : fault)) };
}

function roundToSecond(timeMs: number): number {
  return Math.round(timeMs / 1_000) * 1_000;
}
