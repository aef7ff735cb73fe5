// The shape of a scenario file, as zod 4 schemas: what keys exist, their types and allowed
// values, with the descriptions the JSON Schema (and the README) carry. It only checks the
// shape of one file; cross references (node names), durations in milliseconds, defaults and
// referenced files are the loader's normalising stage (`load-*.ts`). Each section has its own
// file (schema-cluster, schema-faults, schema-steps, schema-expectations, schema-lesson, built
// from schema-condition and schema-building-blocks); this file puts them together.
import { z } from 'zod';
import type { NodeRole } from '../../nodes/vocabulary.ts';
import { duration, name, text } from './schema-building-blocks.ts';
import type { CHECK_KEYS, SELECTOR_KEYS } from './schema-condition.ts';
import { cluster, MAX_CLUSTER_NODES } from './schema-cluster.ts';
import { declaredFault } from './schema-faults.ts';
import { ACTION_KEYS, step, type ActionKey } from './schema-steps.ts';
import { expectation } from './schema-expectations.ts';
import { lesson } from './schema-lesson.ts';

export { ACTION_KEYS, MAX_CLUSTER_NODES, type ActionKey };

export const scenarioSchema = z
  .strictObject({
    name: name.meta({ description: 'Scenario name: lowercase letters, digits and dashes.' }),
    description: text.optional().meta({ description: 'Free text.' }),
    seed: z
      .union([z.int().min(0), z.string().min(1)], { error: 'a whole number >= 0 or a non-empty string' })
      .optional()
      .meta({ default: 1, description: 'Root seed of the run (number or string). Default 1; the CLI `--seed` overrides it.' }),
    duration: duration
      .optional()
      .meta({ description: 'Total virtual run length. Default: the last step (plus its wait-until timeout) or expectation time, plus 1m.' }),
    cluster,
    faults: z.array(declaredFault).optional().meta({ description: 'Named faults, injected at a time, when a condition holds, or by `inject` steps. Default none.' }),
    steps: z.array(step).optional().meta({ description: 'Actions, in time order. Default none.' }),
    expect: z.array(expectation).optional().meta({ description: 'Expectations checked against the run. Default none.' }),
    expectFailure: z
      .boolean()
      .optional()
      .meta({
        description:
          'The scenario must fail (a canary proving the checkers can fail): reported as an expected failure and counted as passed when it fails; a failure of the run when every expectation holds. Default false.',
      }),
    lesson: lesson.optional(),
  })
  .meta({ title: 'talsim scenario', description: 'A talsim scenario: a cluster, timed actions and expectations.' });

export type ScenarioInput = z.output<typeof scenarioSchema>;
export type NodeEntryInput = ScenarioInput['cluster']['nodes'][number];
export type StepInput = NonNullable<ScenarioInput['steps']>[number];
export type ExpectationInput = NonNullable<ScenarioInput['expect']>[number];
export type WaitUntilInput = NonNullable<StepInput['wait-until']>;
export type ConditionInput = Pick<ExpectationInput, (typeof SELECTOR_KEYS)[number] | (typeof CHECK_KEYS)[number]>;
export type HardwareInput = NonNullable<NodeEntryInput['hardware']>;
/** A fault as written in `faults:` or inline in an `inject` step (kind-specific keys widened). */
export interface FaultInput {
  name?: string;
  kind: string;
  targets?: { node?: string; nodes?: string[]; role?: NodeRole; all?: true } | { from: string | string[]; to: string | string[] };
  options?: Record<string, unknown>;
  at?: string;
  when?: ConditionInput;
  duration?: string;
}
export type LessonInput = NonNullable<ScenarioInput['lesson']>;
export type LessonGoalInput = LessonInput['goals'][number];
