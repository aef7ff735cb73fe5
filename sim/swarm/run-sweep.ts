// A swarm run: every (scenario, seed) case of a sweep (or of one shard of it) on a pool of
// worker threads, reported in (scenario, seed) order whatever order the workers finish in; each
// failure's trace saved; then the distinct failures shrunk, in parallel, to minimal scenario
// files. Files go under the trace directory, created on the first failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ScenarioPlan } from '../scenario/plan.ts';
import { buildSweepReport, type CaseReport, type ShrinkReport, type SweepReport } from '../report/sweep-report.ts';
import { caseFileName, caseReportOf } from './case-outcome.ts';
import { listSweepCases, selectShard, type ShardSpec, type SweepCase, type SweepScenario } from './sweep-cases.ts';
import { SweepWorkerPool, type WallClock } from './sweep-pool.ts';
import { failuresToShrink, shrinkReportOf } from './shrink-report.ts';

export interface SweepRequest {
  scenarios: SweepScenario[];
  /** The loaded plans, in the order of `scenarios`. */
  plans: ScenarioPlan[];
  /** Seeds to run every scenario with; undefined: each scenario's own seed. */
  seeds?: string[];
  /** `--seeds` as written, for the report; null when no seeds were given. */
  seedsSpec: string | null;
  shard?: ShardSpec;
  jobs: number;
  shrink: boolean;
  shrinkBudgetRuns: number;
  traceDir: string;
  wallClockMs: WallClock;
}

export interface SweepListener {
  /** Every case's report, in (scenario, seed) order. */
  caseReported?: (report: CaseReport) => void;
  /** A case finished (any order): for progress. */
  caseFinished?: (passed: boolean) => void;
  shrinkStarted?: (count: number) => void;
}

export async function runSweep(request: SweepRequest, listener: SweepListener = {}): Promise<SweepReport> {
  const startedMs = request.wallClockMs();
  const allCases = listSweepCases(request.scenarios, request.seeds);
  const cases = request.shard ? selectShard(allCases, request.shard) : allCases;
  const threadCount = Math.max(1, Math.min(request.jobs, cases.length));
  const pool = new SweepWorkerPool({ plans: request.plans }, threadCount, request.wallClockMs);
  try {
    const reports = await runCases(pool, cases, request, listener);
    const shrinks = request.shrink ? await shrinkFailures(pool, reports, request, listener) : [];
    return buildSweepReport({
      sweep: { files: request.scenarios.map((scenario) => scenario.file), seeds: request.seedsSpec, totalCases: allCases.length },
      shards: [request.shard ?? { index: 0, count: 1 }],
      cases: reports,
      shrinks,
      elapsedSeconds: Math.round(request.wallClockMs() - startedMs) / 1000,
    });
  } finally {
    await pool.close();
  }
}

async function runCases(pool: SweepWorkerPool, cases: SweepCase[], request: SweepRequest, listener: SweepListener): Promise<CaseReport[]> {
  const reports: CaseReport[] = new Array(cases.length);
  let nextInOrder = 0;
  await Promise.all(
    cases.map(async (sweepCase, position) => {
      const { result, wallMs } = await pool.run({ kind: 'run', scenarioIndex: sweepCase.scenarioIndex, seed: sweepCase.seed });
      if (result.kind !== 'run') throw new Error(`a run job answered with a ${result.kind} result`);
      const report = caseReportOf(sweepCase, result.outcome, wallMs);
      if (result.outcome.traceJsonl !== undefined) report.traceFile = saveFile(request.traceDir, sweepCase, '.jsonl', result.outcome.traceJsonl);
      reports[position] = report;
      listener.caseFinished?.(report.passed);
      for (; nextInOrder < reports.length && reports[nextInOrder]; nextInOrder++) listener.caseReported?.(reports[nextInOrder]!);
    }),
  );
  return reports;
}

async function shrinkFailures(pool: SweepWorkerPool, reports: CaseReport[], request: SweepRequest, listener: SweepListener): Promise<ShrinkReport[]> {
  const chosen = failuresToShrink(reports);
  if (chosen.length > 0) listener.shrinkStarted?.(chosen.length);
  return Promise.all(
    chosen.map(async (sweepCase) => {
      const scenarioIndex = request.scenarios.findIndex((scenario) => scenario.file === sweepCase.file);
      const { result } = await pool.run({
        kind: 'shrink',
        scenarioIndex,
        seed: sweepCase.seed,
        failure: sweepCase.failures[0]!,
        budgetRuns: request.shrinkBudgetRuns,
        outputFile: caseFileName(request.traceDir, sweepCase.scenario, sweepCase.seed, '.min.yaml'),
      });
      if (result.kind !== 'shrink') throw new Error(`a shrink job answered with a ${result.kind} result`);
      if (result.minimal) {
        writeFileSync(result.minimal.outputFile, result.minimal.yaml);
        sweepCase.minimalScenarioFile = result.minimal.outputFile;
      }
      return shrinkReportOf(sweepCase, request.shrinkBudgetRuns, result.minimal, result.error);
    }),
  );
}

function saveFile(directory: string, sweepCase: SweepCase, suffix: string, text: string): string {
  mkdirSync(directory, { recursive: true });
  const file = caseFileName(directory, sweepCase.scenario, sweepCase.seed, suffix);
  writeFileSync(file, text);
  return file;
}
