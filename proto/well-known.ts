// Conversions between talsim's plain values and the google.protobuf well-known messages, in the
// object shapes our loader options produce (64-bit seconds as decimal strings; the bundled Struct
// definition keeps camelCase field names such as `stringValue`).
//
// Left out: FieldMask and the wrapper types (no Talos message we serve uses them).

import type { Duration, Duration__Output } from './gen/google/protobuf/Duration.ts';
import type { Struct, Struct__Output } from './gen/google/protobuf/Struct.ts';
import type { Timestamp, Timestamp__Output } from './gen/google/protobuf/Timestamp.ts';
import type { Value, Value__Output } from './gen/google/protobuf/Value.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const NANOS_PER_MS = 1_000_000;
const MS_PER_SECOND = 1000;

/** A Timestamp for `epochMs` milliseconds since the Unix epoch (virtual time, usually). */
export function timestampFromMs(epochMs: number): Timestamp__Output {
  const seconds = Math.floor(epochMs / MS_PER_SECOND);
  return { seconds: String(seconds), nanos: Math.round((epochMs - seconds * MS_PER_SECOND) * NANOS_PER_MS) };
}

/** Milliseconds since the epoch of a Timestamp; an absent one reads as 0. */
export function msFromTimestamp(timestamp: Timestamp | null | undefined): number {
  if (!timestamp) return 0;
  return Number(timestamp.seconds ?? 0) * MS_PER_SECOND + Math.floor((timestamp.nanos ?? 0) / NANOS_PER_MS);
}

/** A Duration of `durationMs`; seconds and nanos share the sign, as protobuf requires. */
export function durationFromMs(durationMs: number): Duration__Output {
  const seconds = Math.trunc(durationMs / MS_PER_SECOND);
  return { seconds: String(seconds), nanos: Math.round((durationMs - seconds * MS_PER_SECOND) * NANOS_PER_MS) };
}

/** Milliseconds of a Duration, rounded down to whole milliseconds; an absent one reads as 0. */
export function msFromDuration(duration: Duration | null | undefined): number {
  if (!duration) return 0;
  return Number(duration.seconds ?? 0) * MS_PER_SECOND + Math.trunc((duration.nanos ?? 0) / NANOS_PER_MS);
}

/** A google.protobuf.Struct holding a JSON object (e.g. a Pod status for StaticPodStatusSpec). */
export function structFromJson(object: { [key: string]: JsonValue }): Struct {
  const fields: Record<string, Value> = {};
  for (const [key, value] of Object.entries(object)) fields[key] = valueFromJson(value);
  return { fields };
}

function valueFromJson(value: JsonValue): Value {
  if (value === null) return { nullValue: 'NULL_VALUE' };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return { numberValue: value };
  if (typeof value === 'string') return { stringValue: value };
  if (Array.isArray(value)) return { listValue: { values: value.map(valueFromJson) } };
  return { structValue: structFromJson(value) };
}

/** The JSON object a decoded google.protobuf.Struct holds. */
export function jsonFromStruct(struct: Struct__Output | null | undefined): { [key: string]: JsonValue } {
  const object: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(struct?.fields ?? {})) object[key] = jsonFromValue(value);
  return object;
}

function jsonFromValue(value: Value__Output): JsonValue {
  switch (value.kind) {
    case 'boolValue':
      return value.boolValue ?? false;
    case 'numberValue':
      return value.numberValue ?? 0;
    case 'stringValue':
      return value.stringValue ?? '';
    case 'listValue':
      return (value.listValue?.values ?? []).map(jsonFromValue);
    case 'structValue':
      return jsonFromStruct(value.structValue);
    default:
      return null;
  }
}
