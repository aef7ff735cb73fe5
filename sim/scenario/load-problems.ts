// What is wrong with a scenario file, before it becomes a ScenarioError: a field path, what was
// expected and what was found, rendered plainly. The loader collects every problem of a stage
// and reports the one written earliest in the file.
import { ScenarioError } from '../errors.ts';
import { positionOf, type FieldPath, type PointAt, type YamlSource } from './load-yaml-document.ts';

export interface Problem {
  path: FieldPath;
  expected: string;
  found: string;
  pointAt?: PointAt;
}

/** `cluster.nodes[0].role`, `steps[1].apply-config.mode`. */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** Longest quoted text shown in a message; longer values are cut with an ellipsis. */
const MAX_SHOWN_TEXT_LENGTH = 60;

/** A value as a message shows it: `"rebot"`, `90`, `true`, `a list`, `a mapping`, `no value`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'no value';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN_TEXT_LENGTH ? `${value.slice(0, MAX_SHOWN_TEXT_LENGTH)}...` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** The problem written earliest in the file (by line, then column), as the error to throw. */
export function earliestProblemError(problems: readonly Problem[], source: YamlSource): ScenarioError {
  const located = problems.map((problem) => ({
    problem,
    position: positionOf(source, problem.path, problem.pointAt),
  }));
  located.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
  const first = located[0];
  if (!first) throw new Error('earliestProblemError called without problems');
  return new ScenarioError(first.position, formatFieldPath(first.problem.path), first.problem.expected, first.problem.found);
}
