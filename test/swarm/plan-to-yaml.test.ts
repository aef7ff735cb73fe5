// A plan written back as scenario YAML loads into the same plan: every bundled scenario and the
// loader's full-tour fixture (every action, every check, referenced files) round-trip, with the
// files they name re-pointed from wherever the YAML is written.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadScenarioFile, loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import type { ScenarioPlan } from '../../sim/scenario/plan.ts';
import { planDifference, planToYaml } from '../../sim/swarm/plan-to-yaml.ts';

const files = [
  ...readdirSync('scenarios').filter((name) => name.endsWith('.yaml')).sort().map((name) => `scenarios/${name}`),
  'test/scenario-loader/fixtures/full.yaml',
  'test/swarm/fixtures/padded-canary.yaml',
];

/** The plan without where things were written; file paths resolved to absolute ones. */
function comparable(plan: ScenarioPlan): unknown {
  const base = dirname(plan.file);
  return JSON.parse(
    JSON.stringify({ ...plan, file: '' }, (key, value: unknown) => {
      if (key === 'source') return undefined;
      if ((key === 'path' || key === 'profile') && typeof value === 'string' && /\.ya?ml$/.test(value)) return resolve(base, value);
      return value;
    }),
  );
}

describe('plan to scenario YAML', () => {
  const outputDir = mkdtempSync(join(tmpdir(), 'talsim-plan-yaml-'));

  for (const file of files) {
    it(`${file} round-trips to the same plan`, () => {
      const plan = loadScenarioFile(file);
      const yaml = planToYaml(plan, { outputDir, headerLines: ['written back'] });
      const back = loadScenarioText(yaml, join(outputDir, 'back.yaml'), (path) => readFileSync(resolve(outputDir, path), 'utf8'));
      expect(comparable(back)).toEqual(comparable(plan));
      expect(planDifference(plan, back)).toBeUndefined();
      expect(yaml.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schema\/scenario\.schema\.json$/);
      expect(yaml).toContain('\n# written back\n');
    });
  }

  it('names the first place two plans differ', () => {
    const plan = loadScenarioFile('scenarios/boot-healthy.yaml');
    const changed = { ...plan, steps: plan.steps.map((step, index) => (index === 1 ? { ...step, caller: { insecure: true } } : step)) };
    expect(planDifference(plan, changed)).toBe('steps[1].caller');
    expect(planDifference(plan, { ...plan, durationMs: 1 })).toBe('durationMs');
  });

  it('writes the seed it is given, as a number when it is one', () => {
    const plan = loadScenarioFile('test/swarm/fixtures/canary-false-expectation.yaml');
    expect(planToYaml(plan, { outputDir, seed: '42' })).toContain('\nseed: 42\n');
    expect(planToYaml(plan, { outputDir, seed: 'slow-disk' })).toContain('\nseed: slow-disk\n');
    expect(planToYaml(plan, { outputDir, seed: '007' })).toContain('\nseed: "007"\n');
  });
});
