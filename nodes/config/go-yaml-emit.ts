// A small YAML emitter that prints like Talos' go-yaml (v4) marshaller: block style, 4-space
// indentation with list items indented under their key, strings that would read back as
// another type in double quotes, strings unsafe as plain text in single quotes, multi-line
// strings as literal blocks. Used for Talos' "unknown keys found during decoding:" summary and
// for rendering configs the way `talosctl` diffs them. Leaves out: anchors, comments, line
// folding of long strings, and the exact emitter analysis for exotic characters.
import { resolvePlainScalar } from './go-yaml-scalars.ts';

export type EmitNode =
  | { kind: 'scalar'; text: string; style: 'plain' | 'double' | 'single' | 'literal' }
  | { kind: 'flow'; text: string }
  | { kind: 'map'; entries: Array<[string, EmitNode]> }
  | { kind: 'seq'; items: EmitNode[] };

const INDENT = '    ';
const OLD_BOOLS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

function plainIsUnsafe(text: string): boolean {
  if (text === '' || text !== text.trim() || text.startsWith('---') || text.startsWith('...')) return true;
  const first = text[0];
  if ('-?:'.includes(first)) {
    if (text.length === 1 || /\s/.test(text[1])) return true;
  } else if (',[]{}#&*!|>\'"%@`'.includes(first)) {
    return true;
  }
  return /: |:$| #|\t/.test(text);
}

/** How go-yaml would print a string value. */
export function stringNode(text: string): EmitNode {
  if (text.includes('\n')) return { kind: 'scalar', text, style: 'literal' };
  if (resolvePlainScalar(text).tag !== '!!str' || OLD_BOOLS.test(text)) return { kind: 'scalar', text, style: 'double' };
  if (plainIsUnsafe(text)) return { kind: 'scalar', text, style: text === '' ? 'double' : 'single' };
  return { kind: 'scalar', text, style: 'plain' };
}

function quoteDouble(text: string): string {
  return JSON.stringify(text);
}

function formatScalar(node: Extract<EmitNode, { kind: 'scalar' }>, indent: string): string {
  switch (node.style) {
    case 'plain':
      return node.text;
    case 'double':
      return quoteDouble(node.text);
    case 'single':
      return `'${node.text.replaceAll("'", "''")}'`;
    case 'literal': {
      const chomp = node.text.endsWith('\n') ? '' : '-';
      const body = node.text.endsWith('\n') ? node.text.slice(0, -1) : node.text;
      const lines = body.split('\n').map((line) => (line === '' ? '' : `${indent}${INDENT}${line}`));
      return `|${chomp}\n${lines.join('\n')}`;
    }
  }
}

function formatKey(key: string): string {
  const node = stringNode(key);
  if (node.kind !== 'scalar' || node.style === 'literal') return quoteDouble(key);
  return formatScalar(node, '');
}

function isEmptyCollection(node: EmitNode): string | null {
  if (node.kind === 'map' && node.entries.length === 0) return '{}';
  if (node.kind === 'seq' && node.items.length === 0) return '[]';
  return null;
}

/** `childIndent`: where nested blocks start; go-yaml puts those of a mapping inside a list item 4 columns right of the dash, 2 right of the keys. */
function emitMapEntries(entries: Array<[string, EmitNode]>, indent: string, lines: string[], childIndent = indent + INDENT): void {
  for (const [key, value] of entries) {
    const head = `${indent}${formatKey(key)}:`;
    const empty = isEmptyCollection(value);
    if (empty !== null) lines.push(`${head} ${empty}`);
    else if (value.kind === 'map') {
      lines.push(head);
      emitMapEntries(value.entries, childIndent, lines);
    } else if (value.kind === 'seq') {
      lines.push(head);
      emitSeqItems(value.items, childIndent, lines);
    } else if (value.kind === 'flow') lines.push(`${head} ${value.text}`);
    else lines.push(`${head} ${formatScalar(value, indent)}`);
  }
}

function emitSeqItems(items: EmitNode[], indent: string, lines: string[]): void {
  for (const item of items) {
    const empty = isEmptyCollection(item);
    if (empty !== null) lines.push(`${indent}- ${empty}`);
    else if (item.kind === 'map') {
      const nested: string[] = [];
      emitMapEntries(item.entries, `${indent}  `, nested, indent + INDENT);
      lines.push(`${indent}- ${nested[0].slice(indent.length + 2)}`, ...nested.slice(1));
    } else if (item.kind === 'seq') {
      const nested: string[] = [];
      emitSeqItems(item.items, `${indent}  `, nested);
      lines.push(`${indent}- ${nested[0].slice(indent.length + 2)}`, ...nested.slice(1));
    } else if (item.kind === 'flow') lines.push(`${indent}- ${item.text}`);
    else lines.push(`${indent}- ${formatScalar(item, indent)}`);
  }
}

/** Prints a node as a YAML document body (ends with a newline). */
export function emitYaml(node: EmitNode): string {
  const lines: string[] = [];
  const empty = isEmptyCollection(node);
  if (empty !== null) return `${empty}\n`;
  if (node.kind === 'map') emitMapEntries(node.entries, '', lines);
  else if (node.kind === 'seq') emitSeqItems(node.items, '', lines);
  else if (node.kind === 'flow') lines.push(node.text);
  else lines.push(formatScalar(node, ''));
  return `${lines.join('\n')}\n`;
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
