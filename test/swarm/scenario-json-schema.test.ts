// Every bundled scenario file validates against schema/scenario.schema.json with ajv (draft
// 2020-12), as an editor's YAML language server would check it; so does every minimal scenario
// shrinking writes (planToYaml). A broken scenario is rejected, so the check can fail.
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadScenarioFile } from '../../sim/scenario/load-scenario.ts';
import { planToYaml } from '../../sim/swarm/plan-to-yaml.ts';

const schema = JSON.parse(readFileSync('schema/scenario.schema.json', 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const bundled = readdirSync('scenarios').filter((name) => name.endsWith('.yaml')).sort();

function errorsOf(document: unknown): string {
  return validate(document) ? '' : JSON.stringify(validate.errors, null, 1);
}

describe('scenario JSON Schema (ajv, draft 2020-12)', () => {
  it('is a draft 2020-12 schema the bundled scenarios point their editors at', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    for (const name of bundled) {
      expect(readFileSync(`scenarios/${name}`, 'utf8').split('\n')[0], name).toBe('# yaml-language-server: $schema=../schema/scenario.schema.json');
    }
  });

  for (const name of bundled) {
    it(`scenarios/${name} is valid`, () => {
      expect(errorsOf(parse(readFileSync(`scenarios/${name}`, 'utf8')))).toBe('');
    });

    it(`scenarios/${name} written back from its plan is valid`, () => {
      const plan = loadScenarioFile(`scenarios/${name}`);
      expect(errorsOf(parse(planToYaml(plan, { outputDir: 'talsim-traces' })))).toBe('');
    });
  }

  it('rejects a scenario with a misspelt role, an unknown key and a plain-number duration', () => {
    const broken = parse('name: broken\nduration: 90\ncluster:\n  nodes:\n    - name: cp-1\n      role: controlpane\n      colour: red\n');
    expect(validate(broken)).toBe(false);
    const paths = (validate.errors ?? []).map((error) => error.instancePath);
    expect(paths).toContain('/duration');
    expect(paths.some((path) => path.startsWith('/cluster/nodes/0'))).toBe(true);
  });
});
