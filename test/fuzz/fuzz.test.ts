// The fuzz suite at CI size (a few hundred cases per target, no 32 MiB payloads); `npm run fuzz`
// runs 10,000 per target with large payloads.
import { describe, expect, it } from 'vitest';
import { describeReport, fuzzConfigs, fuzzScenarios } from './fuzz-targets.ts';

const CASES = Number(process.env.FUZZ_CASES ?? 300);

describe('fuzz', () => {
  it(`scenario loading: ${CASES} mutated scenarios end in a ScenarioError with file:line:col or load, none over 1 s`, () => {
    const result = fuzzScenarios(CASES, 'ci', false);
    console.log(describeReport(result));
    expect(result.failures).toEqual([]);
  }, 300_000);

  it(`config apply: ${CASES} mutated configs are refused with a gRPC code or accepted, none over 1 s, the node unchanged`, () => {
    const result = fuzzConfigs(CASES, 'ci', false);
    console.log(describeReport(result));
    expect(result.failures).toEqual([]);
  }, 300_000);
});
