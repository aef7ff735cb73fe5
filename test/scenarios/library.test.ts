// Every bundled scenario: passes (the canary as an expected failure: it fails, as marked), gives a
// byte-identical trace when run twice with the same seed, keeps the trace digest recorded in
// trace-digests.txt (behaviour unchanged), and keeps its verdict with another seed while the
// timings change.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { loadScenarioFile } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

// Golden digests: "<name> <exit code> <first 16 hex of the trace's sha256>", as
// `talsim run <file> --trace t.jsonl` gives them. A change here changes behaviour: make it only on
// purpose, update the line and say why in the commit.
const goldenDigests = new Map(
  readFileSync('test/scenarios/trace-digests.txt', 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => [line.split(' ')[0], line.split(' ').slice(1).join(' ')] as const),
);

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
      expect(first.passed, failures.join('\n')).toBe(true);
      // The canary is marked expectFailure: true: it passes by failing.
      expect(first.expectedFailures.length > 0).toBe(plan.expectFailure === true);
      expect(second.traceJsonl).toBe(first.traceJsonl);
      expect(second.traceDigest).toBe(first.traceDigest);
      const digest = `${first.passed ? 0 : 1} ${createHash('sha256').update(first.traceJsonl).digest('hex').slice(0, 16)}`;
      const name = file.replace(/\.yaml$/, '');
      expect(`${name} ${digest}`, 'trace digest differs from test/scenarios/trace-digests.txt: behaviour changed').toBe(`${name} ${goldenDigests.get(name)}`);
      const other = runScenario(plan, { seed: `${plan.seed}-other` });
      expect(other.passed, other.failures.map((f) => `${f.name}: ${f.detail}`).join('\n')).toBe(first.passed);
      expect(other.traceDigest).not.toBe(first.traceDigest);
    });
  }
});
