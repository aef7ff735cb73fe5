// `talsim run`: load every scenario first (invalid input exits 2 before anything runs), then
// either run each once (its own seed or `--seed`), printing `seed=...`, the timeline, the verdict
// and the replay command of each failure; or, with `--seeds` / `--shard`, sweep every
// (scenario, seed) case on worker threads with a progress bar on stderr, saving each failure's
// trace and shrinking the distinct failures. Either way `--reporter` / `--out` write a report.
import { FailureGroups } from '../report/failure-groups.ts';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { loadScenarioFile } from '../scenario/load-scenario.ts';
import { formatTime, runScenario, type ScenarioResult } from '../scenario/run-scenario.ts';
import { ScenarioError } from '../errors.ts';
import type { ScenarioPlan } from '../scenario/plan.ts';
import { SweepInputError } from '../swarm/sweep-error.ts';
import { parseSeedList } from '../swarm/seed-list.ts';
import { parseShardSpec, type ShardSpec } from '../swarm/sweep-cases.ts';
import { DEFAULT_SHRINK_BUDGET_RUNS } from '../swarm/shrink-plan.ts';
import { isReporterName, REPORTER_NAMES, type ReporterName } from '../report/render-report.ts';
import { buildSweepReport, type CaseReport, type ShrinkReport, type SweepReport } from '../report/sweep-report.ts';
import { renderReport } from '../report/render-report.ts';
import { prettyCaseText, prettyShrinkText, prettySummaryText } from '../report/pretty-reporter.ts';
import { listSweepCases, selectShard } from '../swarm/sweep-cases.ts';
import type { runSweep as RunSweep } from '../swarm/run-sweep.ts';
import { SweepProgress } from '../swarm/sweep-progress.ts';
import { caseFileName, caseReportOf, runOutcomeOf } from '../swarm/case-outcome.ts';
import { shrinkFailure } from '../swarm/shrink-failure.ts';
import { startUpOver, startUpOverForLargeCluster } from '../live/start-up-over.ts';
import { failuresToShrink, shrinkReportOf } from '../swarm/shrink-report.ts';

export interface RunCommandOptions {
  seed?: string;
  trace?: string;
  quiet?: boolean;
  seeds?: string;
  shard?: string;
  jobs?: string;
  reporter?: string;
  out?: string;
  traceDir?: string;
  shrink?: boolean;
  shrinkBudget?: string;
}

/** The options of one `talsim run`, checked. */
export interface RunSettings {
  /** Set for a swarm run (`--seeds` or `--shard`). */
  sweep?: { seeds?: string[]; seedsSpec: string | null; shard?: ShardSpec; jobs: number };
  reporter: ReporterName;
  out?: string;
  /** Where failure traces and minimal scenarios go; undefined for single runs without `--trace-dir`. */
  traceDir?: string;
  shrink: boolean;
  shrinkBudgetRuns: number;
}

/** Exit code of a swarm run that could not finish: its worker threads kept dying. */
export const EXIT_SWEEP_BROKEN = 3;

/** Where failures go in a swarm run unless `--trace-dir` says otherwise (created only on a failure). */
export const DEFAULT_TRACE_DIR = 'talsim-traces';

export function registerRunCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('run')
    .description('run scenario files (or directories of them) in virtual time and print a verdict per scenario; with --seeds, sweep many seeds on worker threads')
    .argument('<paths...>', 'scenario files or directories')
    .option('--seed <seed>', 'override every scenario\'s seed')
    .option('--trace <file>', 'write the JSONL trace (one file; with several scenarios, <file> gets a -<name> suffix)')
    .option('--quiet', 'print only verdicts and failures')
    .option('--seeds <list>', 'swarm run: every scenario with every seed, e.g. 1..1000 or 5,9,12')
    .option('--shard <i/N>', 'run only shard i (counting from 0) of N of the (scenario, seed) cases, round-robin')
    .option('--jobs <n>', 'worker threads of a swarm run (default: the number of CPUs)')
    .option('--reporter <name>', `report format: ${REPORTER_NAMES.join('|')}`, 'pretty')
    .option('--out <file>', 'write the report to this file instead of stdout')
    .option('--trace-dir <dir>', `save each failure's trace (and minimal scenarios) here (swarm default: ./${DEFAULT_TRACE_DIR}, created only on a failure)`)
    .option('--shrink', 'shrink failures to a minimal scenario (default on for swarm runs)')
    .option('--no-shrink', 'do not shrink failures')
    .option('--shrink-budget <runs>', 'most runs one shrink may spend', String(DEFAULT_SHRINK_BUDGET_RUNS))
    .addHelpText(
      'after',
      [
        '',
        'Exit codes:',
        '  0  every scenario passed (a scenario with expectFailure: true passes when it fails)',
        '  1  an expectation failed (or an expected failure did not happen)',
        '  2  invalid input: the message names file:line:col, the field, what was expected and found',
        '  3  swarm workers kept dying',
      ].join('\n'),
    )
    .action(async (paths: string[], options: RunCommandOptions) => {
      setExitCode(await runCommand(paths, options));
    });
}

