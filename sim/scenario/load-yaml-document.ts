// A scenario file parsed as YAML with the position of every node kept, so any later stage can
// point at the line and column of a field by its path. Leaves out multi-document files (one
// scenario per file) and YAML merge keys (`<<`), which the YAML 1.2 core schema does not have.
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ScenarioError, type SourcePosition } from '../errors.ts';
import { firstDuplicateKeyOffset } from './yaml-duplicate-keys.ts';

export type FieldPath = readonly (string | number)[];

/** Point at a field's key (`stpes:`) or at its value (`cp-9`). */
export type PointAt = 'key' | 'value';

export interface YamlSource {
  file: string;
  document: Document;
  lineCounter: LineCounter;
  /** The document as plain data, as the schema sees it. */
  data: unknown;
}

/** Most aliases a file may expand; beyond it the file is rejected rather than blowing up memory. */
const MAX_ALIAS_COUNT = 100;

export function parseScenarioYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  // Duplicate keys are looked for by firstDuplicateKeyOffset: the parser's own check is quadratic in a map's size.
  // Only the first error is reported, so none is prettified, and none records a stack: a 30 KB
  // file of shuffled lines gave 27,946 errors, whose pretty texts and stacks took 1.7 s (fuzz case 9077).
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let document: Document;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const firstError = [...document.errors].sort((a, b) => a.pos[0] - b.pos[0])[0];
  const duplicateOffset = firstDuplicateKeyOffset(document);
  if (duplicateOffset !== undefined && (!firstError || duplicateOffset < firstError.pos[0])) {
    const { line, col } = lineCounter.linePos(duplicateOffset);
    throw new ScenarioError({ file, line, column: col }, '', 'valid YAML', 'a YAML error: Map keys must be unique');
  }
  if (firstError) {
    const { line, col } = lineCounter.linePos(firstError.pos[0]);
    throw new ScenarioError({ file, line, column: col }, '', 'valid YAML', `a YAML error: ${yamlErrorSummary(firstError.message)}`);
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new ScenarioError({ file, line: 1, column: 1 }, '', 'valid YAML', `a YAML error: ${(error as Error).message}`);
  }
  return { file, document, lineCounter, data };
}

/** The first line of a `yaml` error message, without its `at line N, column M:` tail. */
function yamlErrorSummary(message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Where the field at `path` is written. A missing field points at its nearest written parent;
 * an empty value (`key:` with nothing after it) points at its key.
 */
export function positionOf(source: YamlSource, path: FieldPath, pointAt: PointAt = 'value'): SourcePosition {
  let node: Node | null | undefined = source.document.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const [index, segment] of path.entries()) {
    node = resolveAlias(source, node);
    const child = childOf(node, segment);
    if (!child) break;
    const isLast = index === path.length - 1;
    const value = child.value;
    const valueIsEmpty = !value || (isScalar(value) && value.value === null && value.range?.[0] === value.range?.[1]);
    if (child.keyOffset !== undefined && ((isLast && pointAt === 'key') || valueIsEmpty)) {
      offset = child.keyOffset;
      break;
    }
    offset = value?.range?.[0] ?? offset;
    node = value;
  }
  const { line, col } = source.lineCounter.linePos(offset);
  return { file: source.file, line, column: col };
}

function resolveAlias(source: YamlSource, node: Node | null | undefined): Node | null | undefined {
  return isAlias(node) ? (node.resolve(source.document) as Node | undefined) : node;
}

/** The entry `segment` of a mapping or sequence node: its value node and, for a mapping, its key's offset. */
function childOf(
  node: Node | null | undefined,
  segment: string | number,
): { value: Node | null; keyOffset?: number } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
    if (!pair) return undefined;
    return { value: (pair.value as Node | null) ?? null, keyOffset: (pair.key as Node).range?.[0] };
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment] as Node | undefined;
    return item ? { value: item } : undefined;
  }
  return undefined;
}

/** The plain value at `path` in the parsed data; undefined when nothing is written there. */
export function valueAt(data: unknown, path: FieldPath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}
