// The `expect:` section of a scenario: a condition that must hold at a time, by a time, throughout
// a window, or within a bound after a fault event. Leaves out how expectations are checked
// (invariant-checker.ts).
import { z } from 'zod';
import { duration, exactlyOneOf, text } from './schema-building-blocks.ts';
import { checkCondition, CONDITION_DESCRIPTION, conditionJsonRules, conditionShape } from './schema-condition.ts';
import { faultName } from './schema-faults.ts';

export const EXPECTATION_TIME_KEYS = ['at', 'by', 'throughout', 'within'] as const;

export const expectation = exactlyOneOf(
  z.strictObject({
    at: duration.optional().meta({ description: 'The condition holds at exactly this time.' }),
    by: duration.optional().meta({ description: 'The condition holds at some moment at or before this time.' }),
    throughout: z
      .strictObject({
        from: duration.meta({ description: 'Start of the window.' }),
        until: duration.optional().meta({ description: 'End of the window. Default: end of the run.' }),
      })
      .optional()
      .meta({ description: 'The condition holds at every moment of this window.' }),
    within: duration.optional().meta({ description: 'The condition holds at some moment within this long after the fault event `after` (a liveness bound).' }),
    after: z
      .union(
        [
          z.strictObject({ healed: faultName }).meta({ description: 'The window opens when this fault is healed.' }),
          z.strictObject({ injected: faultName }).meta({ description: 'The window opens when this fault is injected.' }),
        ],
        { error: 'a fault event `{healed: <name>}` or `{injected: <name>}`' },
      )
      .optional()
      .meta({ description: 'For `within`: the fault event that opens the window.' }),
    name: text.min(1).optional().meta({ description: 'Label; default derived from the condition.' }),
    not: z.boolean().optional().meta({ default: false, description: 'true inverts the condition. Default false.' }),
    ...conditionShape,
  })
    .superRefine(checkCondition)
    .superRefine((value, context) => {
      if ((value.within === undefined) === (value.after === undefined)) return;
      const [key, message] = value.within === undefined ? ['after', 'after only together with within'] : ['within', 'within together with after'];
      context.addIssue({ code: 'custom', path: [key], message, params: { found: `${key} alone`, pointAt: 'key' } });
    }),
  EXPECTATION_TIME_KEYS,
  `exactly one of ${EXPECTATION_TIME_KEYS.join(', ')}`,
).meta({
  description: `A condition the run must meet: exactly one of \`at\`, \`by\`, \`throughout\`, \`within\` (with \`after\`). ${CONDITION_DESCRIPTION}`,
  allOf: conditionJsonRules,
});

