// A resource spec as the `yaml_spec` text of a COSI Spec: what Go's yaml.Marshal of the spec
// writes on a Talos node, and the only spec form talosctl prints. It is never empty: an empty
// spec is `{}` (talosctl refuses an empty yaml_spec with `YAML spec is not specified`), a bare
// string spec (MachineType, MachineConfig) is one YAML string scalar.
//
// Mappings go through the Go-style writer; a spec it cannot carry (multi-line strings inside a
// mapping, sequences directly inside sequences) falls back to the `yaml` package with Go's
// indentation, which reads back the same though its quoting may differ from Go's in places.

import { stringify as stringifyYaml } from 'yaml';
import { emitGoYaml, formatGoYamlScalar, type GoYamlValue } from './yaml.ts';

const INDENT = '    ';

/** The yaml_spec text of a spec held in a ResourceStore (YAML-keyed plain data). */
export function yamlSpecText(spec: unknown): string {
  const value = plainYamlValue(spec);
  if (value === null) return '{}\n';
  if (typeof value === 'string') return stringScalarDocument(value);
  if (typeof value !== 'object') return `${formatGoYamlScalar(value)}\n`;
  if (Array.isArray(value)) return stringifyYaml(value, { indent: 4, lineWidth: 0 });
  if (Object.keys(value).length === 0) return '{}\n';
  if (needsGeneralWriter(value)) return stringifyYaml(value, { indent: 4, lineWidth: 0 });
  return emitGoYaml(value);
}

/**
 * A document holding one string. A multi-line string is a literal block (`|`, `|-` or `|+` by its
 * trailing newlines) indented four columns, as Go writes it; go-yaml would not read a block
 * whose lines start in column 0.
 */
function stringScalarDocument(text: string): string {
  if (!text.includes('\n')) return `${formatGoYamlScalar(text)}\n`;
  const chomping = text.endsWith('\n\n') ? '+' : text.endsWith('\n') ? '' : '-';
  const indentIndicator = text.startsWith(' ') ? '4' : '';
  const body = chomping === '' ? text.slice(0, -1) : chomping === '+' ? text.slice(0, -1) : text;
  const lines = body.split('\n').map((line) => (line === '' ? '' : `${INDENT}${line}`));
  return `|${indentIndicator}${chomping}\n${lines.join('\n')}\n`;
}

/** Plain data as the YAML writers take it: undefined keys dropped, non-finite numbers as null. */
function plainYamlValue(value: unknown): GoYamlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(plainYamlValue);
  if (typeof value === 'object') {
    const mapping: { [key: string]: GoYamlValue } = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item !== undefined) mapping[key] = plainYamlValue(item);
    }
    return mapping;
  }
  return String(value);
}

function needsGeneralWriter(value: GoYamlValue, insideSequence = false): boolean {
  if (typeof value === 'string') return value.includes('\n');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    if (insideSequence && value.length > 0) return true;
    return value.some((item) => needsGeneralWriter(item, true));
  }
  return Object.values(value).some((item) => needsGeneralWriter(item, false));
}
