// Field and label selectors as the apiserver parses them: field selectors are `k=v`, `k==v`,
// `k!=v` terms (empty values allowed) over each kind's supported fields (anything else is a
// 400 `field label not supported`); label selectors add set-based terms (`k in (a,b)`,
// `k notin (a,b)`, `k`, `!k`). Leaves out: label value syntax validation.
import type { KubeObject } from './objects.ts';

export class SelectorError extends Error {}

type Matcher = (object: KubeObject) => boolean;

/** Field paths each kind may be selected by (upstream field-label conversion functions). */
const FIELDS: Record<string, string[]> = {
  Node: ['metadata.name', 'spec.unschedulable'],
  Pod: [
    'metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName',
    'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName', 'spec.host',
  ],
  Event: [
    'metadata.name', 'metadata.namespace', 'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
    'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type',
  ],
  Lease: ['metadata.name', 'metadata.namespace'],
  DaemonSet: ['metadata.name', 'metadata.namespace'],
  Deployment: ['metadata.name', 'metadata.namespace'],
  Namespace: ['metadata.name', 'status.phase'],
};

function fieldValue(object: KubeObject, path: string): string {
  if (path === 'spec.host') path = 'spec.nodeName';
  if (path === 'source') return String(((object as Record<string, unknown>).source as { component?: string } | undefined)?.component ?? '');
  if (path === 'status.podIPs') return String(((object.status as { podIPs?: Array<{ ip: string }> } | undefined)?.podIPs ?? []).map((ip) => ip.ip)[0] ?? '');
  let value: unknown = object;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  if (value === undefined || value === null) return path === 'spec.unschedulable' || path === 'spec.hostNetwork' ? 'false' : '';
  return String(value);
}

export function parseFieldSelector(kind: string, text: string | null): Matcher {
  if (!text) return () => true;
  const terms = text.split(',').filter((term) => term.length > 0).map((term) => {
    const match = /^([^!=]+)(==|!=|=)(.*)$/.exec(term);
    if (!match) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    const [, field, operator, value] = match as unknown as [string, string, string, string];
    if (!FIELDS[kind]?.includes(field)) throw new SelectorError(`field label not supported: ${field}`);
    return { field, negate: operator === '!=', value };
  });
  return (object) => terms.every((term) => (fieldValue(object, term.field) === term.value) !== term.negate);
}

/** The name a `metadata.name=X` field selector pins, if any (lets a watch skip other objects cheaply). */
export function pinnedName(text: string | null): string | undefined {
  return text?.split(',').map((term) => /^metadata\.name==?(.*)$/.exec(term)?.[1]).find((name) => name !== undefined);
}

/** Split on commas that are not inside parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of text) {
    if (character === '(') depth++;
    if (character === ')') depth--;
    if (character === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += character;
  }
  if (current.trim()) terms.push(current.trim());
  return terms;
}

export function parseLabelSelector(text: string | null): Matcher {
  if (!text) return () => true;
  const terms: Array<(labels: Record<string, string>) => boolean> = splitTerms(text).map((term) => {
    let match = /^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (match) {
      const [, key, operator, list] = match as unknown as [string, string, string, string];
      const values = new Set(list.split(',').map((value) => value.trim()));
      return operator === 'in' ? (labels) => key in labels && values.has(labels[key]!) : (labels) => !(key in labels) || !values.has(labels[key]!);
    }
    match = /^([^\s!=()]+)\s*(==|!=|=)\s*([^\s!=()]*)$/.exec(term);
    if (match) {
      const [, key, operator, value] = match as unknown as [string, string, string, string];
      return operator === '!=' ? (labels) => labels[key] !== value : (labels) => key in labels && labels[key] === value;
    }
    match = /^(!?)([^\s!=()]+)$/.exec(term);
    if (match) {
      const [, not, key] = match as unknown as [string, string, string];
      return not ? (labels) => !(key in labels) : (labels) => key in labels;
    }
    throw new SelectorError(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`);
  });
  return (object) => {
    const labels = object.metadata.labels ?? {};
    return terms.every((term) => term(labels));
  };
}
