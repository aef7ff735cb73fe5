// Loads a lesson: a scenario file with a `lesson:` key. The scenario part is loaded as any
// scenario (its steps set the scene); the lesson part is normalised here into a LessonPlan with
// goal conditions resolved against the cluster's node names and the time limit in ms. Errors are
// ScenarioErrors naming file:line:col, like every other loading error. Reads no time.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ScenarioError } from '../errors.ts';
import type { LessonCondition, LessonPlan, ScenarioPlan } from './plan.ts';
import type { ConditionInput, LessonInput } from './scenario-schema.ts';
import { loadScenarioText } from './load-scenario.ts';
import { checkScenarioShape } from './load-schema-check.ts';
import { parseScenarioYaml, type FieldPath } from './load-yaml-document.ts';
import { LoadContext, withoutUndefined, type ReadRelativeFile } from './load-context.ts';
import { normaliseCondition } from './load-condition.ts';
import { earliestProblemError } from './load-problems.ts';

export interface LessonFile {
  scenario: ScenarioPlan;
  lesson: LessonPlan;
}

export function loadLessonFile(path: string): LessonFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const found = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ScenarioError({ file: path, line: 1, column: 1 }, '', 'a readable lesson file', found);
  }
  const directory = dirname(path);
  return loadLessonText(text, path, (relativePath) => readFileSync(resolve(directory, relativePath), 'utf8'));
}

export function loadLessonText(text: string, file: string, readFile: ReadRelativeFile): LessonFile {
  const scenario = loadScenarioText(text, file, readFile);
  const source = parseScenarioYaml(text, file);
  const shape = checkScenarioShape(source.data);
  if (!shape.ok) throw earliestProblemError(shape.problems, source);
  const input = shape.scenario.lesson;
  if (!input) throw new ScenarioError({ file, line: 1, column: 1 }, 'lesson', 'a `lesson:` mapping (title, story, goals)', 'no value');
  const context = new LoadContext(source, readFile);
  context.nodeNames = scenario.cluster.nodes.map((node) => node.name);
  context.hasKms = scenario.cluster.kms !== undefined;
  const lesson = normaliseLesson(input, context);
  if (context.problems.length > 0) throw earliestProblemError(context.problems, source);
  return { scenario, lesson };
}

function normaliseLesson(input: LessonInput, context: LoadContext): LessonPlan {
  const path = ['lesson'];
  return withoutUndefined<LessonPlan>({
    title: input.title,
    story: input.story.trim(),
    goals: input.goals.map((goal, index) => {
      const { name, ...condition } = goal;
      return { name, condition: lessonCondition(condition, [...path, 'goals', index], context), source: context.sourceAt([...path, 'goals', index]) };
    }),
    hints: input.hints ?? [],
    success: input.success && lessonCondition(input.success, [...path, 'success'], context),
    timeLimitMs: input.timeLimit === undefined ? undefined : context.durationMs(input.timeLimit, [...path, 'timeLimit']),
    source: context.sourceAt(path),
  });
}

function lessonCondition(input: ConditionInput & Pick<LessonCondition, 'kubernetesNodeLabel' | 'talosconfigAccepted'>, path: FieldPath, context: LoadContext): LessonCondition {
  const condition: LessonCondition = normaliseCondition(input, path, context);
  if (input.kubernetesNodeLabel) condition.kubernetesNodeLabel = withoutUndefined({ ...input.kubernetesNodeLabel });
  if (input.talosconfigAccepted !== undefined) condition.talosconfigAccepted = input.talosconfigAccepted;
  return condition;
}
