// Building blocks for the schemas of Talos's multi-document config kinds (LinkConfig,
// UserVolumeConfig, ...): the same FieldSchema shapes the v1alpha1 decoder walks, plus leaves
// decoded by a Go type's own text unmarshaller (`text`: netip.Prefix, nethelpers enums, byte
// sizes, CEL expressions), checked in text-unmarshalers.ts.
// Leaves out: strategic-merge rules inside these documents (patches replace whole lists).
import type { AnySchema, ArgsSchema, FieldSchema, GoScalarType, ListSchema, MapSchema, ScalarSchema, StructSchema } from './v1alpha1-schema.ts';

/** A registered document kind: the Go type Talos decodes it into and its fields. */
export interface DocumentSchema {
  /** Go type as `%T` prints the decode target without the '*': 'network.LinkConfigV1Alpha1'. */
  goType: string;
  root: StructSchema;
}

/** A Go basic type, or a named type over one (`goType` 'fs.FileMode' over uint32) as go-yaml names it in errors. */
const scalar = (scalarType: GoScalarType, goType: string = scalarType): ScalarSchema => ({ kind: 'scalar', scalarType, decoder: 'plain', goType });
export const str = (goType?: string): ScalarSchema => scalar('string', goType);
export const bool = (): ScalarSchema => scalar('bool');
export const int = (): ScalarSchema => scalar('int');
export const i32 = (): ScalarSchema => scalar('int32');
export const uint = (): ScalarSchema => scalar('uint');
export const u8 = (): ScalarSchema => scalar('uint8');
export const u16 = (): ScalarSchema => scalar('uint16');
export const u32 = (goType?: string): ScalarSchema => scalar('uint32', goType);
export const u64 = (): ScalarSchema => scalar('uint64');
/** meta.Args: each value a string or a list of strings. */
export const args = (): ArgsSchema => ({ kind: 'args', goType: 'meta.Args' });
/** meta.Unstructured: any YAML mapping, kept as written (Kubernetes objects embedded in a document). */
export const unstructured = (): AnySchema => ({ kind: 'any', goType: 'meta.Unstructured' });
export const duration = (): ScalarSchema => ({ kind: 'scalar', scalarType: 'int', decoder: 'duration', goType: 'time.Duration' });
/** A leaf with an UnmarshalText (or a string-based UnmarshalYAML): any scalar, checked by its Go type. */
export const text = (goType: string): ScalarSchema => ({ kind: 'scalar', scalarType: 'string', decoder: 'text', goType });
export const custom = text;
export const struct = (goType: string, fields: Record<string, FieldSchema>): StructSchema => ({ kind: 'struct', goType, fields, pointer: true });
export const list = (goType: string, item: FieldSchema): ListSchema => ({ kind: 'list', goType, item, merge: { by: 'replace' } });
export const map = (goType: string, value: FieldSchema): MapSchema => ({ kind: 'map', goType, value });
export const document = (goType: string, fields: Record<string, FieldSchema>): DocumentSchema => ({
  goType,
  root: struct(goType, fields),
});
