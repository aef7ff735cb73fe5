// `npm run fuzz [cases] [seed] [small|large] [targets]`: each fuzz target with `cases` cases
// (default 10,000; one in 50 a payload of up to 32 MiB unless `small`), then a line per target
// (cases, longest event-loop hold) and every failing case; the gRPC handlers get about `cases`
// malformed requests spread over every served method. `targets` picks some, comma-separated:
// scenario, config, grpc (default: all three). Exit 1 on any failure.
import { describeReport, fuzzConfigs, fuzzScenarios, type FuzzReport } from './fuzz-targets.ts';
import { fuzzGrpcHandlers } from './grpc-handler-fuzz.ts';

const cases = Number(process.argv[2] ?? 10_000);
const seed = process.argv[3] ?? 'fuzz';
const allowLarge = process.argv[4] !== 'small';
const TARGETS = ['scenario', 'config', 'grpc'] as const;
const chosen = (process.argv[5] ?? TARGETS.join(',')).split(',');
const unknown = chosen.filter((name) => !(TARGETS as readonly string[]).includes(name));
if (unknown.length > 0) {
  process.stderr.write(`npm run fuzz: unknown target ${unknown.join(', ')} (targets: ${TARGETS.join(', ')})\n`);
  process.exit(2);
}
let failed = false;
const print = (result: FuzzReport) => {
  process.stdout.write(`${describeReport(result)}\n`);
  for (const failure of result.failures.slice(0, 50)) process.stdout.write(`  ${failure}\n`);
  failed ||= result.failures.length > 0;
};
if (chosen.includes('scenario')) print(fuzzScenarios(cases, seed, allowLarge));
if (chosen.includes('config')) print(await fuzzConfigs(cases, seed, allowLarge, (line) => process.stderr.write(`${line}\n`)));
// The gRPC handlers: `cases` requests in all, spread over every served method.
const methods = 70;
if (chosen.includes('grpc')) for (const result of await fuzzGrpcHandlers(Math.max(1, Math.ceil(cases / methods)), seed)) print(result);
process.exitCode = failed ? 1 : 0;
