// Applying loaded patches to a machine config stream as Talos' configpatcher.Apply does: the
// config travels either as text or as decoded documents, converted only when a patch needs the
// other form. A JSON patch works on the text (one document only, else Talos' refusal), through
// JSON, and its result is printed as ghodss/yaml prints it (sorted keys, 2-space indentation); a
// strategic merge patch works on decoded documents: deletes first, then documents with the same
// `<apiVersion>/<kind>[/<name>]` merge (v1alpha1 with its schema's rules, other kinds key by key
// with lists appended, except the few lists Talos merges by key or replaces) and new ones are
// appended. Leaves out: the typed merge rules of every multi-document kind beyond those listed.
import { parseAllDocuments, stringify } from 'yaml';
import { ConfigError } from './config-error.ts';
import { parseConfig } from './config-parser.ts';
import { renderConfigStream } from './config-render.ts';
import type { ConfigObject, ConfigValue, MachineConfig, OtherDocument } from './machine-config-types.ts';
import { applyJsonPatch, type JsonPatch, type JsonValue } from './json-patch.ts';
import { documentIdOf, type ConfigPatch, type StrategicStep } from './patch-loading.ts';
import { applyDelete, type DeleteSelector } from './patch-deletes.ts';
import { mergeValues } from './strategic-merge.ts';
import { V1ALPHA1_SCHEMA } from './v1alpha1-schema.ts';

export const JSON6902_MULTI_DOCUMENT_ERROR = 'JSON6902 patches are not supported for multi-document machine configuration';

type ConfigState =
  | { form: 'text'; text: string }
  | { form: 'documents'; config: ConfigObject | null; documents: OtherDocument[] };

const isObject = (value: unknown): value is ConfigObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function asText(state: ConfigState): string {
  return state.form === 'text' ? state.text : renderConfigStream(state.config as MachineConfig | null, state.documents);
}

function asDocuments(state: ConfigState, talosVersion: string): Extract<ConfigState, { form: 'documents' }> {
  if (state.form === 'documents') return state;
  const parsed = parseConfig(state.text, { talosVersion });
  return { form: 'documents', config: parsed.config as ConfigObject | null, documents: parsed.documents };
}

/** Talos counts documents with go-yaml's decoder: every `---` separated document, empty ones included. */
function countDocuments(text: string): number {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return 0;
  for (const document of documents) {
    if (document.errors.length > 0) throw new ConfigError(`failure decoding talos machine config: ${document.errors[0]!.message.split('\n')[0]}`, 0, 0, '');
  }
  return documents.length;
}

/** ghodss/yaml's JSONToYAML output: keys sorted, 2-space indentation, list items at the key's column. */
export function ghodssYaml(value: JsonValue): string {
  return stringify(value, { sortMapEntries: true, indent: 2, indentSeq: false, lineWidth: 0 });
}

function applyJson(state: ConfigState, operations: JsonPatch): ConfigState {
  const text = asText(state);
  if (countDocuments(text) !== 1) throw new ConfigError(JSON6902_MULTI_DOCUMENT_ERROR, 0, 0, '');
  const document = parseAllDocuments(text);
  const value = (Array.isArray(document) ? document[0]!.toJS() : null) as JsonValue;
  let patched: JsonValue;
  try {
    patched = applyJsonPatch(value, operations);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(`failure applying rfc6902 patches to talos machine config: ${error.message}`, 0, 0, error.fieldPath);
  }
  return { form: 'text', text: ghodssYaml(patched) };
}

// Lists of multi-document kinds that Talos does not simply append (custom Merge methods, `merge:"replace"`).
const KEYED_LISTS: Record<string, Record<string, string>> = { ExtensionServiceConfig: { configFiles: 'mountPath' } };
const REPLACED_FIELDS: Record<string, string[]> = { NetworkRuleConfig: ['ingress', 'portSelector.ports'] };

function mergeUntyped(left: ConfigValue | undefined, right: ConfigValue, kind: string, path: string): ConfigValue {
  if (left === undefined || left === null || REPLACED_FIELDS[kind]?.includes(path)) return structuredClone(right);
  if (isObject(left) && isObject(right)) {
    const result = structuredClone(left);
    for (const [key, value] of Object.entries(right)) {
      if (value === null) continue;
      result[key] = mergeUntyped(result[key], value, kind, path === '' ? key : `${path}.${key}`);
    }
    return result;
  }
  if (Array.isArray(left) && Array.isArray(right)) {
    const key = KEYED_LISTS[kind]?.[path];
    if (key === undefined) return [...structuredClone(left), ...structuredClone(right)];
    const result = structuredClone(left);
    for (const item of right) {
      const index = result.findIndex((existing) => isObject(existing) && isObject(item) && existing[key] === item[key]);
      if (index >= 0) result[index] = mergeUntyped(result[index], item, kind, `${path}[]`);
      else result.push(structuredClone(item));
    }
    return result;
  }
  if (typeof left !== typeof right || Array.isArray(left) !== Array.isArray(right)) {
    throw new ConfigError(`merge type mismatch left ${typeof left} right ${typeof right}`, 0, 0, path);
  }
  return typeof right === 'boolean' || (right !== '' && right !== 0) ? right : left;
}

function lookupFailed(selector: DeleteSelector, documentId: string): never {
  const path = selector.path.join('.');
  throw new ConfigError(`patch delete: path '${path}' in document '${documentId}': failed to delete path '${path}': lookup failed`, 0, 0, path);
}

