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

  describe('faults: if/then on kind, so an error names the one kind\'s option', () => {
    const cluster = 'cluster:\n  nodes:\n    - name: cp-1\n      role: controlplane\n';
    const errorsFor = (yaml: string) => {
      validate(parse(`name: x\n${cluster}${yaml}`));
      return validate.errors ?? [];
    };

    it('a wrong option of a declared fault: a few errors, all about that option (was 77 with a plain oneOf)', () => {
      const errors = errorsFor('faults:\n  - name: slow\n    kind: etcd-commit-delay\n    at: 1m\n    options: { commitDelayMs: fast }\n');
      expect(errors.length).toBeLessThanOrEqual(4);
      expect(errors.every((error) => error.instancePath === '/faults/0/options/commitDelayMs' || error.keyword === 'if')).toBe(true);
    });

    it('a misspelt option of an inline inject step is reported as that kind\'s unknown option', () => {
      const errors = errorsFor('steps:\n  - at: 1m\n    inject: { kind: etcd-commit-delay, options: { comitDelayMs: 100 } }\n');
      expect(errors.length).toBeLessThanOrEqual(8);
      expect(errors).toContainEqual(expect.objectContaining({ instancePath: '/steps/0/inject/options', keyword: 'additionalProperties', params: { additionalProperty: 'comitDelayMs' } }));
    });

    it('an unknown kind is one error on kind, listing the kinds', () => {
      const errors = errorsFor('faults:\n  - name: slow\n    kind: etcd-comit-delay\n    at: 1m\n');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ instancePath: '/faults/0/kind', keyword: 'enum' });
      expect((errors[0]!.params as { allowedValues: string[] }).allowedValues).toContain('etcd-commit-delay');
    });
  });
});
