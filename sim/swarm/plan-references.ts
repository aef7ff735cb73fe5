// What a plan's parts point at, so shrinking removes only what nothing else needs: the nodes a
// step, a condition or a fault names, and the faults a step or an expectation names.
import type { ExpectationPlan, FaultPlan, NodeSelector, ScenarioPlan, StateCondition, StepPlan } from '../scenario/plan.ts';

/** Names of the nodes some step, expectation or fault of `plan` names. */
export function referencedNodeNames(plan: ScenarioPlan): Set<string> {
  const names = new Set<string>();
  const addSelector = (selector: NodeSelector) => {
    if (selector.kind === 'names') for (const name of selector.names) names.add(name);
  };
  const addCondition = (condition: StateCondition | undefined) => condition && addSelector(condition.nodes);
  for (const step of plan.steps) {
    if ('node' in step.act) names.add(step.act.node);
    if (step.act.action === 'wait-until') addCondition(step.act.condition);
  }
  for (const expectation of plan.expectations) addCondition(expectation.condition);
  for (const fault of plan.faults ?? []) {
    addCondition(fault.when);
    if (fault.targets.kind === 'nodes') addSelector(fault.targets.nodes);
    if (fault.targets.kind === 'link') for (const endpoint of [...fault.targets.from, ...fault.targets.to]) names.add(endpoint);
  }
  return names;
}

/** The fault a step injects or heals by name; undefined for other steps and for `heal: {all: true}`. */
export function stepFaultName(step: StepPlan): string | undefined {
  if (step.act.action === 'inject') return step.act.fault;
  if (step.act.action === 'heal') return step.act.fault;
  return undefined;
}

export function expectationFaultName(expectation: ExpectationPlan): string | undefined {
  return expectation.after?.fault;
}

/** The plan without `fault` and without the steps and expectations that name it. */
export function withoutFault(plan: ScenarioPlan, fault: FaultPlan): ScenarioPlan {
  return {
    ...plan,
    faults: (plan.faults ?? []).filter((other) => other !== fault),
    steps: plan.steps.filter((step) => stepFaultName(step) !== fault.name),
    expectations: plan.expectations.filter((expectation) => expectationFaultName(expectation) !== fault.name),
  };
}
