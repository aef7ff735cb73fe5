// Strategic-merge patches of the v1alpha1 document, with Talos' merge rules (pkg/machinery/
// config/merge): mappings merge key by key; lists are *appended* (`certSANs`, `files`, ...),
// except podSubnets/serviceSubnets and auditPolicy which a patch replaces, and
// machine.network.interfaces (by `interface`, else `deviceSelector`), vlans (by `vlanId`) and
// apiServer.admissionControl (by `name`) whose matching items merge; extraArgs keys are
// overwritten; a patch's empty string or zero number leaves the value alone while `false` is
// applied. A patch is decoded like a config first, so unknown keys are rejected with Talos'
// text. Leaves out: JSON6902 patches and patches of multi-document kinds.
import { isMap, LineCounter, parseDocument, type Node } from 'yaml';
import { ConfigError } from './config-error.ts';
import type { ConfigObject, ConfigValue, MachineConfig } from './machine-config-types.ts';
import { V1ALPHA1_SCHEMA, type FieldSchema, type ListSchema } from './v1alpha1-schema.ts';
import { V1Alpha1Decoder } from './v1alpha1-decoder.ts';
import { renderUnknownKeys } from './unknown-keys.ts';
import { emitYaml } from '../go-format/yaml.ts';
import { toRenderNode } from './config-render.ts';
import { applyDelete, extractDeletes } from './patch-deletes.ts';
import { configValuesEqual } from './apply-classification.ts';
import { DEFAULT_TALOS_VERSION } from './talos-version.ts';

function isObject(value: ConfigValue | undefined): value is ConfigObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isZeroScalar(value: ConfigValue): boolean {
  return value === '' || value === 0;
}

/** A list item's identity for keyed merges: absent, '' and 0 are Go's zero value alike. */
function identity(value: ConfigValue | undefined): ConfigValue {
  return value === undefined || value === null || value === '' || value === 0 ? '' : value;
}

/** Which existing item a patch item merges into (Talos' NetworkDeviceList/VlanList/AdmissionPluginConfigList). */
function matchingIndex(list: ConfigValue[], item: ConfigValue, key: string, alternateKey: string | undefined): number {
  if (!isObject(item)) return -1;
  const primary = identity(item[key]);
  const matches = (field: string, wanted: ConfigValue) => (candidate: ConfigValue) =>
    isObject(candidate) && configValuesEqual(identity(candidate[field]), wanted);
  if (alternateKey === undefined) return list.findIndex(matches(key, primary));
  if (primary !== '') return list.findIndex(matches(key, primary));
  const selector = identity(item[alternateKey]);
  return selector === '' ? -1 : list.findIndex(matches(alternateKey, selector));
}

function mergeByKey(left: ConfigValue[], right: ConfigValue[], schema: ListSchema, key: string, alternateKey?: string): ConfigValue[] {
  const result = structuredClone(left);
  for (const item of right) {
    const existing = matchingIndex(result, item, key, alternateKey);
    if (existing >= 0) result[existing] = mergeValues(result[existing], item, schema.item) ?? result[existing];
    else result.push(structuredClone(item));
  }
  return result;
}

function mergeList(left: ConfigValue | undefined, right: ConfigValue[], schema: ListSchema): ConfigValue[] {
  if (schema.merge.by === 'replace') return structuredClone(right);
  const leftList = Array.isArray(left) ? left : [];
  if (schema.merge.by === 'key') return mergeByKey(leftList, right, schema, schema.merge.key, schema.merge.alternateKey);
  return [...structuredClone(leftList), ...structuredClone(right)];
}

function mergeUntyped(left: ConfigValue | undefined, right: ConfigValue): ConfigValue {
  if (left === undefined || left === null) return structuredClone(right);
  if (isObject(left) && isObject(right)) {
    const result = structuredClone(left);
    for (const [key, value] of Object.entries(right)) result[key] = mergeUntyped(result[key], value);
    return result;
  }
  if (Array.isArray(left) && Array.isArray(right)) return [...structuredClone(left), ...structuredClone(right)];
  if (typeof left !== typeof right || Array.isArray(left) !== Array.isArray(right)) {
    throw new ConfigError(`merge type mismatch left ${typeof left} right ${typeof right}`, 0, 0, '');
  }
  return typeof right === 'boolean' || !isZeroScalar(right) ? right : left;
}

