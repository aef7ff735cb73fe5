// Writes schema/scenario.schema.json from the zod schema (run: `node --import tsx
// sim/scenario/write-json-schema.ts`). A test fails while the written file is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIO_SCHEMA_PATH, scenarioJsonSchemaText } from './json-schema.ts';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schemaPath = resolve(repositoryRoot, SCENARIO_SCHEMA_PATH);
mkdirSync(dirname(schemaPath), { recursive: true });
writeFileSync(schemaPath, scenarioJsonSchemaText());
console.log(`wrote ${SCENARIO_SCHEMA_PATH}`);
