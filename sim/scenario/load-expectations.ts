// A scenario's expectations, normalised: when each must hold (at / by / throughout a window /
// within a bound after a fault event) in ms, its condition resolved against the cluster, and a label derived from the condition
// when none is written. A window with no end is closed later, at the end of the run.
import type { ExpectationPlan } from './plan.ts';
import type { ExpectationInput } from './scenario-schema.ts';
import { withoutUndefined, type LoadContext } from './load-context.ts';
import { describeCondition, normaliseCondition } from './load-condition.ts';
import { formatDurationMs } from './load-duration.ts';
import type { FieldPath } from './load-yaml-document.ts';

export function normaliseExpectations(inputs: readonly ExpectationInput[], context: LoadContext): ExpectationPlan[] {
  return inputs.map((input, index) => {
    const path = ['expect', index];
    const condition = normaliseCondition(input, path, context);
    const not = input.not ?? false;
    return withoutUndefined<ExpectationPlan>({
      name: input.name ?? describeCondition(condition, not),
      ...expectationTime(input, path, context),
      condition,
      not,
      source: context.sourceAt(path),
    });
  });
}

function expectationTime(
  input: ExpectationInput,
  path: FieldPath,
  context: LoadContext,
): Pick<ExpectationPlan, 'when' | 'atMs' | 'untilMs' | 'withinMs' | 'after'> {
  if (input.within !== undefined && input.after !== undefined) {
    const event = 'healed' in input.after ? 'healed' : 'injected';
    const fault = 'healed' in input.after ? input.after.healed : input.after.injected;
    context.faultNamed(fault, [...path, 'after', event]);
    return { when: 'within', atMs: 0, withinMs: context.durationMs(input.within, [...path, 'within']), after: { fault, event } };
  }
  if (input.at !== undefined) return { when: 'at', atMs: context.durationMs(input.at, [...path, 'at']) };
  if (input.by !== undefined) return { when: 'by', atMs: context.durationMs(input.by, [...path, 'by']) };
  const window = input.throughout!;
  const fromMs = context.durationMs(window.from, [...path, 'throughout', 'from']);
  if (window.until === undefined) return { when: 'throughout', atMs: fromMs };
  const untilMs = context.durationMs(window.until, [...path, 'throughout', 'until']);
  if (untilMs <= fromMs) {
    context.report([...path, 'throughout', 'until'], `a time after from (${formatDurationMs(fromMs)})`, JSON.stringify(window.until));
  }
  return { when: 'throughout', atMs: fromMs, untilMs };
}
