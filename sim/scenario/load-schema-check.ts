// The loader's second stage: checks the parsed YAML against the zod schema and turns each zod
// issue into a Problem that says, in plain words, what was expected and what was found. Every
// issue's message is the "expected" half (the schema's own text where it gives one, else made
// here); the "found" half is read from the data at the issue's path.
import { z } from 'zod';
import { scenarioSchema, type ScenarioInput } from './scenario-schema.ts';
import { describeValue, type Problem } from './load-problems.ts';
import { closestName } from '../errors.ts';
import { valueAt, type FieldPath } from './load-yaml-document.ts';

export type ShapeCheck = { ok: true; scenario: ScenarioInput } | { ok: false; problems: Problem[] };

export function checkScenarioShape(data: unknown): ShapeCheck {
  const result = scenarioSchema.safeParse(data, { error: expectedText });
  if (result.success) return { ok: true, scenario: result.data };
  const problems = result.error.issues.flatMap((issue) => problemsOf(issue, [], data));
  return { ok: false, problems: withoutExplainedAbsences(problems) };
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
    case 'unrecognized_keys': {
      const known = knownKeys(issue.inst);
      const guess = issue.keys.length === 1 ? closestName(issue.keys[0]!, known) : undefined;
      return guess ? `a known key: did you mean "${guess}"? (keys: ${known.join(', ')})` : `one of the keys ${known.join(', ')}`;
    }
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
    case 'custom': {
      const typo = unknownKeyInstead(issue, path, data);
      if (typo) return [typo];
      return [
        {
          path,
          expected: issue.message,
          found: (issue.params?.found as string | undefined) ?? describeValue(valueAt(data, path)),
          pointAt: issue.params?.pointAt as Problem['pointAt'],
        },
      ];
    }
    default:
      return [{ path, expected: issue.message, found: describeValue(valueAt(data, path)) }];
  }
}

/**
 * An "expected at least one check / exactly one of ..., found none" at a mapping that also has an
 * unknown key is that key's consequence (`applyStat:` is the missing `applyState:`): only the
 * unknown key (with its "did you mean") is reported.
 */
function withoutExplainedAbsences(problems: Problem[]): Problem[] {
  const unknownKeyParents = new Set(problems.filter((problem) => problem.pointAt === 'key' && problem.expected.includes('key')).map((problem) => JSON.stringify(problem.path.slice(0, -1))));
  return problems.filter((problem) => !(problem.found === 'none' && unknownKeyParents.has(JSON.stringify(problem.path))));
}

/**
 * "exactly one of ... / at least one check ..., found none" where the mapping holds a key the
 * schema does not know: that key is the mistake (`applyStat:`, `patchs:`), so it is reported
 * instead, with the known key it most likely meant.
 */
function unknownKeyInstead(issue: z.core.$ZodIssue, path: FieldPath, data: unknown): Problem | undefined {
  const params = (issue as { params?: { found?: string; known?: readonly string[]; keys?: readonly string[] } }).params;
  if (params?.found !== 'none' || !params.known) return undefined;
  const value = valueAt(data, path);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const unknown = Object.keys(value).find((key) => !params.known!.includes(key));
  if (unknown === undefined) return undefined;
  const guess = closestName(unknown, params.keys ?? params.known) ?? closestName(unknown, params.known);
  const expected = guess ? `a known key: did you mean "${guess}"? (${issue.message})` : `${issue.message}; keys: ${params.known.join(', ')}`;
  return { path: [...path, unknown], expected, found: JSON.stringify(unknown), pointAt: 'key' };
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
