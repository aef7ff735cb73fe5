// A fault kind's options as a command line writes them (`--set key=value`): each field's type is
// read from the kind's schema, so `link=eth0` stays text, `latencyMs=250` becomes a number (a
// field in ms also takes a duration: `latencyMs=1.5s`), `symmetric=false` a boolean. A key the kind
// does not have is passed on as written for the schema to refuse by name. Also the fields as
// `talsim fault kinds` lists them.
import { z } from 'zod';
import type { FaultKind } from '../faults/fault-kind.ts';
import { FaultError } from '../faults/fault-error.ts';
import { parseDurationMs } from '../scenario/load-duration.ts';

export interface OptionField {
  name: string;
  /** JSON Schema type: string, number, integer, boolean. */
  type: string;
  description: string;
  /** The value used when the option is not given, if there is one. */
  defaultValue?: unknown;
  /** The values a text option may take, when they are fixed. */
  allowed?: unknown[];
}

interface FieldSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
}

export function optionFields(kind: Pick<FaultKind, 'options'>): OptionField[] {
  const schema = z.toJSONSchema(kind.options, { io: 'input' }) as { properties?: Record<string, FieldSchema> };
  return Object.entries(schema.properties ?? {}).map(([name, field]) => ({
    name,
    type: field.type ?? 'any',
    description: field.description ?? '',
    ...(field.default !== undefined ? { defaultValue: field.default } : {}),
    ...(field.enum !== undefined ? { allowed: field.enum } : {}),
  }));
}

/** `key=value` texts into the kind's options object; FaultError for a text that is no assignment or a value of the wrong type. */
export function parseOptionAssignments(kind: Pick<FaultKind, 'kind' | 'options'>, assignments: readonly string[]): Record<string, unknown> {
  const fields = new Map(optionFields(kind).map((field) => [field.name, field]));
  const options: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=');
    if (equals <= 0) throw new FaultError(kind.kind, `--set: expected key=value, found ${JSON.stringify(assignment)}`);
    const key = assignment.slice(0, equals);
    options[key] = typedValue(kind.kind, key, assignment.slice(equals + 1), fields.get(key)?.type);
  }
  return options;
}

function typedValue(kindName: string, key: string, text: string, type: string | undefined): unknown {
  const refuse = (expected: string) => new FaultError(kindName, `--set ${key}: expected ${expected}, found ${JSON.stringify(text)}`);
  switch (type) {
    case 'string':
      return text;
    case 'number':
    case 'integer': {
      const value = text.trim() === '' ? Number.NaN : Number(text);
      if (Number.isFinite(value)) return value;
      const durationMs = key.endsWith('Ms') ? parseDurationMs(text) : undefined;
      if (durationMs !== undefined) return durationMs;
      throw refuse(key.endsWith('Ms') ? 'a number of ms or a duration (500ms, 30s, 2m)' : 'a number');
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      throw refuse('true or false');
    default:
      return jsonOrText(text);
  }
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