function deleteInDocument(body: ConfigObject, selector: DeleteSelector, documentId: string): void {
  let node: ConfigValue | undefined = body;
  for (const segment of selector.path.slice(0, -1)) {
    if (!isObject(node) || node[segment] === undefined) lookupFailed(selector, documentId);
    node = (node as ConfigObject)[segment];
  }
  const last = selector.path[selector.path.length - 1]!;
  if (last.startsWith('[')) {
    const index = Array.isArray(node) ? node.findIndex((item) => isObject(item) && String(item[selector.key]) === selector.value) : -1;
    if (index < 0) lookupFailed(selector, documentId);
    (node as ConfigValue[]).splice(index, 1);
    return;
  }
  if (!isObject(node) || !(last in node)) lookupFailed(selector, documentId);
  delete (node as ConfigObject)[last];
}

/** Talos omits an emptied map or list (omitempty) except the few it always prints. */
const ALWAYS_PRINTED = new Set(['machine.certSANs']);

function dropEmptiedContainer(root: ConfigObject, selector: DeleteSelector): void {
  const containerPath = selector.path.slice(0, -1);
  if (containerPath.length === 0 || ALWAYS_PRINTED.has(containerPath.join('.'))) return;
  let parent: ConfigValue | undefined = root;
  for (const segment of containerPath.slice(0, -1)) parent = isObject(parent) ? parent[segment] : undefined;
  const key = containerPath[containerPath.length - 1]!;
  if (!isObject(parent)) return;
  const container = parent[key];
  if ((Array.isArray(container) && container.length === 0) || (isObject(container) && Object.keys(container).length === 0)) delete parent[key];
}

/** Multi-document kinds print with omitempty: an emptied list or map disappears, keeping the others' order. */
function dropEmptyFields(body: ConfigObject): void {
  for (const [key, value] of Object.entries(body)) {
    if ((Array.isArray(value) || isObject(value)) && Object.keys(value).length === 0) delete body[key];
  }
}

const otherId = (document: OtherDocument) => documentIdOf(document.apiVersion, document.kind, document.name);

function applyStrategicStep(state: Extract<ConfigState, { form: 'documents' }>, step: StrategicStep): void {
  const v1alpha1Id = documentIdOf('', 'v1alpha1', '');
  if (step.kind === 'delete') {
    if (step.documentId === v1alpha1Id) {
      if (state.config === null) return;
      if (step.selector.path.length === 0) throw new ConfigError("patch delete: path '' in document '/v1alpha1': can't delete the root of the legacy document", 0, 0, '');
      try {
        applyDelete(state.config, step.selector);
        dropEmptiedContainer(state.config, step.selector);
      } catch (error) {
        if (error instanceof ConfigError && error.message.includes('lookup failed')) lookupFailed(step.selector, v1alpha1Id);
        throw error;
      }
      return;
    }
    const index = state.documents.findIndex((document) => otherId(document) === step.documentId);
    if (index < 0) return;
    if (step.wholeDocument) state.documents.splice(index, 1);
    else deleteInDocument(state.documents[index]!.body, step.selector, step.documentId);
    return;
  }
  if (step.kind === 'v1alpha1') {
    state.config = state.config === null ? structuredClone(step.patch) : (mergeValues(state.config, step.patch, V1ALPHA1_SCHEMA) as ConfigObject);
    return;
  }
  const index = state.documents.findIndex((document) => otherId(document) === otherId(step.document));
  if (index < 0) {
    state.documents.push(structuredClone(step.document));
    return;
  }
  const existing = state.documents[index]!;
  state.documents[index] = { ...existing, body: mergeUntyped(existing.body, step.document.body, existing.kind, '') as ConfigObject };
}

/** The result of patching: the text and whether it came out of a JSON patch (ghodss layout) or Talos' encoder. */
export interface PatchedConfig {
  text: string;
  /** The decoded documents, when the last patch was a strategic merge. */
  config: ConfigObject | null;
  documents: OtherDocument[];
}

/** configpatcher.Apply over a config stream's text; ConfigError carries Talos' text. */
export function applyConfigPatches(text: string, patches: readonly ConfigPatch[], talosVersion: string): PatchedConfig {
  let state: ConfigState = { form: 'text', text };
  for (const patch of patches) {
    if (patch.kind === 'json6902') {
      state = applyJson(state, patch.operations);
      continue;
    }
    const documents = asDocuments(state, talosVersion);
    const next: Extract<ConfigState, { form: 'documents' }> = {
      form: 'documents',
      config: documents.config === null ? null : structuredClone(documents.config),
      documents: structuredClone(documents.documents),
    };
    for (const step of patch.steps) applyStrategicStep(next, step);
    for (const document of next.documents) dropEmptyFields(document.body);
    state = next;
  }
  if (state.form === 'text') return { text: state.text, config: null, documents: [] };
  return { text: asText(state), config: state.config, documents: state.documents };
}

/** The patched config as Talos' encoder prints it (what `gen config` writes after patching). */
export function applyConfigPatchesEncoded(text: string, patches: readonly ConfigPatch[], talosVersion: string): string {
  const patched = applyConfigPatches(text, patches, talosVersion);
  if (patched.config !== null || patched.documents.length > 0) return patched.text;
  const reparsed = parseConfig(patched.text, { talosVersion });
  return renderConfigStream(reparsed.config, reparsed.documents);
}