export async function runCommand(paths: string[], options: RunCommandOptions): Promise<number> {
  try {
    const settings = runSettings(options);
    const plans = loadPlans(expandScenarioPaths(paths), options.seed);
    if (!plans) return 2;
    if (settings.sweep) return await sweepCommand(plans, settings);
    return singleRuns(plans, options, settings);
  } catch (error) {
    if (!(error instanceof SweepInputError)) throw error;
    process.stderr.write(`talsim: ${error.message}\n`);
    return 2;
  }
}

export function expandScenarioPaths(paths: string[]): string[] {
  return paths.flatMap((path) => {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      return readdirSync(path)
        .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
        .sort()
        .map((name) => join(path, name));
    }
    return [path];
  });
}

/** Each scenario file loaded for a run with `seed` (`--seed`) or, without it, its own. */
function loadPlans(files: string[], seed: string | undefined): ScenarioPlan[] | undefined {
  const plans: ScenarioPlan[] = [];
  for (const file of files) {
    try {
      plans.push(loadScenarioFile(file, { seed }));
    } catch (error) {
      if (error instanceof ScenarioError) {
        process.stderr.write(`talsim: invalid scenario: ${error.message}\n`);
        return undefined;
      }
      throw error;
    }
  }
  return plans;
}

function runSettings(options: RunCommandOptions): RunSettings {
  const reporter = options.reporter ?? 'pretty';
  if (!isReporterName(reporter)) throw new SweepInputError('--reporter', `one of ${REPORTER_NAMES.join(', ')}`, JSON.stringify(reporter));
  const swarm = options.seeds !== undefined || options.shard !== undefined;
  if (swarm && options.seed !== undefined) throw new SweepInputError('--seed', 'either --seed (one run) or --seeds (a sweep)', 'both');
  if (swarm && options.trace !== undefined) throw new SweepInputError('--trace', `--trace-dir in a swarm run (traces of failures go there)`, '--trace');
  if (!swarm && options.jobs !== undefined) throw new SweepInputError('--jobs', 'a swarm run (--seeds or --shard)', 'no --seeds');
  const seeds = options.seeds === undefined ? undefined : parseSeedList(options.seeds);
  return {
    sweep: swarm
      ? {
          seeds,
          seedsSpec: options.seeds ?? null,
          shard: options.shard === undefined ? undefined : parseShardSpec(options.shard),
          jobs: options.jobs === undefined ? availableParallelism() : wholeNumber('--jobs', options.jobs, 1),
        }
      : undefined,
    reporter,
    out: options.out,
    traceDir: options.traceDir ?? (swarm || options.shrink ? DEFAULT_TRACE_DIR : undefined),
    shrink: options.shrink ?? swarm,
    shrinkBudgetRuns: wholeNumber('--shrink-budget', options.shrinkBudget ?? String(DEFAULT_SHRINK_BUDGET_RUNS), 0),
  };
}

function wholeNumber(option: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < minimum) throw new SweepInputError(option, `a whole number >= ${minimum}`, JSON.stringify(text));
  return value;
}

/** A path as the user would type it from here. */
function displayPath(file: string): string {
  return relative(process.cwd(), file) || file;
}

/**
 * Wall clock of the CLI: the only one the sweep sees. process.hrtime, not `performance`: that
 * global is made on first use by loading perf_hooks and 8 more built-in modules (~1 CPU ms of
 * every `talsim run`, for a clock read).
 */
const wallClockMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Human lines go to stdout, unless a machine-readable report does. */
function humanStream(settings: RunSettings): NodeJS.WritableStream {
  return settings.reporter !== 'pretty' && settings.out === undefined ? process.stderr : process.stdout;
}

