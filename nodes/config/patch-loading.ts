// Reading config patches the way talosctl's `--config-patch` / `--patch` flags do (Talos'
// configpatcher LoadPatches/LoadPatch): `@file`, a bare file name (no space, newline, `[` or `{`),
// or inline text; a text that loads as a machine config stream (with `$patch: delete` allowed) is
// a strategic merge patch, otherwise a JSON array or a YAML list of operations is an RFC 6902
// patch; consecutive JSON patches are joined into one. Errors carry Talos' texts; a YAML list that
// is not a patch gets the config loader's error. File reading is passed in (no I/O here).
import { parseAllDocuments } from 'yaml';
import { ConfigError } from './config-error.ts';
import { guardYamlStack, TOO_DEEP_REASON } from './yaml-stack-guard.ts';
import { parseConfig } from './config-parser.ts';
import type { ConfigObject, OtherDocument } from './machine-config-types.ts';
import { extractDeletes, type DeleteSelector } from './patch-deletes.ts';
import type { JsonPatch, JsonPatchOperation, JsonValue } from './json-patch.ts';

/** One step of a strategic merge patch, in the order Talos applies them. */
export type StrategicStep =
  | { kind: 'delete'; documentId: string; selector: DeleteSelector; wholeDocument: boolean }
  | { kind: 'v1alpha1'; patch: ConfigObject }
  | { kind: 'document'; document: OtherDocument };

export type ConfigPatch =
  | { kind: 'strategic'; steps: StrategicStep[]; source: string }
  | { kind: 'json6902'; operations: JsonPatch; source: string };

/** Talos' document identity: `<apiVersion>/<kind>[/<name>]`, `/v1alpha1` for the legacy document. */
export function documentIdOf(apiVersion: string, kind: string, name: string): string {
  return `${apiVersion}/${kind}${name === '' ? '' : `/${name}`}`;
}

const isObject = (value: unknown): value is ConfigObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const stringAt = (root: ConfigObject, key: string): string => (typeof root[key] === 'string' ? (root[key] as string) : '');

/** Removes maps and lists left empty once deletes are taken out (Talos drops a key whose value became empty). */
function pruneEmpty(node: ConfigObject): boolean {
  for (const [key, value] of Object.entries(node)) {
    if ((isObject(value) && pruneEmpty(value)) || (Array.isArray(value) && value.length === 0)) delete node[key];
  }
  return Object.keys(node).length === 0;
}

interface SourceDocument {
  plain: ConfigObject;
  documentId: string;
  isV1Alpha1: boolean;
  deletes: StrategicStep[];
}

function splitDeletes(plain: ConfigObject, line: number): SourceDocument {
  const apiVersion = stringAt(plain, 'apiVersion');
  const kind = stringAt(plain, 'kind');
  const isV1Alpha1 = apiVersion === '' && kind === '';
  const documentId = isV1Alpha1 ? documentIdOf('', 'v1alpha1', '') : documentIdOf(apiVersion, kind, stringAt(plain, 'name'));
  if (!isV1Alpha1 && plain.$patch === 'delete') {
    return { plain: {}, documentId, isV1Alpha1, deletes: [{ kind: 'delete', documentId, selector: { path: [], key: '', value: '' }, wholeDocument: true }] };
  }
  if ((apiVersion === '') !== (kind === '') && JSON.stringify(plain).includes('"$patch":"delete"')) {
    throw new ConfigError(`error processing patch delete statements at line ${line}: kind and apiVersion must be both set`, line, 0, '');
  }
  const hadDeletes = JSON.stringify(plain).includes('"$patch":"delete"');
  const selectors = extractDeletes(plain);
  if (hadDeletes) pruneEmpty(plain);
  const isEmpty = Object.entries(plain).every(([key, value]) => ['version', 'kind', 'name'].includes(key) && !isObject(value) && !Array.isArray(value));
  return {
    plain: isEmpty && hadDeletes ? {} : plain,
    documentId,
    isV1Alpha1,
    deletes: selectors.map((selector) => ({ kind: 'delete', documentId, selector, wholeDocument: false })),
  };
}

