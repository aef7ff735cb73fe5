// Which schema a multi-document kind decodes against: the v1.13 field tables
// (multidoc-schema-network.ts, multidoc-schema-other.ts), the kinds first registered in v1.14
// (multidoc-schema-v1-14.ts, multidoc-schema-kubernetes.ts), and the fields v1.14 adds to v1.13
// kinds, marked `since: v1.14.0` so the decoder treats them as unknown keys on older releases.
// Releases before v1.13 use the v1.13 tables (their kinds are a subset; fields added in v1.13
// are accepted there).
import type { DocumentSchema } from './multidoc-schema-builders.ts';
import { KUBERNETES_DOCUMENT_SCHEMAS } from './multidoc-schema-kubernetes.ts';
import { NETWORK_DOCUMENT_SCHEMAS } from './multidoc-schema-network.ts';
import { OTHER_DOCUMENT_SCHEMAS } from './multidoc-schema-other.ts';
import { V1_14_ADDED_FIELDS, V1_14_DOCUMENT_SCHEMAS } from './multidoc-schema-v1-14.ts';
import type { FieldSchema, StructSchema } from './v1alpha1-schema.ts';

const ADDED_SINCE = 'v1.14.0';

/** A copy of `struct` with `fields` added at `path` (through list items), each marked `since`. */
function withFields(struct: StructSchema, path: string[], fields: Record<string, FieldSchema>): StructSchema {
  if (path.length === 0) {
    const added = Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, { ...field, since: ADDED_SINCE }]));
    return { ...struct, fields: { ...struct.fields, ...added } };
  }
  const [head, ...rest] = path;
  const field = struct.fields[head];
  let replaced: FieldSchema;
  if (field?.kind === 'struct') replaced = withFields(field, rest, fields);
  else if (field?.kind === 'list' && field.item.kind === 'struct') replaced = { ...field, item: withFields(field.item, rest, fields) };
  else throw new Error(`schema has no struct at ${path.join('.')}`);
  return { ...struct, fields: { ...struct.fields, [head]: replaced } };
}

function buildSchemas(): Record<string, DocumentSchema> {
  const schemas: Record<string, DocumentSchema> = {
    ...NETWORK_DOCUMENT_SCHEMAS, ...OTHER_DOCUMENT_SCHEMAS, ...V1_14_DOCUMENT_SCHEMAS, ...KUBERNETES_DOCUMENT_SCHEMAS,
  };
  for (const { kind, path, fields } of V1_14_ADDED_FIELDS) {
    const schema = schemas[kind];
    schemas[kind] = { ...schema, root: withFields(schema.root, path === '' ? [] : path.split('.'), fields) };
  }
  return schemas;
}

const SCHEMAS = buildSchemas();

/** The schema of a registered kind, or undefined when talsim does not model its fields. */
export function documentSchema(kind: string, _talosVersion: string): DocumentSchema | undefined {
  return Object.hasOwn(SCHEMAS, kind) ? SCHEMAS[kind] : undefined;
}

export type { DocumentSchema };