/** The report, to `--out` or to stdout; a pretty report on stdout has already been printed line by line. */
function deliverReport(report: SweepReport, settings: RunSettings): void {
  if (settings.out !== undefined) {
    writeFileSync(settings.out, renderReport(report, settings.reporter));
    process.stderr.write(`talsim: ${settings.reporter} report written to ${settings.out}\n`);
  } else if (settings.reporter !== 'pretty') {
    process.stdout.write(renderReport(report, settings.reporter));
  }
}

/**
 * A sweep on worker threads. Its modules load only here: a `talsim run` of one seed does not
 * load the worker pool and Node's worker_threads with it (~5 CPU ms of its start).
 */
async function sweepCommand(plans: ScenarioPlan[], settings: RunSettings): Promise<number> {
  startUpOver(); // a sweep is a long batch of runs on worker threads, not a start
  const [{ runSweep }, { SweepWorkerFailure }] = await Promise.all([import('../swarm/run-sweep.ts'), import('../swarm/sweep-pool.ts')]);
  try {
    return await sweepRuns(plans, settings, runSweep);
  } catch (error) {
    if (!(error instanceof SweepWorkerFailure)) throw error;
    process.stderr.write(`talsim: ${error.message}\n`);
    return EXIT_SWEEP_BROKEN;
  }
}

async function sweepRuns(plans: ScenarioPlan[], settings: RunSettings, runSweep: typeof RunSweep): Promise<number> {
  const sweep = settings.sweep!;
  const human = humanStream(settings);
  const scenarios = plans.map((plan) => ({ file: plan.file, name: plan.name, seed: plan.seed }));
  const allCases = listSweepCases(scenarios, sweep.seeds);
  const caseCount = sweep.shard ? selectShard(allCases, sweep.shard).length : allCases.length;
  const shardText = sweep.shard ? `, shard ${sweep.shard.index}/${sweep.shard.count}: ${caseCount} of them` : '';
  const workers = Math.max(1, Math.min(sweep.jobs, caseCount));
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  process.stderr.write(`talsim: ${plural(allCases.length, 'run')} (${plural(plans.length, 'scenario')} x ${plural(sweep.seeds?.length ?? 1, 'seed')}${shardText}) on ${plural(workers, 'worker')}\n`);
  const progress = new SweepProgress(caseCount, process.stderr, wallClockMs);
  const groups = new FailureGroups();
  let report: SweepReport;
  try {
    const { seeds, seedsSpec, shard, jobs } = sweep;
    const request = { scenarios, plans, seeds, seedsSpec, shard, jobs, shrink: settings.shrink, shrinkBudgetRuns: settings.shrinkBudgetRuns, traceDir: settings.traceDir!, wallClockMs };
    report = await runSweep(request, {
      caseFinished: (passed) => progress.caseDone(passed),
      caseReported: (sweepCase) => !sweepCase.passed && groups.add(sweepCase) && progress.interrupt(() => human.write(prettyCaseText(sweepCase))),
      shrinkStarted: (count) =>
        progress.interrupt(() => process.stderr.write(`talsim: shrinking ${count} distinct failure${count === 1 ? '' : 's'} (at most ${settings.shrinkBudgetRuns} runs each)\n`)),
    });
  } finally {
    progress.finish();
  }
  human.write(groups.summaryText());
  for (const shrink of report.shrinks) human.write(prettyShrinkText(shrink));
  human.write(prettySummaryText(report));
  deliverReport(report, settings);
  return report.summary.failed > 0 ? 1 : 0;
}

