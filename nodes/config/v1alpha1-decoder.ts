// Decoding one v1alpha1 document against the schema, as Talos does it in two passes: go-yaml
// first constructs the Go struct (collecting "cannot construct ..." type errors), then Talos'
// unknown-key check lists every key the struct does not have. This walk does both at once and
// also records where each field sits, so later diagnostics can point at it.
// Leaves out: fields' defaults (absent stays absent) and Go's zeroing of explicit nulls (an
// explicit `key: ~` is treated as absent, which is what Talos' omitempty output shows anyway).
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { ArgsSchema, FieldSchema, ListSchema, MapSchema, ScalarSchema, StructSchema } from './v1alpha1-schema.ts';
import type { ConfigObject, ConfigValue } from './machine-config-types.ts';
import type { SourcePoint } from './diagnostic.ts';
import { describeScalarForError, yaml11Bool, type GoScalar } from './go-yaml-scalars.ts';
import { formatGoDuration, parseGoDuration } from '../go-format/duration.ts';
import { base64Error, fitsGoInteger, parseDiskSizeCondition, parseHumanBytes } from './leaf-decoders.ts';
import { parseURL } from './net-parse.ts';
import { canonicalText, textUnmarshalError } from './text-unmarshalers.ts';
import { isAtLeast } from './talos-version.ts';
import {
  goScalarOf, isGoNull, keyText, nodeTagWord, positionOf, resolveNode, toPlainValue, type NodeContext,
} from './yaml-node-reading.ts';

/** One go-yaml construct error ("line N: cannot construct ..."). */
export interface ConstructProblem extends SourcePoint {
  message: string;
  path: string;
}

/** Keys the schema does not know, shaped like Talos' summary (map of key => node or nested summary). */
export type UnknownTree =
  | { kind: 'node'; node: Node | null }
  | { kind: 'map'; entries: Map<string, UnknownTree> }
  | { kind: 'seq'; items: UnknownTree[] };

export interface UnknownKeyPlace extends SourcePoint {
  path: string;
}

export interface SchemaDecodeResult {
  value: ConfigObject;
  constructProblems: ConstructProblem[];
  unknown: UnknownTree | null;
  unknownPlaces: UnknownKeyPlace[];
  /** Key (or list item) position of every decoded field, by dotted path. */
  positions: Map<string, SourcePoint>;
}

interface Decoded {
  /** undefined: the field is absent. */
  value: ConfigValue | undefined;
  unknown: UnknownTree | null;
}

const SIMPLE_KEY = /^[A-Za-z0-9_-]+$/;