/** Loads `text` as a strategic merge patch; throws the config loader's ConfigError when it is not one. */
function loadStrategic(text: string, talosVersion: string): ConfigPatch {
  if (!text.includes('$patch')) return strategicFromParsed(text, talosVersion, null);
  const documents = parseAllDocuments(text, { uniqueKeys: false });
  const sources: SourceDocument[] = [];
  for (const document of Array.isArray(documents) ? documents : []) {
    if (document.errors.length > 0) return strategicFromParsed(text, talosVersion, null);
    const plain = document.toJS() as unknown;
    if (plain === null || plain === undefined) continue;
    if (!isObject(plain)) return strategicFromParsed(text, talosVersion, null);
    sources.push(splitDeletes(plain, document.contents?.range?.[0] !== undefined ? text.slice(0, document.contents.range[0]).split('\n').length : 0));
  }
  const remaining = sources.filter((source) => Object.keys(source.plain).length > 0);
  const rebuilt = remaining.map((source) => JSON.stringify(source.plain)).join('\n---\n');
  return strategicFromParsed(rebuilt, talosVersion, sources);
}

function strategicFromParsed(text: string, talosVersion: string, sources: SourceDocument[] | null): ConfigPatch {
  const steps: StrategicStep[] = [];
  const parsed = text.trim() === '' && sources !== null ? null : parseConfig(text, { talosVersion });
  let other = 0;
  const pushDocument = (isV1Alpha1: boolean) => {
    if (isV1Alpha1 && parsed?.config) steps.push({ kind: 'v1alpha1', patch: parsed.config as ConfigObject });
    else if (!isV1Alpha1 && parsed) steps.push({ kind: 'document', document: parsed.documents[other++]! });
  };
  if (sources === null) {
    const v1alpha1Line = parsed?.v1alpha1Line ?? 0;
    const ordered = [...(parsed?.documents ?? []).map((document) => ({ line: document.line, isV1Alpha1: false }))];
    if (parsed?.config) ordered.push({ line: v1alpha1Line, isV1Alpha1: true });
    ordered.sort((left, right) => left.line - right.line).forEach((entry) => pushDocument(entry.isV1Alpha1));
    return { kind: 'strategic', steps, source: text };
  }
  for (const source of sources) {
    steps.push(...source.deletes);
    if (Object.keys(source.plain).length > 0) pushDocument(source.isV1Alpha1);
  }
  return { kind: 'strategic', steps, source: text };
}

function jsonOperations(value: unknown): JsonPatch | undefined {
  if (!Array.isArray(value) || !value.every(isObject)) return undefined;
  return value as JsonPatchOperation[];
}

/** Talos' LoadPatch: strategic merge first, then a JSON patch as JSON, then as YAML. */
export function loadPatch(text: string, talosVersion: string): ConfigPatch {
  return guardYamlStack(
    text,
    () => loadPatchText(text, talosVersion),
    ({ line, column }) => new ConfigError(`yaml: line ${line}, column ${column}: ${TOO_DEEP_REASON}`, line, column, ''),
  );
}

function loadPatchText(text: string, talosVersion: string): ConfigPatch {
  let strategicError: unknown;
  try {
    return loadStrategic(text, talosVersion);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    strategicError = error;
  }
  let jsonError: ConfigError;
  try {
    const operations = jsonOperations(JSON.parse(text));
    if (operations) return { kind: 'json6902', operations, source: text };
    jsonError = new ConfigError('json: cannot unmarshal object into Go value of type jsonpatch.Patch', 0, 0, '');
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    jsonError = new ConfigError(`invalid character in JSON patch: ${error.message}`, 0, 0, '');
  }
  const documents = parseAllDocuments(text);
  const first = Array.isArray(documents) ? documents[0] : undefined;
  const operations = first && first.errors.length === 0 ? jsonOperations(first.toJS() as JsonValue) : undefined;
  if (operations) return { kind: 'json6902', operations, source: text };
  if (text.trim().startsWith('[')) throw jsonError;
  throw strategicError;
}

/** What loadPatches needs from the outside world: read a file, or throw Go's `open <name>: ...`. */
export type PatchFileReader = (path: string) => string;

/** Talos' LoadPatches over flag values (`@file`, a bare file name, or inline text). */
export function loadPatches(values: readonly string[], readFile: PatchFileReader, talosVersion: string): ConfigPatch[] {
  const result: ConfigPatch[] = [];
  for (const value of values) {
    let text: string;
    if (value.startsWith('@')) text = readFile(value.slice(1));
    else if (!/[\n ]/.test(value) && !value.startsWith('[') && !value.startsWith('{')) text = readFile(value);
    else text = value;
    const patch = loadPatch(text, talosVersion);
    const last = result[result.length - 1];
    if (patch.kind === 'json6902' && last?.kind === 'json6902') {
      result[result.length - 1] = { kind: 'json6902', operations: [...last.operations, ...patch.operations], source: `${last.source}\n${patch.source}` };
    } else result.push(patch);
  }
  return result;
}
