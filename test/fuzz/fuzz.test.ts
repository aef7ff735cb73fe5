// The fuzz suite at CI size (a few hundred cases per target, no 32 MiB payloads; 7 malformed
// requests per gRPC method, one of each kind); `npm run fuzz` runs 10,000 per target with large payloads.
import { describe, expect, it } from 'vitest';
import { describeReport, fuzzConfigs, fuzzScenarios } from './fuzz-targets.ts';
import { fuzzGrpcHandlers } from './grpc-handler-fuzz.ts';

const CASES = Number(process.env.FUZZ_CASES ?? 300);

describe('fuzz', () => {
  it(`scenario loading: ${CASES} mutated scenarios end in a ScenarioError with file:line:col or load, none over 1 s`, () => {
    const result = fuzzScenarios(CASES, 'ci', false);
    console.log(describeReport(result));
    expect(result.failures).toEqual([]);
  }, 300_000);

  it(`config apply: ${CASES} mutated configs are refused with a gRPC code or accepted, none over 1 s, the node unchanged`, async () => {
    const result = await fuzzConfigs(CASES, 'ci', false);
    console.log(describeReport(result));
    expect(result.failures).toEqual([]);
  }, 300_000);
});

describe('fuzz: every gRPC handler', () => {
  const perMethod = Number(process.env.FUZZ_GRPC_CASES ?? 7);
  it(`${perMethod} malformed protobuf requests per method end with a status, no handler crash, no stall`, async () => {
    const reports = await fuzzGrpcHandlers(perMethod, 'ci');
    for (const report of reports) console.log(describeReport(report));
    expect(reports.flatMap((report) => report.failures)).toEqual([]);
    expect(reports.reduce((sum, report) => sum + report.cases, 0)).toBeGreaterThan(100);
  }, 300_000);
});