/** Each scenario once, in this process, printing its timeline and verdict as `talsim run` always has. */
function singleRuns(plans: ScenarioPlan[], options: RunCommandOptions, settings: RunSettings): number {
  const startedMs = wallClockMs();
  const human = humanStream(settings);
  const scenarios = plans.map((plan) => ({ file: displayPath(plan.file), name: plan.name, seed: options.seed ?? plan.seed }));
  const cases = listSweepCases(scenarios, undefined);
  const reports = plans.map((plan, index) => {
    const seed = cases[index]!.seed;
    human.write(`seed=${seed} scenario=${plan.name} file=${displayPath(plan.file)}\n`);
    const runStartedMs = wallClockMs();
    startUpOverForLargeCluster(plan.cluster.nodes.length);
    const result = runScenario(plan, { seed });
    const wallMs = wallClockMs() - runStartedMs;
    if (options.trace) writeFileSync(traceFile(options.trace, plan.name, plans.length), result.traceJsonl);
    if (!options.quiet) for (const line of result.timeline) human.write(`  ${line}\n`);
    printVerdict(result, wallMs, human);
    const report = caseReportOf(cases[index]!, runOutcomeOf(result), wallMs);
    if (!result.passed && settings.traceDir) report.traceFile = saveTrace(settings.traceDir, report, result.traceJsonl);
    return report;
  });
  const shrinks = settings.shrink ? shrinkInProcess(plans, reports, settings, human) : [];
  const failed = reports.filter((report) => !report.passed).length;
  if (plans.length > 1) human.write(`\n${plans.length - failed} passed, ${failed} failed\n`);
  const sweep = { files: scenarios.map((scenario) => scenario.file), seeds: options.seed ?? null, totalCases: cases.length };
  const elapsedSeconds = Math.round(wallClockMs() - startedMs) / 1000;
  deliverReport(buildSweepReport({ sweep, shards: [{ index: 0, count: 1 }], cases: reports, shrinks, elapsedSeconds }), settings);
  return failed > 0 ? 1 : 0;
}

function shrinkInProcess(plans: ScenarioPlan[], reports: CaseReport[], settings: RunSettings, human: NodeJS.WritableStream): ShrinkReport[] {
  const traceDir = settings.traceDir ?? DEFAULT_TRACE_DIR;
  return failuresToShrink(reports).map((sweepCase) => {
    const outputFile = caseFileName(traceDir, sweepCase.scenario, sweepCase.seed, '.min.yaml');
    let shrink: ShrinkReport;
    try {
      mkdirSync(traceDir, { recursive: true });
      const failure = sweepCase.failures[0]!;
      const minimal = shrinkFailure({ plan: plans[sweepCase.index]!, seed: sweepCase.seed, failure, budgetRuns: settings.shrinkBudgetRuns, outputFile });
      writeFileSync(outputFile, minimal.yaml);
      sweepCase.minimalScenarioFile = outputFile;
      shrink = shrinkReportOf(sweepCase, settings.shrinkBudgetRuns, minimal, undefined);
    } catch (error) {
      shrink = shrinkReportOf(sweepCase, settings.shrinkBudgetRuns, undefined, error instanceof Error ? error.message : String(error));
    }
    human.write(prettyShrinkText(shrink));
    return shrink;
  });
}

function saveTrace(traceDir: string, report: CaseReport, traceJsonl: string): string {
  mkdirSync(traceDir, { recursive: true });
  const file = caseFileName(traceDir, report.scenario, report.seed, '.jsonl');
  writeFileSync(file, traceJsonl);
  return file;
}

function traceFile(base: string, name: string, count: number): string {
  if (count === 1) return base;
  return base.replace(/(\.jsonl)?$/, `-${name}$1`);
}

function printVerdict(result: ScenarioResult, wallMs: number, out: NodeJS.WritableStream): void {
  const verdict = result.expectedFailures.length > 0 ? 'XFAIL' : result.passed ? 'PASS' : 'FAIL';
  out.write(
    `${verdict} ${result.name} (seed=${result.seed}, ${formatTime(result.virtualMs)} virtual in ${wallMs.toFixed(0)} ms wall, ${result.eventsFired} events, trace ${result.traceDigest.slice(0, 12)})\n`,
  );
  for (const failure of result.expectedFailures) {
    const where = failure.source ? `${displayPath(failure.source.file)}:${failure.source.line}:${failure.source.column}: ` : '';
    out.write(`  expected failure (expectFailure: true): ${where}${failure.name} at ${formatTime(failure.atMs)}: ${failure.detail}\n`);
  }
  for (const failure of result.failures) {
    const where = failure.source ? `${displayPath(failure.source.file)}:${failure.source.line}:${failure.source.column}: ` : '';
    out.write(`  ✗ [${failure.failureClass}] ${where}${failure.name} at ${formatTime(failure.atMs)}: ${failure.detail}\n`);
  }
  if (!result.passed) {
    out.write(`  replay: npx talsim run ${displayPath(result.file)} --seed ${result.seed} --trace ${result.name}.jsonl\n`);
  }
}
