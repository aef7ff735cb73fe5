// The scenario file format as a JSON Schema (draft 2020-12), generated from the zod schema so
// the two cannot drift apart; editors use it through the yaml-language-server modeline.
// The rules zod checks in code (exactly one action key, node names of the cluster, ...) appear
// as `oneOf`/`anyOf`/`not` where JSON Schema can say them; cross references it cannot.
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
  return { $schema, $id: SCENARIO_SCHEMA_ID, title, description, ...rest };
}

/** The schema file's exact content. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
