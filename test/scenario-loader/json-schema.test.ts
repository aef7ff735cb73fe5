// The JSON Schema of the scenario format: the file in schema/ is exactly what the zod schema
// generates today (regenerate: node --import tsx sim/scenario/write-json-schema.ts), every
// property is documented, and a validator that knows nothing of zod accepts valid scenarios
// and rejects the mistakes the schema can express.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SCENARIO_SCHEMA_ID, scenarioJsonSchema, scenarioJsonSchemaText } from '../../sim/scenario/json-schema.ts';
import { validateJsonSchema } from './json-schema-validator.ts';

const schemaFilePath = fileURLToPath(new URL('../../schema/scenario.schema.json', import.meta.url));
const fullScenario = (): Record<string, any> =>
  parse(readFileSync(fileURLToPath(new URL('./fixtures/full.yaml', import.meta.url)), 'utf8'));

describe('scenario JSON Schema', () => {
  it('schema/scenario.schema.json is up to date (regenerate with sim/scenario/write-json-schema.ts)', () => {
    expect(readFileSync(schemaFilePath, 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('names its dialect, id and title', () => {
    const schema = scenarioJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(SCENARIO_SCHEMA_ID);
    expect(schema.title).toBe('talsim scenario');
  });

  it('documents every property', () => {
    const undocumented: string[] = [];
    const visit = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((item, index) => visit(item, `${at}/${index}`));
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties') {
          for (const [name, property] of Object.entries(value as Record<string, { description?: string }>)) {
            if (!property.description) undocumented.push(`${at}/properties/${name}`);
          }
        }
        visit(value, `${at}/${key}`);
      }
    };
    visit(scenarioJsonSchema(), '#');
    expect(undocumented).toStrictEqual([]);
  });

  it('accepts the full fixture and a minimal scenario', () => {
    const schema = scenarioJsonSchema();
    expect(validateJsonSchema(schema, fullScenario())).toStrictEqual([]);
    const minimal = { name: 'm', cluster: { nodes: [{ name: 'cp-1', role: 'controlplane' }] } };
    expect(validateJsonSchema(schema, minimal)).toStrictEqual([]);
  });

  const mistakes: [string, (scenario: Record<string, any>) => void][] = [
    ['an unknown top-level key', (scenario) => (scenario.stpes = [])],
    ['a wrong enum value', (scenario) => (scenario.steps[2]['apply-config'].mode = 'rebot')],
    ['a duration without a unit', (scenario) => (scenario.steps[0].at = '5 minutes')],
    ['a plain number as a duration', (scenario) => (scenario.duration = 90)],
    ['two action keys in one step', (scenario) => (scenario.steps[0].reboot = { node: 'cp-1' })],
    ['a step without an action', (scenario) => delete scenario.steps[0].bootstrap],
    ['two time keys in an expectation', (scenario) => (scenario.expect[0].by = '9m')],
    ['two node selectors in an expectation', (scenario) => (scenario.expect[0].role = 'worker')],
    ['an expectation with no check', (scenario) => (scenario.expect[0] = { at: '5m', node: 'cp-1' })],
    ['a node entry that is neither node nor group', (scenario) => (scenario.cluster.nodes[0].group = 'x')],
    ['apply-config with both file and patches', (scenario) => (scenario.steps[1]['apply-config'].patches = [{}])],
    ['an empty step expect', (scenario) => (scenario.steps[0].expect = {})],
  ];

  it.each(mistakes)('rejects %s', (_, mistake) => {
    const scenario = fullScenario();
    mistake(scenario);
    expect(validateJsonSchema(scenarioJsonSchema(), scenario)).not.toStrictEqual([]);
  });
});
