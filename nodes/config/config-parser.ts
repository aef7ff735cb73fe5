// Loading a machine config stream the way Talos' config decoder does (configloader + decoder):
// documents are read in order; a document holding any of machine/cluster/debug/persist is the
// v1alpha1 document whatever `version:` says; every other document needs apiVersion and kind
// of a kind the emulated release registers; duplicates, scalar documents, type errors and unknown
// keys are rejected with Talos' exact texts. The first problem stops loading (a ConfigError).
// Every other registered kind is decoded against its schema (multidoc-schema-*.ts) just as
// strictly: type errors, duplicated keys and unknown keys are rejected with the same texts.
// Invalid UTF-8, control characters and aliases to undefined anchors fail as go-yaml fails them.
// Leaves out: JSON patches.
import { isMap, isScalar, LineCounter, parseAllDocuments, type Document, type Node, type YAMLMap } from 'yaml';
import { ConfigError } from './config-error.ts';
import { guardYamlStack, TOO_DEEP_REASON } from './yaml-stack-guard.ts';
import type { SourcePoint } from './diagnostic.ts';
import type { ConfigObject, MachineConfig, OtherDocument } from './machine-config-types.ts';
import { registryLookupError } from './registered-kinds.ts';
import { DEFAULT_TALOS_VERSION } from './talos-version.ts';
import { V1ALPHA1_SCHEMA } from './v1alpha1-schema.ts';
import { V1Alpha1Decoder } from './v1alpha1-decoder.ts';
import { renderUnknownKeys } from './unknown-keys.ts';
import { goScalarOf, isGoNull, positionOf, resolveNode, toPlainValue, type NodeContext } from './yaml-node-reading.ts';
import { readStream, unknownAnchorError } from './yaml-stream-checks.ts';
import { documentSchema } from './multidoc-schemas.ts';
import { containerError } from './multidoc-validation.ts';

export interface ParseOptions {
  /** Emulated Talos release, e.g. 'v1.13.0' (default). */
  talosVersion?: string;
}

/** A loaded config stream. */
export interface ParsedConfig {
  /** The submitted text, unchanged (Talos keeps it byte for byte). */
  text: string;
  talosVersion: string;
  /** The v1alpha1 document, or null when the stream has only other documents. */
  config: MachineConfig | null;
  /** Position of every key of the v1alpha1 document by dotted path ('machine.network.interfaces[0].interface'). */
  positions: Map<string, SourcePoint>;
  /** 1-based line of the v1alpha1 document's first key (0 when absent). */
  v1alpha1Line: number;
  documents: OtherDocument[];
}

const V1ALPHA1_MARKER_KEYS = new Set(['machine', 'cluster', 'debug', 'persist']);

/** Parses and decodes a config stream; throws ConfigError with Talos' text on the first problem. */
export function parseConfig(input: string | Uint8Array, options: ParseOptions = {}): ParsedConfig {
  const { text, problem: readProblem } = readStream(input);
  return guardYamlStack(
    text,
    () => parseConfigText(text, readProblem, options),
    ({ line, column }) => new ConfigError(`decode error: yaml: line ${line}, column ${column}: ${TOO_DEEP_REASON}`, line, column, ''),
  );
}

function parseConfigText(text: string, readProblem: ReturnType<typeof readStream>['problem'], options: ParseOptions): ParsedConfig {
  const talosVersion = options.talosVersion ?? DEFAULT_TALOS_VERSION;
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const parsed: ParsedConfig = { text, talosVersion, config: null, positions: new Map(), v1alpha1Line: 0, documents: [] };
  const seenIds = new Set<string>();
  for (const document of Array.isArray(documents) ? documents : []) {
    if (readProblem !== null && (document.range[2] ?? text.length) >= readProblem.reachedAtChar) {
      throw new ConfigError(`decode error: ${readProblem.message}`, 0, 0, '');
    }
    throwOnSyntaxError(document, lineCounter);
    const context: NodeContext = { document, lineCounter, text };
    const anchorError = unknownAnchorError(document, context);
    if (anchorError !== '') throw new ConfigError(`decode error: ${anchorError}`, 0, 0, '');
    const root = resolveNode(document.contents, context);
    if (isGoNull(root)) continue;
    const rootNode = root as Node;
    const line = positionOf(rootNode, context).line;
    if (!isMap(rootNode)) throw new ConfigError(`expected a YAML document at line ${line}`, line, positionOf(rootNode, context).column, '');
    decodeDocument(rootNode, context, parsed, seenIds);
  }
  if (readProblem !== null) throw new ConfigError(`decode error: ${readProblem.message}`, 0, 0, '');
  if (parsed.config === null && parsed.documents.length === 0) throw new ConfigError('config not found', 0, 0, '');
  const conflict = containerError(parsed.documents);
  if (conflict !== '') throw new ConfigError(conflict, 0, 0, '');
  return parsed;
}

function throwOnSyntaxError(document: Document, lineCounter: LineCounter): void {
  const error = document.errors[0];
  if (error === undefined) return;
  const { line, col } = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
  const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  throw new ConfigError(`decode error: yaml: line ${line}, column ${col}: ${reason}`, line, col, '');
}

