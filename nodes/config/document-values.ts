// Reading a decoded multi-document body (a ConfigObject) the way Go reads the struct it decoded
// into: an absent or mistyped field is its zero value. Shared by the per-kind Validate checks.
import type { ConfigObject } from './machine-config-types.ts';

export const str = (value: unknown): string => (typeof value === 'string' ? value : '');
export const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const obj = (value: unknown): ConfigObject => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ConfigObject) : {});
export const has = (body: ConfigObject, key: string): boolean => body[key] !== undefined && body[key] !== null;

/** The value at a dotted path of a document ('cluster.apiServer.auditPolicy'), undefined when any step is absent. */
export function at(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as ConfigObject)[key];
    if (value === null) return undefined;
  }
  return value;
}

/** A document's per-kind Validate: its errors in Talos's order (joined with newlines under the document id). */
/** A document's own errors; `talosVersion` for the checks that changed between releases. */
export type DocumentChecker = (body: ConfigObject, talosVersion?: string) => string[];
