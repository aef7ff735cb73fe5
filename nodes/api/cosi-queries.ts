// The filters of COSI List and kind Watch requests: label queries (several queries are OR-ed, the
// terms of one query AND-ed, each term optionally inverted) and the id query (a regular
// expression searched for anywhere in the id, as Go's regexp.MatchString does).
//
// Leaves out the RE2-only regexp syntax JavaScript lacks (e.g. `(?P<name>...)`, `\z`): such a
// pattern is refused as not compiling.

import { TalosApiError } from '../api-error.ts';
import type { LabelQuery__Output } from '../../proto/gen/cosi/resource/LabelQuery.ts';
import type { LabelTerm__Output } from '../../proto/gen/cosi/resource/LabelTerm.ts';
import type { IDQuery__Output } from '../../proto/gen/cosi/resource/IDQuery.ts';

export type Labels = Readonly<Record<string, string>>;

/** What a List or kind Watch keeps: labels and id both have to pass. */
export interface ResourceFilter {
  labels: (labels: Labels) => boolean;
  id: (id: string) => boolean;
}

export function resourceFilter(labelQueries: readonly LabelQuery__Output[] | null | undefined, idQuery: IDQuery__Output | null | undefined): ResourceFilter {
  return { labels: labelQueryMatcher(labelQueries ?? []), id: idQueryMatcher(idQuery) };
}

export function labelQueryMatcher(queries: readonly LabelQuery__Output[]): (labels: Labels) => boolean {
  if (queries.length === 0) return () => true;
  return (labels) => queries.some((query) => (query.terms ?? []).every((term) => termMatches(term, labels)));
}

function termMatches(term: LabelTerm__Output, labels: Labels): boolean {
  const present = Object.hasOwn(labels, term.key);
  const value = present ? labels[term.key] : undefined;
  const wanted = term.value ?? [];
  let matches: boolean;
  switch (term.op) {
    case 'EXISTS':
      matches = present;
      break;
    case 'NOT_EXISTS':
      matches = !present;
      break;
    case 'EQUAL':
      matches = present && value === wanted[0];
      break;
    case 'IN':
      matches = present && wanted.includes(value!);
      break;
    case 'LT':
    case 'LTE':
      matches = present && wanted.length > 0 && compareStrings(value!, wanted[0], term.op === 'LTE');
      break;
    case 'LT_NUMERIC':
    case 'LTE_NUMERIC':
      matches = present && wanted.length > 0 && compareNumbers(value!, wanted[0], term.op === 'LTE_NUMERIC');
      break;
    default:
      throw new TalosApiError('Unimplemented', `unsupported label query operator: ${String(term.op)}`);
  }
  return term.invert ? !matches : matches;
}

function compareStrings(value: string, bound: string, orEqual: boolean): boolean {
  return orEqual ? value <= bound : value < bound;
}

/** Numeric when both sides are numbers, as strings otherwise. */
function compareNumbers(value: string, bound: string, orEqual: boolean): boolean {
  const left = Number(value);
  const right = Number(bound);
  if (value.trim() === '' || bound.trim() === '' || Number.isNaN(left) || Number.isNaN(right)) {
    return compareStrings(value, bound, orEqual);
  }
  return orEqual ? left <= right : left < right;
}

export function idQueryMatcher(query: IDQuery__Output | null | undefined): (id: string) => boolean {
  const pattern = query?.regexp ?? '';
  if (pattern === '') return () => true;
  let expression: RegExp;
  try {
    expression = new RegExp(pattern, 'u');
  } catch (error) {
    throw new TalosApiError('InvalidArgument', `error parsing regexp: ${(error as Error).message}`);
  }
  return (id) => expression.test(id);
}
