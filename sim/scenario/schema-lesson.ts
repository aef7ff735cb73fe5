// The `lesson:` section that makes a scenario a lesson (`talsim learn`): title, story, goals
// checked against the live cluster (scenario conditions plus lesson-only checks), hints, success
// and time limit. Leaves out how a lesson runs (sim/ui/lesson-tracker.ts).
import { z } from 'zod';
import { duration, text } from './schema-building-blocks.ts';
import { CHECK_KEYS, CONDITION_DESCRIPTION, conditionJsonRules, conditionRefinement, conditionShape } from './schema-condition.ts';

/** Checks only a lesson's goals and success condition may use (they read the live cluster, not a run). */
export const LESSON_CHECK_KEYS = ['kubernetesNodeLabel', 'talosconfigAccepted'] as const;

const lessonConditionShape = {
  ...conditionShape,
  kubernetesNodeLabel: z
    .strictObject({
      key: text.min(1).meta({ description: 'Label key, e.g. `talsim.dev/pool`.' }),
      value: text.optional().meta({ description: 'Label value; absent: any value.' }),
    })
    .optional()
    .meta({ description: 'The Kubernetes Node object of the node carries this label (what `kubectl get nodes --show-labels` shows).' }),
  talosconfigAccepted: z
    .boolean()
    .optional()
    .meta({ description: "Whether the cluster's talosconfig reaches the node: its machine CA is the cluster's (false: x509 unknown authority)." }),
};

/** Like a scenario condition, with the lesson-only checks counted as checks. */
const checkLessonCondition = conditionRefinement([...CHECK_KEYS, ...LESSON_CHECK_KEYS]);

const lessonConditionJsonRules = [
  { anyOf: [...CHECK_KEYS, ...LESSON_CHECK_KEYS].map((key) => ({ required: [key] })) },
  conditionJsonRules[1]!,
];

const lessonGoal = z
  .strictObject({
    name: text.min(1).meta({ description: 'What the trainee must achieve, as the lesson lists it.' }),
    ...lessonConditionShape,
  })
  .superRefine(checkLessonCondition)
  .meta({ description: `A goal, checked against the live cluster. ${CONDITION_DESCRIPTION} Also \`kubernetesNodeLabel\`, \`talosconfigAccepted\`.`, allOf: lessonConditionJsonRules });

export const lesson = z
  .strictObject({
    title: text.min(1).meta({ description: 'Title shown in the lesson list and the UI.' }),
    story: text.min(1).meta({ description: 'What happened and what the trainee is asked to do.' }),
    goals: z.array(lessonGoal).min(1).meta({ description: 'Goals in the order the trainee should reach them.' }),
    hints: z.array(text.min(1)).optional().meta({ description: 'Hints, revealed one at a time; each one used costs score. Default none.' }),
    success: z
      .strictObject(lessonConditionShape)
      .superRefine(checkLessonCondition)
      .optional()
      .meta({ description: 'When the lesson is passed. Default: every goal holds at once.', allOf: lessonConditionJsonRules }),
    timeLimit: duration.optional().meta({ description: 'Virtual time the trainee has, from the end of the setup steps. Default none.' }),
  })
  .meta({
    description:
      'Makes the scenario a lesson (`talsim learn`): its steps set the scene, then the trainee acts; goals are checked against the live cluster.',
  });

