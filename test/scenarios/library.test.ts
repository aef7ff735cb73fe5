// Every bundled scenario: runs to its expected verdict (the canary fails, the rest pass), gives a
// byte-identical trace when run twice with the same seed, and keeps its verdict with another
// seed while the timings change.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { loadScenarioFile } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();
const expectedToFail = (file: string) => file.startsWith('canary');

describe('scenario library', () => {
  it('has the scenarios the failure library promises', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });

  for (const file of files) {
    it(`${file}: expected verdict, deterministic per seed, seed changes timings not verdict`, () => {
      const plan = loadScenarioFile(`scenarios/${file}`);
      const first = runScenario(plan);
      const second = runScenario(plan);
      const failures = first.failures.map((f) => `${f.name}: ${f.detail}`);
      expect(first.passed, failures.join('\n')).toBe(!expectedToFail(file));
      expect(second.traceJsonl).toBe(first.traceJsonl);
      expect(second.traceDigest).toBe(first.traceDigest);
      const other = runScenario(plan, { seed: `${plan.seed}-other` });
      expect(other.passed, other.failures.map((f) => `${f.name}: ${f.detail}`).join('\n')).toBe(first.passed);
      expect(other.traceDigest).not.toBe(first.traceDigest);
    });
  }
});