/** Merges `right` (a decoded patch value) into `left` following Talos' rules for `schema`. */
export function mergeValues(left: ConfigValue | undefined, right: ConfigValue | undefined, schema: FieldSchema): ConfigValue | undefined {
  if (right === undefined || right === null) return left;
  switch (schema.kind) {
    case 'struct': {
      if (!isObject(left) || !isObject(right)) return structuredClone(right);
      const result = structuredClone(left);
      for (const [key, value] of Object.entries(right)) {
        const merged = mergeValues(result[key], value, schema.fields[key] ?? { kind: 'any', goType: 'interface {}' });
        if (merged !== undefined) result[key] = merged;
      }
      return result;
    }
    case 'list':
      return Array.isArray(right) ? mergeList(left, right, schema) : left;
    case 'args':
      return { ...(isObject(left) ? structuredClone(left) : {}), ...structuredClone(right as ConfigObject) };
    case 'map': {
      if (schema.replaceOnMerge === true || !isObject(left) || !isObject(right)) return structuredClone(right);
      const result = structuredClone(left);
      for (const [key, value] of Object.entries(right)) {
        result[key] = result[key] === undefined || result[key] === null ? structuredClone(value) : (mergeValues(result[key], value, schema.value) ?? result[key]);
      }
      return result;
    }
    case 'any':
      return schema.replaceOnMerge === true ? structuredClone(right) : mergeUntyped(left, right);
    case 'scalar':
      return typeof right === 'boolean' || !isZeroScalar(right) ? right : left;
  }
}

/** Decodes a patch object like Talos decodes a patch document (strict keys, Go scalar rules). */
export function decodePatch(patch: ConfigObject, talosVersion: string): ConfigObject {
  const text = emitYaml(toRenderNode(patch, undefined));
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  const root = document.contents as Node | null;
  if (root === null || !isMap(root)) return {};
  const context = { document, lineCounter, text };
  const result = new V1Alpha1Decoder(context, talosVersion).decodeDocument(root, V1ALPHA1_SCHEMA);
  const fail = (reason: string, path: string): never => {
    throw new ConfigError(`error decoding document /v1alpha1/ (line 1): ${reason}`, 0, 0, path);
  };
  if (result.constructProblems.length > 0) {
    const lines = result.constructProblems.map((problem) => `\n  line ${problem.line}: ${problem.message}`).join('');
    fail(`error decoding  to *v1alpha1.Config: yaml: construct errors:${lines}`, result.constructProblems[0].path);
  }
  if (result.unknown !== null) fail(`unknown keys found during decoding:\n${renderUnknownKeys(result.unknown, context)}`, result.unknownPlaces[0].path);
  return result.value;
}

/** Applies strategic-merge patches in order to a decoded v1alpha1 config; returns a new object. */
export function applyPatches(config: MachineConfig | ConfigObject, patches: ReadonlyArray<ConfigObject | Record<string, unknown>>, talosVersion = DEFAULT_TALOS_VERSION): MachineConfig {
  let result = structuredClone(config) as ConfigObject;
  for (const rawPatch of patches) {
    const patch = structuredClone(rawPatch) as ConfigObject;
    if ('kind' in patch || 'apiVersion' in patch) {
      throw new ConfigError('applyPatches only patches the v1alpha1 document (multi-document patches are not modelled)', 0, 0, '');
    }
    for (const selector of extractDeletes(patch)) applyDelete(result, selector);
    result = mergeValues(result, decodePatch(patch, talosVersion), V1ALPHA1_SCHEMA) as ConfigObject;
  }
  return result as MachineConfig;
}
