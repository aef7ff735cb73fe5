// Printing a decoded config back as YAML the way Talos' encoder does for `talosctl get mc` and
// config diffs (comments off): struct fields in declaration order, map keys in go-yaml order,
// file modes as 0o644, disk sizes as "10 GB", 4-space indentation. Leaves out: fields Talos
// prints even when unset (non-omitempty zero values such as `certSANs: []`): only fields
// present in the object are printed, so line numbers in diffs can differ from a real node's.
import { humanizeBytes } from '../go-format/humanize.ts';
import type { ConfigObject, ConfigValue, MachineConfig, OtherDocument } from './machine-config-types.ts';
import { V1ALPHA1_SCHEMA, type FieldSchema } from './v1alpha1-schema.ts';
import { compareGoMapKeys, emitYaml, stringNode, type EmitNode } from '../go-format/yaml.ts';
import { parseHumanBytes } from './leaf-decoders.ts';

function scalarNode(value: ConfigValue, schema: FieldSchema | undefined): EmitNode {
  if (schema?.kind === 'scalar' && typeof value === 'number') {
    if (schema.decoder === 'fileMode') return { kind: 'scalar', text: `0o${value.toString(8)}`, style: 'plain' };
    if (schema.decoder === 'humanBytes' && value % 1000 === 0 && parseHumanBytes(humanizeBytes(value)) === value) {
      return stringNode(humanizeBytes(value));
    }
  }
  if (typeof value === 'string') return stringNode(value);
  return { kind: 'scalar', text: value === null ? 'null' : String(value), style: 'plain' };
}

function childSchema(schema: FieldSchema | undefined, key: string): FieldSchema | undefined {
  if (schema === undefined) return undefined;
  if (schema.kind === 'struct') return schema.fields[key];
  if (schema.kind === 'map') return schema.value;
  return undefined;
}

function orderedKeys(object: ConfigObject, schema: FieldSchema | undefined): string[] {
  const keys = Object.keys(object);
  if (schema?.kind !== 'struct') return keys.sort(compareGoMapKeys);
  const declared = Object.keys(schema.fields).filter((key) => key in object);
  return [...declared, ...keys.filter((key) => !(key in schema.fields)).sort(compareGoMapKeys)];
}

/** Converts a decoded value to an emitter tree, guided by its schema (undefined = untyped). */
export function toRenderNode(value: ConfigValue | undefined, schema: FieldSchema | undefined): EmitNode {
  if (Array.isArray(value)) {
    const itemSchema = schema?.kind === 'list' ? schema.item : undefined;
    return { kind: 'seq', items: value.map((item) => toRenderNode(item, itemSchema)) };
  }
  if (value !== null && typeof value === 'object') {
    const entries = orderedKeys(value, schema)
      .filter((key) => value[key] !== undefined)
      .map((key): [string, EmitNode] => [key, toRenderNode(value[key], childSchema(schema, key))]);
    return { kind: 'map', entries };
  }
  return scalarNode(value ?? null, schema);
}

/** The v1alpha1 document as Talos prints it. */
export function renderConfig(config: MachineConfig | ConfigObject): string {
  return emitYaml(toRenderNode(config as ConfigObject, V1ALPHA1_SCHEMA));
}

/** A further document: apiVersion and kind first, then its fields as written. */
function renderOtherDocument(document: OtherDocument): string {
  const keys = Object.keys(document.body);
  const ordered = [...['apiVersion', 'kind'].filter((key) => keys.includes(key)), ...keys.filter((key) => key !== 'apiVersion' && key !== 'kind')];
  const entries = ordered.map((key): [string, EmitNode] => [key, toRenderNode(document.body[key], undefined)]);
  return emitYaml({ kind: 'map', entries });
}

/** The v1alpha1 document followed by the other documents, separated by `---`. */
export function renderConfigStream(config: MachineConfig | null, documents: readonly OtherDocument[]): string {
  const parts = config === null ? [] : [renderConfig(config)];
  for (const document of documents) parts.push(renderOtherDocument(document));
  return parts.join('---\n');
}
