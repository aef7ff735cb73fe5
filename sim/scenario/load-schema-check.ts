// The loader's second stage: checks the parsed YAML against the zod schema and turns each zod
// issue into a Problem that says, in plain words, what was expected and what was found. Every
// issue's message is the "expected" half (the schema's own text where it gives one, else made
// here); the "found" half is read from the data at the issue's path.
import { z } from 'zod';
import { scenarioSchema, type ScenarioInput } from './scenario-schema.ts';
import { describeValue, type Problem } from './load-problems.ts';
import { valueAt, type FieldPath } from './load-yaml-document.ts';

export type ShapeCheck = { ok: true; scenario: ScenarioInput } | { ok: false; problems: Problem[] };

export function checkScenarioShape(data: unknown): ShapeCheck {
  const result = scenarioSchema.safeParse(data, { error: expectedText });
  if (result.success) return { ok: true, scenario: result.data };
  const problems = result.error.issues.flatMap((issue) => problemsOf(issue, [], data));
  return { ok: false, problems };
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

/** The "expected" half of a message, for issues whose schema gives no text of its own. */
function expectedText(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? `a value of type ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1 ? String(issue.values[0]) : `one of ${issue.values.join(', ')}`;
    case 'unrecognized_keys':
      return `one of the keys ${knownKeys(issue.inst).join(', ')}`;
    case 'too_small':
      return sizeText(issue.origin, 'at least', issue.inclusive === false ? '>' : '>=', Number(issue.minimum));
    case 'too_big':
      return sizeText(issue.origin, 'at most', issue.inclusive === false ? '<' : '<=', Number(issue.maximum));
    case 'invalid_format':
      return issue.pattern ? `text matching ${issue.pattern}` : `text in ${issue.format} format`;
    default:
      return 'a value of another shape';
  }
}

function knownKeys(schema: unknown): string[] {
  const shape = (schema as { _zod?: { def?: { shape?: Record<string, unknown> } } })?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

function sizeText(origin: string, bound: string, comparison: string, limit: number): string {
  if (origin === 'array') return limit === 1 && bound === 'at least' ? 'a non-empty list' : `a list of ${bound} ${limit} items`;
  if (origin === 'string') return limit === 1 && bound === 'at least' ? 'a non-empty string' : `text of ${bound} ${limit} characters`;
  return `a number ${comparison} ${limit}`;
}

/** One issue as problems: an unknown key each, a failed union through its closest alternative. */
function problemsOf(issue: z.core.$ZodIssue, prefix: FieldPath, data: unknown): Problem[] {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], expected: issue.message, found: JSON.stringify(key), pointAt: 'key' }));
    case 'invalid_union': {
      const branch = closestBranch(issue.errors);
      if (branch) return branch.flatMap((inner) => problemsOf(inner, path, data));
      return [{ path, expected: issue.message, found: describeValue(valueAt(data, path)) }];
    }
    case 'custom':
      return [
        {
          path,
          expected: issue.message,
          found: (issue.params?.found as string | undefined) ?? describeValue(valueAt(data, path)),
          pointAt: issue.params?.pointAt as Problem['pointAt'],
        },
      ];
    default:
      return [{ path, expected: issue.message, found: describeValue(valueAt(data, path)) }];
  }
}

/**
 * The union alternative the writer most likely meant: of those whose basic type matched (no
 * type error at the union's own position), the one with fewest issues. None: the value is of
 * no alternative's type, and the union's own message says what would do.
 */
function closestBranch(branches: z.core.$ZodIssue[][]): z.core.$ZodIssue[] | undefined {
  const sameType = branches.filter(
    (issues) => !issues.some((issue) => issue.path.length === 0 && issue.code === 'invalid_type'),
  );
  if (sameType.length === 0) return undefined;
  return sameType.reduce((best, issues) => (issues.length < best.length ? issues : best));
}