/** 'machine.nodeLabels["node-role.kubernetes.io/worker"]' for keys that are not simple words. */
export function childPath(parent: string, key: string): string {
  if (!SIMPLE_KEY.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

export class V1Alpha1Decoder {
  private readonly problems: ConstructProblem[] = [];
  private readonly unknownPlaces: UnknownKeyPlace[] = [];
  private readonly positions = new Map<string, SourcePoint>();

  constructor(
    private readonly context: NodeContext,
    private readonly talosVersion: string,
  ) {}

  /** Decodes a document root mapping against the v1alpha1 schema. */
  decodeDocument(root: Node, schema: StructSchema): SchemaDecodeResult {
    const decoded = this.decode(root, schema, '');
    return {
      value: (decoded.value ?? {}) as ConfigObject,
      constructProblems: this.problems,
      unknown: decoded.unknown,
      unknownPlaces: this.unknownPlaces,
      positions: this.positions,
    };
  }

  private problem(node: Node | null, path: string, message: string): Decoded {
    this.problems.push({ ...positionOf(node, this.context), message, path });
    return { value: undefined, unknown: null };
  }

  private typeProblem(node: Node, path: string, goType: string): Decoded {
    const described = isScalar(node) ? describeScalarForError(goScalarOf(node)) : nodeTagWord(node);
    return this.problem(node, path, `cannot construct ${described} into ${goType}`);
  }

  private decode(node: Node | null, schema: FieldSchema, path: string): Decoded {
    if (isGoNull(node)) return { value: undefined, unknown: null };
    const present = node as Node;
    switch (schema.kind) {
      case 'scalar':
        return this.decodeScalar(present, schema, path);
      case 'struct':
        return this.decodeStruct(present, schema, path);
      case 'list':
        return this.decodeList(present, schema, path);
      case 'map':
        return this.decodeMap(present, schema, path);
      case 'args':
        return this.decodeArgs(present, schema, path);
      case 'any':
        if (!isMap(present)) return this.typeProblem(present, path, schema.goType);
        this.recordUntypedPositions(present, path);
        return { value: toPlainValue(present, this.context), unknown: null };
    }
  }

  /** Positions inside free-form YAML (Unstructured), so findings there can point at a line too. */
  private recordUntypedPositions(node: Node | null, path: string): void {
    if (node === null) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const entryPath = childPath(path, keyText(pair.key, this.context));
        this.positions.set(entryPath, positionOf(resolveNode(pair.key, this.context), this.context));
        this.recordUntypedPositions(resolveNode(pair.value, this.context), entryPath);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const itemNode = resolveNode(item, this.context);
        this.positions.set(`${path}[${index}]`, positionOf(itemNode, this.context));
        this.recordUntypedPositions(itemNode, `${path}[${index}]`);
      });
    }
  }

  private decodeStruct(node: Node, schema: StructSchema, path: string): Decoded {
    if (!isMap(node)) return this.typeProblem(node, path, schema.goType);
    const value: ConfigObject = {};
    const unknownEntries = new Map<string, UnknownTree>();
    const seenKeyLines = new Map<string, number>();
    for (const pair of node.items) {
      const key = keyText(pair.key, this.context);
      const keyNode = resolveNode(pair.key, this.context);
      const keyPosition = positionOf(keyNode, this.context);
      const fieldPath = childPath(path, key);
      this.checkDuplicateKey(seenKeyLines, key, keyPosition, fieldPath);
      this.positions.set(fieldPath, keyPosition);
      const valueNode = resolveNode(pair.value, this.context);
      const field = schema.fields[key];
      if (field === undefined || (field.since !== undefined && !isAtLeast(this.talosVersion, field.since))) {
        unknownEntries.set(key, { kind: 'node', node: valueNode });
        this.unknownPlaces.push({ ...keyPosition, path: fieldPath });
        continue;
      }
      const decoded = this.decode(valueNode, field, fieldPath);
      if (decoded.value !== undefined) value[key] = decoded.value;
      if (decoded.unknown !== null) unknownEntries.set(key, decoded.unknown);
    }
    return { value, unknown: unknownEntries.size > 0 ? { kind: 'map', entries: unknownEntries } : null };
  }

  private checkDuplicateKey(seen: Map<string, number>, key: string, position: SourcePoint, path: string): void {
    const firstLine = seen.get(key);
    if (firstLine !== undefined) {
      this.problems.push({ ...position, path, message: `mapping key ${JSON.stringify(key)} already defined at line ${firstLine}` });
    } else {
      seen.set(key, position.line);
    }
  }

  private decodeList(node: Node, schema: ListSchema, path: string): Decoded {
    if (!isSeq(node)) return this.typeProblem(node, path, schema.goType);
    const items: ConfigValue[] = [];
    const unknownItems: UnknownTree[] = [];
    node.items.forEach((item, index) => {
      const itemNode = resolveNode(item, this.context);
      const itemPath = `${path}[${index}]`;
      this.positions.set(itemPath, positionOf(itemNode, this.context));
      const decoded = this.decode(itemNode, schema.item, itemPath);
      items.push(decoded.value === undefined ? zeroValue(schema.item) : decoded.value);
      if (decoded.unknown !== null) unknownItems.push(decoded.unknown);
    });
    return { value: items, unknown: unknownItems.length > 0 ? { kind: 'seq', items: unknownItems } : null };
  }

  private decodeMap(node: Node, schema: MapSchema, path: string): Decoded {
    if (!isMap(node)) return this.typeProblem(node, path, schema.goType);
    const value: ConfigObject = {};
    const unknownEntries = new Map<string, UnknownTree>();
    const seenKeyLines = new Map<string, number>();
    for (const pair of node.items) {
      const key = keyText(pair.key, this.context);
      const keyPosition = positionOf(resolveNode(pair.key, this.context), this.context);
      const entryPath = childPath(path, key);
      this.checkDuplicateKey(seenKeyLines, key, keyPosition, entryPath);
      this.positions.set(entryPath, keyPosition);
      const decoded = this.decode(resolveNode(pair.value, this.context), schema.value, entryPath);
      value[key] = decoded.value === undefined ? zeroValue(schema.value) : decoded.value;
      if (decoded.unknown !== null) unknownEntries.set(key, decoded.unknown);
    }
    return { value, unknown: unknownEntries.size > 0 ? { kind: 'map', entries: unknownEntries } : null };
  }

  private decodeArgs(node: Node, schema: ArgsSchema, path: string): Decoded {
    if (!isMap(node)) return this.typeProblem(node, path, schema.goType);
    const listsAllowed = isAtLeast(this.talosVersion, 'v1.13.0');
    const value: ConfigObject = {};
    for (const pair of node.items) {
      const key = keyText(pair.key, this.context);
      const entryPath = childPath(path, key);
      this.positions.set(entryPath, positionOf(resolveNode(pair.key, this.context), this.context));
      const argNode = resolveNode(pair.value, this.context);
      if (isGoNull(argNode)) value[key] = '';
      else if (isScalar(argNode)) value[key] = goScalarOf(argNode).text;
      else if (listsAllowed && isSeq(argNode)) value[key] = this.decodeArgList(argNode, entryPath);
      else if (listsAllowed) this.problem(argNode, entryPath, 'arg value must be a string or list of strings');
      else this.typeProblem(argNode as Node, entryPath, 'string');
    }
    return { value, unknown: null };
  }

  private decodeArgList(node: Node, path: string): string[] {
    const values: string[] = [];
    if (!isSeq(node)) return values;
    node.items.forEach((item, index) => {
      const itemNode = resolveNode(item, this.context);
      if (itemNode !== null && isScalar(itemNode)) values.push(goScalarOf(itemNode).text);
      else if (itemNode !== null) this.problem(itemNode, `${path}[${index}]`, 'arg value must be a string or list of strings');
    });
    return values;
  }

  private decodeScalar(node: Node, schema: ScalarSchema, path: string): Decoded {
    if (!isScalar(node) && schema.decoder === 'text') {
      return this.problem(node, path, `cannot construct ${nodeTagWord(node)} into ${schema.goType} (TextUnmarshaler)`);
    }
    if (!isScalar(node)) {
      const intoType = schema.decoder === 'plain' || schema.decoder === 'fileMode' || schema.decoder === 'duration' ? schema.goType : 'string';
      return this.typeProblem(node, path, intoType);
    }
    const scalar = goScalarOf(node as Scalar);
    const converted = convertScalar(scalar, schema);
    if (typeof converted === 'object') return this.problem(node, path, converted.error);
    return { value: converted, unknown: null };
  }
}

