// The scenario file format as a JSON Schema (draft 2020-12), generated from the zod schema so
// the two cannot drift apart; editors use it through the yaml-language-server modeline.
// The rules zod checks in code (exactly one action key, node names of the cluster, ...) appear
// as `oneOf`/`anyOf`/`not` where JSON Schema can say them; cross references it cannot. A choice
// between objects told apart by a constant `kind` (the fault kinds) is written as `if`/`then` on
// `kind`, so a validator (and an editor) reports the one kind's problem, not every kind's.
import { z } from 'zod';
import { scenarioSchema } from './scenario-schema.ts';

export const SCENARIO_SCHEMA_ID = 'urn:talsim:schema:scenario';

/** Where the generated schema is kept, relative to the repository root. */
export const SCENARIO_SCHEMA_PATH = 'schema/scenario.schema.json';

export function scenarioJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = z.toJSONSchema(scenarioSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
  });
  return { $schema, $id: SCENARIO_SCHEMA_ID, title, description, ...(discriminateByKind(rest) as Record<string, unknown>) };
}

type Json = unknown;

/** The `kind` constant of a oneOf member, when it is an object told apart by one. */
function kindConstOf(member: Json): string | undefined {
  if (typeof member !== 'object' || member === null) return undefined;
  const kind = (member as { properties?: { kind?: { const?: unknown } } }).properties?.kind?.const;
  return typeof kind === 'string' ? kind : undefined;
}

/**
 * Rewrites every `oneOf` whose members are all objects with a constant `kind` into: `kind` must be
 * one of the kinds, and `if` it is K `then` K's object schema. Everything else is copied unchanged.
 */
function discriminateByKind(node: Json): Json {
  if (Array.isArray(node)) return node.map(discriminateByKind);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node as Record<string, Json>).map(([key, value]) => [key, discriminateByKind(value)] as const);
  const copy = Object.fromEntries(entries) as Record<string, Json>;
  const members = copy.oneOf;
  if (!Array.isArray(members) || members.length < 2) return copy;
  const kinds = members.map(kindConstOf);
  if (kinds.some((kind) => kind === undefined) || new Set(kinds).size !== kinds.length) return copy;
  const { oneOf: _replaced, ...rest } = copy;
  return {
    ...rest,
    type: 'object',
    required: ['kind'],
    properties: { kind: { type: 'string', enum: kinds, description: 'The fault kind (`talsim fault kinds` lists them); the other keys follow from it.' } },
    allOf: members.map((member, index) => ({ if: { properties: { kind: { const: kinds[index], description: `When kind is ${kinds[index]}.` } }, required: ['kind'] }, then: member })),
  };
}

/** The schema file's exact content. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
