// Which schema a multi-document kind decodes against for a release: the v1.13 field tables
// (multidoc-schema-network.ts, multidoc-schema-other.ts). Releases before v1.13 use them too
// (their kinds are a subset; fields added in v1.13 are accepted there). Of the kinds first
// registered in v1.14, four have a table (multidoc-schema-v1-14.ts); the rest are kept without a
// field check.
import type { DocumentSchema } from './multidoc-schema-builders.ts';
import { NETWORK_DOCUMENT_SCHEMAS } from './multidoc-schema-network.ts';
import { OTHER_DOCUMENT_SCHEMAS } from './multidoc-schema-other.ts';
import { V1_14_DOCUMENT_SCHEMAS } from './multidoc-schema-v1-14.ts';

const SCHEMAS: Record<string, DocumentSchema> = { ...NETWORK_DOCUMENT_SCHEMAS, ...OTHER_DOCUMENT_SCHEMAS, ...V1_14_DOCUMENT_SCHEMAS };

/** The schema of a registered kind, or undefined when talsim does not model its fields. */
export function documentSchema(kind: string, _talosVersion: string): DocumentSchema | undefined {
  return Object.hasOwn(SCHEMAS, kind) ? SCHEMAS[kind] : undefined;
}

export type { DocumentSchema };
