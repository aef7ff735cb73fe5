// A scenario's faults, normalised: the `faults:` section and the inline faults of inject steps
// become FaultPlans with their targets resolved against the cluster (node selector, or link
// endpoints that are node names or `client`), times in ms, the start condition resolved, and
// option ranges checked (min <= max) but left open: they are drawn per seed when the run starts.
import type { FaultOptionValue, FaultPlan, FaultTargetPlan } from './plan.ts';
import type { FaultInput } from './scenario-schema.ts';
import { withoutUndefined, type LoadContext } from './load-context.ts';
import { normaliseCondition, normaliseSelector } from './load-condition.ts';
import type { FieldPath } from './load-yaml-document.ts';
import { faultKind } from '../faults/fault-catalogue.ts';
import { isOptionRange } from '../faults/option-ranges.ts';
import { CLIENT_ENDPOINT, KMS_ENDPOINT } from '../cluster/network.ts';

/** The `faults:` section, in order; each name is declared for later steps and expectations. */
export function normaliseDeclaredFaults(inputs: readonly FaultInput[], context: LoadContext): void {
  inputs.forEach((input, index) => {
    const path = ['faults', index];
    const fault = normaliseFault(input, input.name!, path, context);
    if (input.at !== undefined) fault.atMs = context.durationMs(input.at, [...path, 'at']);
    if (input.when !== undefined) fault.when = normaliseCondition(input.when, [...path, 'when'], context);
    context.addFault(fault, [...path, 'name']);
  });
}

/** An inline `inject:` fault (unnamed ones are called `<kind>-step-<n>`), added to the scenario's faults. */
export function normaliseInlineFault(input: FaultInput, stepIndex: number, path: FieldPath, context: LoadContext): FaultPlan {
  const fault = normaliseFault(input, input.name ?? `${input.kind}-step-${stepIndex + 1}`, path, context);
  context.addFault(fault, input.name === undefined ? [...path, 'kind'] : [...path, 'name']);
  return fault;
}

function normaliseFault(input: FaultInput, name: string, path: FieldPath, context: LoadContext): FaultPlan {
  return withoutUndefined<FaultPlan>({
    name,
    kind: input.kind,
    targets: normaliseTargets(input, path, context),
    options: normaliseOptions(input.options ?? {}, [...path, 'options'], context),
    durationMs: input.duration === undefined ? undefined : context.durationMs(input.duration, [...path, 'duration']),
    source: context.sourceAt(path),
  });
}

function normaliseTargets(input: FaultInput, path: FieldPath, context: LoadContext): FaultTargetPlan {
  const targets = input.targets;
  const kind = faultKind(input.kind).targets;
  if (kind === 'cluster' || targets === undefined) return { kind: 'cluster' };
  if ('from' in targets) {
    return {
      kind: 'link',
      from: endpointList(targets.from, [...path, 'targets', 'from'], context),
      to: endpointList(targets.to, [...path, 'targets', 'to'], context),
    };
  }
  return { kind: 'nodes', nodes: normaliseSelector(targets, [...path, 'targets'], context) };
}

function endpointList(written: string | string[], path: FieldPath, context: LoadContext): string[] {
  const list = typeof written === 'string' ? [written] : [...written];
  list.forEach((endpoint, index) => {
    if (endpoint !== CLIENT_ENDPOINT && !(endpoint === KMS_ENDPOINT && context.hasKms)) context.checkNodeName(endpoint, typeof written === 'string' ? path : [...path, index]);
  });
  return list;
}

function normaliseOptions(options: Record<string, unknown>, path: FieldPath, context: LoadContext): Record<string, FaultOptionValue> {
  for (const [option, value] of Object.entries(options)) {
    if (isOptionRange(value) && value.min > value.max) {
      context.report([...path, option, 'max'], `a number >= min (${value.min})`, String(value.max));
    }
  }
  return { ...(options as Record<string, FaultOptionValue>) };
}
