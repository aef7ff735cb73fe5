// YAML printed the way Talos's Go code prints it: go.yaml.in/yaml/v4's Marshal with its default
// options (4-space indentation, no line folding), which Talos uses for machine configs, secrets
// bundles, talosconfigs, resource specs and its decode error summaries. Block style throughout;
// `{}`/`[]` for empty collections; sequences indented under their key; a collection that is an
// item of a sequence starts on the dash line, two columns in, and everything nested deeper is
// aligned to the next multiple of four (libyaml's "more regular" indentation as go-yaml changed
// it). Strings: plain when they read back as the same string, double-quoted when plain text
// would read back as another type (also YAML 1.1 booleans, base-60 numbers and `<<`),
// single-quoted when plain style cannot carry them, literal blocks for multi-line text.
// Leaves out: anchors, comments, flow style, folded scalars, and the emitter's own checks that
// push a literal block or a plain scalar with exotic characters into quotes.
import { resolvePlainScalar } from '../config/go-yaml-scalars.ts';

export type EmitNode =
  | { kind: 'scalar'; text: string; style: 'plain' | 'double' | 'single' | 'literal' }
  | { kind: 'flow'; text: string }
  | { kind: 'map'; entries: Array<[string, EmitNode]> }
  | { kind: 'seq'; items: EmitNode[] };

/** A value as Go code hands it to Marshal: maps keep their key order. */
export type GoYamlValue = string | number | boolean | null | GoYamlValue[] | { [key: string]: GoYamlValue };

const BEST_INDENT = 4;

const OLD_BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
const BASE_60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TIMESTAMP_FORMS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/,
  /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?$/,
];

/** go-yaml's parseTimestamp: the YAML 1.1 date and date-time forms Go's time.Parse accepts. */
function isTimestamp(text: string): boolean {
  for (const form of TIMESTAMP_FORMS) {
    const match = form.exec(text);
    if (match === null) continue;
    const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).filter((part) => part !== undefined).map(Number);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const days = month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1];
    return month >= 1 && month <= 12 && day >= 1 && day <= (days ?? 0) && hour < 24 && minute < 60 && second < 60;
  }
  return false;
}

/** Whether plain text would read back as something other than this string. */
function needsDoubleQuotes(text: string): boolean {
  return resolvePlainScalar(text).tag !== '!!str' || isTimestamp(text) || BASE_60_FLOAT.test(text) || OLD_BOOLS.has(text) || text === '<<';
}

/** Whether the emitter can write the text as a plain scalar at all. */
function plainAllowed(text: string): boolean {
  if (text === '' || text !== text.trim() || text.startsWith('---') || text.startsWith('...')) return false;
  const first = text[0];
  if ('-?:'.includes(first)) {
    if (text.length === 1 || /\s/.test(text[1])) return false;
  } else if (',[]{}#&*!|>\'"%@`'.includes(first)) {
    return false;
  }
  return !/: |:$| #|\t/.test(text);
}

/** go-yaml's shouldUseLiteralStyle: multi-line text with something besides whitespace. */
function literalAllowed(text: string): boolean {
  return text.length >= 2 && /\S/.test(text);
}

/** How go-yaml prints a string value. */
export function stringNode(text: string): EmitNode {
  if (text.includes('\n')) return { kind: 'scalar', text, style: literalAllowed(text) ? 'literal' : 'double' };
  if (needsDoubleQuotes(text)) return { kind: 'scalar', text, style: 'double' };
  if (!plainAllowed(text)) return { kind: 'scalar', text, style: 'single' };
  return { kind: 'scalar', text, style: 'plain' };
}

/** A Go value (string, number, bool, nil, slice, map in key order) as a node. */
export function valueNode(value: GoYamlValue): EmitNode {
  if (value === null) return { kind: 'scalar', text: 'null', style: 'plain' };
  if (typeof value === 'string') return stringNode(value);
  if (typeof value !== 'object') return { kind: 'scalar', text: String(value), style: 'plain' };
  if (Array.isArray(value)) return { kind: 'seq', items: value.map(valueNode) };
  return { kind: 'map', entries: Object.entries(value).map(([key, item]) => [key, valueNode(item)]) };
}

function formatScalar(node: Extract<EmitNode, { kind: 'scalar' }>, blockIndent: number): string {
  switch (node.style) {
    case 'plain':
      return node.text;
    case 'double':
      return JSON.stringify(node.text);
    case 'single':
      return `'${node.text.replaceAll("'", "''")}'`;
    case 'literal': {
      const chomp = !node.text.endsWith('\n') ? '-' : node.text.endsWith('\n\n') || node.text === '\n' ? '+' : '';
      const indentHint = node.text.startsWith(' ') ? String(BEST_INDENT) : '';
      const body = node.text.endsWith('\n') ? node.text.slice(0, -1) : node.text;
      const lines = body.split('\n').map((line) => (line === '' ? '' : `${' '.repeat(blockIndent)}${line}`));
      return `|${indentHint}${chomp}\n${lines.join('\n')}`;
    }
  }
}

