// Reading the `yaml` package's parsed nodes the way go-yaml's Node would present them to Talos:
// a scalar's Value text and resolved tag, a node's kind word for error texts (!!map, !!seq),
// its 1-based position, and conversion of an untyped subtree (Talos' Unstructured) into plain
// values with Go's scalar rules. Aliases are resolved against their document.
// Leaves out: YAML merge keys (`<<`), which Talos configs do not use.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Scalar } from 'yaml';
import { quotedScalar, resolvePlainScalar, type GoScalar } from './go-yaml-scalars.ts';
import type { ConfigObject, ConfigValue } from './machine-config-types.ts';
import type { SourcePoint } from './diagnostic.ts';
import type { EmitNode } from '../go-format/yaml.ts';

export interface NodeContext {
  document: Document;
  lineCounter: LineCounter;
  /** The whole submitted text, for copying flow collections into messages. */
  text: string;
}

/** Follows an alias to the node it names; null for an empty value. */
export function resolveNode(node: unknown, context: NodeContext): Node | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return (node.resolve(context.document) as Node | undefined) ?? null;
  return node as Node;
}

/** go-yaml's view of a scalar: Value text and resolved tag. */
export function goScalarOf(node: Scalar): GoScalar {
  const explicitTag = node.tag ?? '';
  if (node.type === 'PLAIN' || node.type === undefined) {
    const text = node.source ?? (node.value === null ? '' : String(node.value));
    if (explicitTag.endsWith(':str')) return quotedScalar(text);
    return resolvePlainScalar(text);
  }
  return quotedScalar(String(node.value));
}

/** True for an empty value or a plain null (`~`, `null`, nothing). */
export function isGoNull(node: Node | null): boolean {
  return node === null || (isScalar(node) && goScalarOf(node).tag === '!!null');
}

/** The tag word go-yaml uses for a node in "cannot construct <tag> ..." errors. */
export function nodeTagWord(node: Node): string {
  if (isMap(node)) return '!!map';
  if (isSeq(node)) return '!!seq';
  return goScalarOf(node as Scalar).tag;
}

/** 1-based line/column of a node's first character. */
export function positionOf(node: Node | null, context: NodeContext): SourcePoint {
  if (node === null || node.range === undefined || node.range === null) return { line: 0, column: 0 };
  const position = context.lineCounter.linePos(node.range[0]);
  return { line: position.line, column: position.col };
}

/** A mapping key's text as Talos sees it (go-yaml Node.Value). */
export function keyText(key: unknown, context: NodeContext): string {
  const node = resolveNode(key, context);
  if (node === null) return '';
  if (isScalar(node)) return goScalarOf(node).text;
  return context.text.slice(node.range?.[0] ?? 0, node.range?.[1] ?? 0);
}

function scalarToPlainValue(scalar: GoScalar): ConfigValue {
  if (typeof scalar.value === 'bigint') return Number(scalar.value);
  return scalar.value;
}

/** Converts a subtree with Go's rules for `interface{}` targets (Talos' Unstructured). */
export function toPlainValue(node: Node | null, context: NodeContext): ConfigValue {
  if (node === null) return null;
  if (isScalar(node)) return scalarToPlainValue(goScalarOf(node));
  if (isSeq(node)) return node.items.map((item) => toPlainValue(resolveNode(item, context), context));
  if (isMap(node)) {
    const result: ConfigObject = {};
    for (const pair of node.items) result[keyText(pair.key, context)] = toPlainValue(resolveNode(pair.value, context), context);
    return result;
  }
  return null;
}

/** The node as go-yaml would re-emit it (styles kept, flow collections as written). */
export function toEmitNode(node: Node | null, context: NodeContext): EmitNode {
  if (node === null) return { kind: 'scalar', text: 'null', style: 'plain' };
  if (isScalar(node)) {
    const scalar = goScalarOf(node);
    if (node.type === 'QUOTE_DOUBLE') return { kind: 'scalar', text: scalar.text, style: 'double' };
    if (node.type === 'QUOTE_SINGLE') return { kind: 'scalar', text: scalar.text, style: 'single' };
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return { kind: 'scalar', text: scalar.text, style: 'literal' };
    return { kind: 'scalar', text: scalar.text, style: 'plain' };
  }
  if ((isMap(node) || isSeq(node)) && node.flow) {
    return { kind: 'flow', text: context.text.slice(node.range?.[0] ?? 0, node.range?.[1] ?? 0).trim() };
  }
  if (isSeq(node)) return { kind: 'seq', items: node.items.map((item) => toEmitNode(resolveNode(item, context), context)) };
  if (isMap(node)) {
    return {
      kind: 'map',
      entries: node.items.map((pair) => [keyText(pair.key, context), toEmitNode(resolveNode(pair.value, context), context)]),
    };
  }
  return { kind: 'scalar', text: 'null', style: 'plain' };
}
