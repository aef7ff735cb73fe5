// `talosctl config merge`: the contexts of one talosconfig added to another; a context whose name
// is taken is renamed `<name>-1`, `<name>-2`, ... (the first free one), and the current context
// becomes the merged config's current one (under its new name). Contexts are printed sorted by
// name as Go's YAML encoder prints a map, each context's fields in talosctl's order; fields talsim
// does not know are kept. Leaves out: file locking and the `~` expansion of the path.
import { parse } from 'yaml';
import { emitGoYaml, type GoYamlValue } from '../go-format/yaml.ts';
import { PkiError } from './pki-error.ts';

export interface TalosconfigMerge {
  text: string;
  /** `"from" -> "to"` for every renamed context, as talosctl reports them. */
  renames: Array<{ from: string; to: string }>;
}

type Mapping = { [key: string]: GoYamlValue };

const CONTEXT_FIELD_ORDER = ['endpoints', 'nodes', 'ca', 'crt', 'key', 'auth', 'cluster'];

function readConfig(text: string, what: string): { context: string; contexts: Record<string, Mapping> } {
  let root: unknown;
  try {
    root = parse(text);
  } catch (error) {
    throw new PkiError('error reading config', `${what}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (root === null || root === undefined) return { context: '', contexts: {} };
  if (typeof root !== 'object' || Array.isArray(root)) throw new PkiError('error reading config', `${what}: not a talosconfig (a mapping with context and contexts)`);
  const object = root as { context?: unknown; contexts?: unknown };
  const contexts = object.contexts ?? {};
  if (typeof contexts !== 'object' || Array.isArray(contexts)) throw new PkiError('error reading config', `${what}: contexts is not a mapping`);
  return { context: typeof object.context === 'string' ? object.context : '', contexts: contexts as Record<string, Mapping> };
}

function orderedContext(context: Mapping | null): Mapping {
  if (context === null) return {};
  const keys = Object.keys(context);
  const ordered = [...CONTEXT_FIELD_ORDER.filter((key) => keys.includes(key)), ...keys.filter((key) => !CONTEXT_FIELD_ORDER.includes(key))];
  return Object.fromEntries(ordered.map((key) => [key, context[key]!]));
}

/** Merges `from` into `into` (empty text = a file that does not exist yet). */
export function mergeTalosconfig(into: string, from: string): TalosconfigMerge {
  const target = readConfig(into, 'talosconfig to merge into');
  const source = readConfig(from, 'talosconfig to merge');
  const contexts: Record<string, Mapping> = { ...target.contexts };
  const renames: TalosconfigMerge['renames'] = [];
  const mapped = new Map<string, string>();
  for (const [name, context] of Object.entries(source.contexts)) {
    let merged = name;
    for (let index = 1; merged in contexts; index++) merged = `${name}-${index}`;
    if (merged !== name) renames.push({ from: name, to: merged });
    mapped.set(name, merged);
    contexts[merged] = context;
  }
  const current = source.context !== '' ? (mapped.get(source.context) ?? '') : target.context;
  const sorted = Object.keys(contexts).sort();
  const document: Mapping = { context: current, contexts: Object.fromEntries(sorted.map((name) => [name, orderedContext(contexts[name]!)])) };
  return { text: emitGoYaml(document), renames };
}