/** Talos' findValue: the Value text of a top-level key's node ('' when absent or not a scalar). */
function topLevelValue(root: YAMLMap, key: string, context: NodeContext): string {
  for (const pair of root.items) {
    const keyNode = resolveNode(pair.key, context);
    if (keyNode === null || !isScalar(keyNode) || goScalarOf(keyNode).text !== key) continue;
    const valueNode = resolveNode(pair.value, context);
    return valueNode !== null && isScalar(valueNode) ? goScalarOf(valueNode).text : '';
  }
  return '';
}

interface DocumentKind {
  apiVersion: string;
  kind: string;
  isV1Alpha1: boolean;
}

/** Talos' decode(): scans keys *and* values in order for kind/apiVersion/v1alpha1 markers. */
function readDocumentKind(root: YAMLMap, context: NodeContext): DocumentKind {
  const flattened: Array<Node | null> = root.items.flatMap((pair) => [resolveNode(pair.key, context), resolveNode(pair.value, context)]);
  let apiVersion = '';
  let kind = '';
  flattened.forEach((node, index) => {
    if (node === null || !isScalar(node)) return;
    const word = goScalarOf(node).text;
    if (word !== 'kind' && word !== 'apiVersion' && !V1ALPHA1_MARKER_KEYS.has(word)) return;
    if (V1ALPHA1_MARKER_KEYS.has(word)) {
      apiVersion = 'v1alpha1';
      return;
    }
    if (index + 1 >= flattened.length) {
      throw new ConfigError(`recovered: runtime error: index out of range [${index + 1}] with length ${flattened.length}`, 0, 0, '');
    }
    const valueNode = flattened[index + 1];
    const value = valueNode !== null && isScalar(valueNode) && !isGoNull(valueNode) ? goScalarOf(valueNode).text : '';
    if (word === 'kind') kind = value;
    else apiVersion = value;
  });
  return { apiVersion, kind, isV1Alpha1: apiVersion === 'v1alpha1' && kind === '' };
}

function decodeDocument(root: YAMLMap, context: NodeContext, parsed: ParsedConfig, seenIds: Set<string>): void {
  const point = positionOf(root, context);
  const idApiVersion = topLevelValue(root, 'apiVersion', context);
  const idKind = topLevelValue(root, 'kind', context) || 'v1alpha1';
  const name = topLevelValue(root, 'name', context);
  const id = `${idApiVersion}/${idKind}/${name}`;
  if (seenIds.has(id)) throw new ConfigError(`duplicate document ${id} is not allowed (line ${point.line})`, point.line, point.column, '');
  seenIds.add(id);
  const fail = (reason: string, at: SourcePoint = point, fieldPath = ''): never => {
    throw new ConfigError(`error decoding document ${id} (line ${point.line}): ${reason}`, at.line, at.column, fieldPath);
  };
  const { apiVersion, kind, isV1Alpha1 } = readDocumentKind(root, context);
  if (isV1Alpha1) {
    decodeV1Alpha1(root, context, parsed, kind, fail);
    parsed.v1alpha1Line = point.line;
    return;
  }
  if (kind === '') fail('missing kind');
  if (apiVersion === '') fail('missing apiVersion');
  const registryError = registryLookupError(kind, apiVersion, parsed.talosVersion);
  if (registryError !== '') fail(registryError);
  const schema = documentSchema(kind, parsed.talosVersion);
  if (schema === undefined) {
    parsed.documents.push({ apiVersion, kind, name, line: point.line, body: toPlainValue(root, context) as ConfigObject, positions: new Map() });
    return;
  }
  const result = new V1Alpha1Decoder(context, parsed.talosVersion).decodeDocument(root, schema.root);
  if (result.constructProblems.length > 0) {
    const lines = result.constructProblems.map((problem) => `\n  line ${problem.line}: ${problem.message}`).join('');
    const first = result.constructProblems[0];
    fail(`error decoding ${kind} to *${schema.goType}: yaml: construct errors:${lines}`, first, first.path);
  }
  if (result.unknown !== null) {
    const first = result.unknownPlaces[0];
    fail(`unknown keys found during decoding:\n${renderUnknownKeys(result.unknown, context)}`, first, first.path);
  }
  parsed.documents.push({ apiVersion, kind, name, line: point.line, body: result.value, positions: result.positions });
}

type DocumentFailure = (reason: string, at?: SourcePoint, fieldPath?: string) => never;

function decodeV1Alpha1(root: YAMLMap, context: NodeContext, parsed: ParsedConfig, kind: string, fail: DocumentFailure): void {
  const decoder = new V1Alpha1Decoder(context, parsed.talosVersion);
  const result = decoder.decodeDocument(root, V1ALPHA1_SCHEMA);
  if (result.constructProblems.length > 0) {
    const lines = result.constructProblems.map((problem) => `\n  line ${problem.line}: ${problem.message}`).join('');
    const first = result.constructProblems[0];
    fail(`error decoding ${kind} to *v1alpha1.Config: yaml: construct errors:${lines}`, first, first.path);
  }
  if (result.unknown !== null) {
    const first = result.unknownPlaces[0];
    fail(`unknown keys found during decoding:\n${renderUnknownKeys(result.unknown, context)}`, first, first.path);
  }
  parsed.config = result.value as MachineConfig;
  parsed.positions = result.positions;
}
