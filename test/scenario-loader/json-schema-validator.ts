// A small JSON Schema (2020-12) validator for the keywords the generated scenario schema uses,
// written independently of zod so the schema file itself is what gets checked. A keyword it
// does not know is an error, so a new keyword in the schema cannot be skipped silently.
// Leaves out remote $refs, formats, unevaluated*, dependent* and most numeric/string keywords.

type Schema = boolean | Record<string, unknown>;

const ANNOTATIONS = new Set(['$schema', '$id', '$defs', 'title', 'description', 'default', 'examples']);

export function validateJsonSchema(root: Schema, value: unknown): string[] {
  return validate(root, root, value, '');
}

function validate(root: Schema, schema: Schema, value: unknown, at: string): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at || '/'}: no value allowed`];
  const errors: string[] = [];
  for (const [keyword, argument] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    const check = KEYWORDS[keyword];
    if (!check) throw new Error(`validator does not know keyword "${keyword}" (at ${at || '/'})`);
    errors.push(...check({ root, schema, argument, value, at }));
  }
  return errors;
}

interface KeywordInput {
  root: Schema;
  schema: Record<string, unknown>;
  argument: unknown;
  value: unknown;
  at: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

const fail = (at: string, text: string): string[] => [`${at || '/'}: ${text}`];

const KEYWORDS: Record<string, (input: KeywordInput) => string[]> = {
  type: ({ argument, value, at }) => {
    const types = Array.isArray(argument) ? argument : [argument];
    return types.some((type) => typeMatches(type as string, value)) ? [] : fail(at, `not of type ${types.join('|')}`);
  },
  enum: ({ argument, value, at }) => ((argument as unknown[]).includes(value) ? [] : fail(at, 'not in enum')),
  const: ({ argument, value, at }) => (argument === value ? [] : fail(at, `not ${JSON.stringify(argument)}`)),
  pattern: ({ argument, value, at }) =>
    typeof value !== 'string' || new RegExp(argument as string, 'u').test(value) ? [] : fail(at, `does not match ${argument}`),
  minLength: ({ argument, value, at }) =>
    typeof value !== 'string' || value.length >= (argument as number) ? [] : fail(at, 'too short'),
  minimum: ({ argument, value, at }) => (typeof value !== 'number' || value >= (argument as number) ? [] : fail(at, 'too small')),
  maximum: ({ argument, value, at }) => (typeof value !== 'number' || value <= (argument as number) ? [] : fail(at, 'too big')),
  minItems: ({ argument, value, at }) =>
    !Array.isArray(value) || value.length >= (argument as number) ? [] : fail(at, 'too few items'),
  minProperties: ({ argument, value, at }) =>
    !isObject(value) || Object.keys(value).length >= (argument as number) ? [] : fail(at, 'too few properties'),
  required: ({ argument, value, at }) =>
    !isObject(value) ? [] : (argument as string[]).filter((key) => !(key in value)).flatMap((key) => fail(at, `missing ${key}`)),
  properties: ({ root, argument, value, at }) =>
    !isObject(value)
      ? []
      : Object.entries(argument as Record<string, Schema>).flatMap(([key, schema]) =>
          key in value ? validate(root, schema, value[key], `${at}/${key}`) : [],
        ),
  additionalProperties: ({ root, schema, argument, value, at }) => {
    if (!isObject(value)) return [];
    const known = Object.keys((schema.properties as Record<string, unknown>) ?? {});
    return Object.keys(value)
      .filter((key) => !known.includes(key))
      .flatMap((key) => validate(root, argument as Schema, value[key], `${at}/${key}`));
  },
  propertyNames: ({ root, argument, value, at }) =>
    !isObject(value) ? [] : Object.keys(value).flatMap((key) => validate(root, argument as Schema, key, `${at}/${key}`)),
  items: ({ root, argument, value, at }) =>
    !Array.isArray(value) ? [] : value.flatMap((item, index) => validate(root, argument as Schema, item, `${at}/${index}`)),
  allOf: ({ root, argument, value, at }) => (argument as Schema[]).flatMap((schema) => validate(root, schema, value, at)),
  anyOf: ({ root, argument, value, at }) =>
    (argument as Schema[]).some((schema) => validate(root, schema, value, at).length === 0) ? [] : fail(at, 'matches no anyOf'),
  oneOf: ({ root, argument, value, at }) => {
    const matches = (argument as Schema[]).filter((schema) => validate(root, schema, value, at).length === 0).length;
    return matches === 1 ? [] : fail(at, `matches ${matches} of oneOf`);
  },
  // `if` decides which of `then` / `else` applies; those two are read by `if`, not on their own.
  if: ({ root, schema, argument, value, at }) => {
    const branch = validate(root, argument as Schema, value, at).length === 0 ? schema.then : schema.else;
    return branch === undefined ? [] : validate(root, branch as Schema, value, at);
  },
  then: () => [],
  else: () => [],
  not: ({ root, argument, value, at }) => (validate(root, argument as Schema, value, at).length === 0 ? fail(at, 'matches not') : []),
  $ref: ({ root, argument, value, at }) => validate(root, resolveReference(root, argument as string), value, at),
};

function resolveReference(root: Schema, reference: string): Schema {
  if (!reference.startsWith('#/')) throw new Error(`validator only follows local $refs, not ${reference}`);
  let target: unknown = root;
  for (const segment of reference.slice(2).split('/')) target = (target as Record<string, unknown>)[segment];
  if (target === undefined) throw new Error(`$ref ${reference} not found`);
  return target as Schema;
}
