// `npm run bench`: runs every bench/*.bench.ts in its own process, then prints one table of every
// row (figure, baseline measured in the same run, ratio, target, met). Options:
//   --smoke        small sizes, no verdicts (CI runs this so the benchmarks cannot rot)
//   --json         print the rows as JSON on stdout (the progress goes to stderr)
//   --only <word>  run only the bench files whose name contains <word>
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { format, type Row } from './lib/report.ts';

const argv = process.argv.slice(2);
const smoke = argv.includes('--smoke');
const json = argv.includes('--json');
const onlyIndex = argv.indexOf('--only');
const only = onlyIndex >= 0 ? argv[onlyIndex + 1] : undefined;
const out = join(mkdtempSync(join(tmpdir(), 'talsim-bench-')), 'rows.jsonl');
const log = (text: string) => (json ? process.stderr : process.stdout).write(`${text}\n`);

/** The scale bench holds 10,000 nodes: give it room and an explicit GC for the heap figure. */
const NODE_FLAGS: Record<string, string[]> = { 'scale.bench.ts': ['--max-old-space-size=20000', '--expose-gc'], 'api-version.bench.ts': ['--expose-gc'] };

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
let failed = false;
for (const file of readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).sort()) {
  if (only && !file.includes(only)) continue;
  log(`== ${file}`);
  const result = spawnSync(process.execPath, [...(NODE_FLAGS[file] ?? []), '--import', 'tsx', `bench/${file}`], {
    stdio: ['ignore', json ? 'pipe' : 'inherit', 'inherit'],
    env: { ...process.env, TALSIM_BENCH_OUT: out, TALSIM_BENCH_SMOKE: smoke ? '1' : '0' },
    encoding: 'utf8',
  });
  if (json && result.stdout) process.stderr.write(result.stdout);
  if (result.status !== 0) {
    failed = true;
    log(`${file} failed (exit ${result.status})`);
  }
}

let rows: Row[] = [];
try {
  rows = readFileSync(out, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Row);
} catch {
  rows = [];
}
/** Every row of issue 15's table; a full or smoke run without one of them fails. */
const EXPECTED = ['help', 'run-boot-healthy', 'up-ready', 'kernel-noop', 'model-cost', 'sweep', 'scale', 'scale-heap', 'up-1000', 'up-1000-members', 'api-version', 'api-version-p99', 'api-version-p99-up', 'api-version-p99-100'];
const missing = only ? [] : EXPECTED.filter((id) => !rows.some((row) => row.id === id));
if (missing.length > 0) {
  failed = true;
  log(`missing rows: ${missing.join(', ')}`);
}
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
if (json) {
  process.stdout.write(`${JSON.stringify({ machine, smoke, rows }, null, 2)}\n`);
} else {
  log(`\n| what | figure | baseline (same run) | ratio | target | met |`);
  log(`|---|---|---|---|---|---|`);
  for (const row of rows) {
    const verdict = row.met === undefined ? '-' : row.met ? 'yes' : 'no';
    log(`| ${row.what} | ${format(row.value)} ${row.unit} | ${row.baselineName}: ${format(row.baseline)} ${row.baselineUnit ?? row.unit} | ${row.ratio.toFixed(2)}x | ${row.target} | ${verdict} |`);
  }
  log(`\nmachine: ${machine}${smoke ? ' (smoke sizes: figures only)' : ''}`);
}
if (failed) process.exitCode = 1;