/** A scalar written as a key (a multi-line key is double-quoted). */
export function formatKey(key: string): string {
  const node = stringNode(key);
  if (node.kind !== 'scalar' || node.style === 'literal') return JSON.stringify(key);
  return formatScalar(node, 0);
}

/** The plain, quoted or flow text of a Go scalar, as it appears after `key: ` or `- `. */
export function formatGoYamlScalar(value: string | number | boolean | null): string {
  const node = valueNode(value);
  return node.kind === 'scalar' ? formatScalar(node, 0) : '';
}

function emptyForm(node: EmitNode): string | null {
  if (node.kind === 'map' && node.entries.length === 0) return '{}';
  if (node.kind === 'seq' && node.items.length === 0) return '[]';
  return null;
}

/** Where libyaml puts what is nested one level deeper: two in from a dash, else the next multiple of four. */
function deeper(indent: number, inSequenceItem: boolean): number {
  if (indent < 0) return 0;
  return inSequenceItem ? indent + 2 : BEST_INDENT * Math.floor((indent + BEST_INDENT) / BEST_INDENT);
}

/**
 * Writes `node` as the value after `prefix` (`key:` or `- ` text already on the current line, or
 * nothing at the top). `indent` is the column of the key or dash the value belongs to (-1 at the top).
 */
function emitValue(node: EmitNode, prefix: string, indent: number, inSequenceItem: boolean, lines: string[]): void {
  const empty = emptyForm(node);
  const separator = prefix === '' || prefix.endsWith(' ') ? '' : ' ';
  if (empty !== null) lines.push(`${prefix}${separator}${empty}`);
  else if (node.kind === 'scalar') lines.push(`${prefix}${separator}${formatScalar(node, deeper(indent, inSequenceItem) || BEST_INDENT)}`);
  else if (node.kind === 'flow') lines.push(`${prefix}${separator}${node.text}`);
  else {
    const column = deeper(indent, inSequenceItem);
    // A collection inside a sequence item starts on the dash line; elsewhere on the next line.
    let first = inSequenceItem ? prefix : undefined;
    if (!inSequenceItem && prefix !== '') lines.push(prefix);
    const lead = () => {
      const start = first ?? ' '.repeat(column);
      first = undefined;
      return start;
    };
    if (node.kind === 'map') {
      for (const [key, value] of node.entries) emitValue(value, `${lead()}${formatKey(key)}:`, column, false, lines);
    } else {
      for (const item of node.items) emitValue(item, `${lead()}- `, column, true, lines);
    }
  }
}

/** Prints a node as a YAML document body (ends with a newline). */
export function emitYaml(node: EmitNode): string {
  const lines: string[] = [];
  emitValue(node, '', -1, false, lines);
  return `${lines.join('\n')}\n`;
}

/** One Go value's document, ending in a newline. */
export function emitGoYaml(document: { [key: string]: GoYamlValue }): string {
  return emitYaml(valueNode(document));
}

/** Several documents joined by `---` lines, as Talos writes a multi-document machine config. */
export function emitGoYamlDocuments(documents: Array<{ [key: string]: GoYamlValue }>): string {
  return documents.map(emitGoYaml).join('---\n');
}

const isDigit = (character: string): boolean => character >= '0' && character <= '9';
const isLetter = (character: string): boolean => character.toLowerCase() !== character.toUpperCase();

function readNumber(characters: string[], start: number): { value: number; end: number } {
  let end = start;
  let value = 0;
  while (end < characters.length && isDigit(characters[end])) value = value * 10 + Number(characters[end++]);
  return { value, end };
}

/** go-yaml's order for map keys: letters after other characters, digit runs compared as numbers. */
export function compareGoMapKeys(left: string, right: string): number {
  const a = [...left];
  const b = [...right];
  let afterDigit = false;
  for (let index = 0; index < a.length && index < b.length; index++) {
    if (a[index] === b[index]) {
      afterDigit = isDigit(a[index]);
      continue;
    }
    const aLetter = isLetter(a[index]);
    const bLetter = isLetter(b[index]);
    if (aLetter && bLetter) return a[index] < b[index] ? -1 : 1;
    if (aLetter || bLetter) return (afterDigit ? aLetter : bLetter) ? -1 : 1;
    const aNumber = readNumber(a, index);
    const bNumber = readNumber(b, index);
    if (aNumber.value !== bNumber.value) return aNumber.value - bNumber.value;
    if (aNumber.end !== bNumber.end) return aNumber.end - bNumber.end;
    return a[index] < b[index] ? -1 : 1;
  }
  return a.length - b.length;
}
