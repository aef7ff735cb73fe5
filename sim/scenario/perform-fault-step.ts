// Fault steps of a scenario (`inject`, `heal`) and the one way a planned fault is injected: its
// option ranges drawn from the stream `faults/<name>` (a fresh stream each time, so every
// injection of a fault in a run gets the same values, recorded in the trace as
// `fault.options-drawn`), then handed to the cluster's fault registry. Also the text an
// `apply-config: { fault: ... }` step submits.
import type { FaultPlan, StepAction } from './plan.ts';
import type { SimCluster } from '../cluster/cluster.ts';
import type { StepOutcome } from './outcomes.ts';
import { faultRegistryOf } from '../faults/active-faults.ts';
import { drawOptionRanges } from '../faults/option-ranges.ts';
import { FaultError } from '../faults/fault-error.ts';

type FaultStepAction = Extract<StepAction, { action: 'inject' | 'heal' }>;

/** Injects a planned fault now; returns its registry id. Throws FaultError when it cannot be injected. */
export function injectPlannedFault(cluster: SimCluster, fault: FaultPlan): string {
  const { values, drawn } = drawOptionRanges(fault.options, cluster.world.random.stream(`faults/${fault.name}`));
  if (drawn.length > 0) cluster.world.trace.record('-', 'fault.options-drawn', { name: fault.name, drawn });
  return faultRegistryOf(cluster).inject(fault.kind, fault.targets, values, fault.durationMs, fault.name);
}

/** Heals every active fault called `name`; returns how many. */
export function healFaultsNamed(cluster: SimCluster, name: string): number {
  const registry = faultRegistryOf(cluster);
  const active = registry.list().filter((fault) => fault.name === name);
  for (const fault of active) registry.heal(fault.id);
  return active.length;
}

export function performFaultStep(cluster: SimCluster, act: FaultStepAction): StepOutcome {
  try {
    if (act.action === 'inject') {
      const id = injectPlannedFault(cluster, act.spec);
      return { summary: `injected ${act.spec.kind} "${act.fault}" (${id})` };
    }
    if (act.all) return { summary: `healed ${faultRegistryOf(cluster).healAll()} fault(s)` };
    const healed = healFaultsNamed(cluster, act.fault!);
    if (healed === 0) return { summary: '', error: `fault "${act.fault}" is not active`, errorCode: 'FailedPrecondition' };
    return { summary: `healed "${act.fault}"` };
  } catch (error) {
    if (error instanceof FaultError) return { summary: '', error: error.message, errorCode: 'InvalidArgument' };
    throw error;
  }
}