/** What go-yaml stores for an explicit null list item or map value. */
function zeroValue(schema: FieldSchema): ConfigValue {
  if (schema.kind !== 'scalar') return null;
  if (schema.scalarType === 'string') return '';
  if (schema.scalarType === 'bool') return false;
  return schema.decoder === 'duration' ? '0s' : 0;
}

type Converted = string | number | boolean | { error: string };

function convertScalar(scalar: GoScalar, schema: ScalarSchema): Converted {
  const mismatch = { error: `cannot construct ${describeScalarForError(scalar)} into ${schema.goType}` };
  switch (schema.decoder) {
    case 'endpoint': {
      const parsed = parseURL(scalar.text);
      return typeof parsed === 'string' ? { error: parsed } : scalar.text;
    }
    case 'base64': {
      const problem = base64Error(scalar.text);
      return problem === '' ? scalar.text : { error: problem };
    }
    case 'humanBytes': {
      const bytes = parseHumanBytes(scalar.text);
      return typeof bytes === 'string' ? { error: bytes } : bytes;
    }
    case 'diskSizeMatcher': {
      const condition = parseDiskSizeCondition(scalar.text);
      return typeof condition === 'string' ? { error: condition } : scalar.text.trim();
    }
    case 'duration': {
      if (scalar.tag === '!!int' && scalar.value === 0n) return '0s';
      const durationNs = scalar.tag === '!!str' ? parseGoDuration(scalar.text) : null;
      return durationNs === null ? mismatch : formatGoDuration(durationNs);
    }
    case 'text': {
      const problem = textUnmarshalError(schema.goType, scalar.text);
      return problem === '' ? canonicalText(schema.goType, scalar.text) : { error: problem };
    }
    case 'fileMode':
    case 'plain':
      return convertPlainScalar(scalar, schema, mismatch);
  }
}

function convertPlainScalar(scalar: GoScalar, schema: ScalarSchema, mismatch: { error: string }): Converted {
  switch (schema.scalarType) {
    case 'string':
      return scalar.text;
    case 'bool':
      if (typeof scalar.value === 'boolean') return scalar.value;
      return (scalar.tag === '!!str' ? yaml11Bool(scalar.text) : null) ?? mismatch;
    case 'float64':
      return typeof scalar.value === 'number' ? scalar.value : typeof scalar.value === 'bigint' ? Number(scalar.value) : mismatch;
    default: {
      let integer: bigint | null = typeof scalar.value === 'bigint' ? scalar.value : null;
      if (typeof scalar.value === 'number' && Number.isInteger(scalar.value)) integer = BigInt(scalar.value);
      return integer !== null && fitsGoInteger(integer, schema.scalarType) ? Number(integer) : mismatch;
    }
  }
}
