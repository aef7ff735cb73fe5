// `npm run fuzz [cases] [seed] [small]`: every fuzz target with `cases` cases (default 10,000; one
// in 50 a payload of up to 32 MiB unless `small`), then a line per target (cases, longest
// event-loop hold) and every failing case; then the gRPC handlers with about `cases` malformed
// requests spread over every served method. Exit 1 on any failure.
import { describeReport, fuzzConfigs, fuzzScenarios } from './fuzz-targets.ts';
import { fuzzGrpcHandlers } from './grpc-handler-fuzz.ts';

const cases = Number(process.argv[2] ?? 10_000);
const seed = process.argv[3] ?? 'fuzz';
const allowLarge = process.argv[4] !== 'small';
let failed = false;
for (const run of [fuzzScenarios, fuzzConfigs]) {
  const result = run(cases, seed, allowLarge);
  process.stdout.write(`${describeReport(result)}\n`);
  for (const failure of result.failures.slice(0, 50)) process.stdout.write(`  ${failure}\n`);
  failed ||= result.failures.length > 0;
}
// The gRPC handlers: `cases` requests in all, spread over every served method.
const methods = 70;
for (const result of await fuzzGrpcHandlers(Math.max(1, Math.ceil(cases / methods)), seed)) {
  process.stdout.write(`${describeReport(result)}\n`);
  for (const failure of result.failures.slice(0, 50)) process.stdout.write(`  ${failure}\n`);
  failed ||= result.failures.length > 0;
}
process.exitCode = failed ? 1 : 0;
