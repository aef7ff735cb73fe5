// What one (scenario, seed) run hands back to the sweep: the verdict, the failures, the trace's
// digest and, for a failure only, the trace itself (passing traces stay in the worker). Also how
// that becomes a case of the report.
import type { ScenarioFailure, ScenarioResult } from '../scenario/run-scenario.ts';
import type { CaseReport } from '../report/sweep-report.ts';
import { replayCommand } from '../report/replay-command.ts';
import type { SweepCase } from './sweep-cases.ts';

export interface RunOutcome {
  passed: boolean;
  failures: ScenarioFailure[];
  traceDigest: string;
  virtualMs: number;
  eventsFired: number;
  /** The JSONL trace, for a failed run only. */
  traceJsonl?: string;
}

export function runOutcomeOf(result: ScenarioResult): RunOutcome {
  return {
    passed: result.passed,
    failures: result.failures.map((failure) => ({ ...failure })),
    traceDigest: result.traceDigest,
    virtualMs: result.virtualMs,
    eventsFired: result.eventsFired,
    traceJsonl: result.passed ? undefined : result.traceJsonl,
  };
}

export function caseReportOf(sweepCase: SweepCase, outcome: RunOutcome, wallMs: number): CaseReport {
  return {
    index: sweepCase.index,
    file: sweepCase.file,
    scenario: sweepCase.scenario,
    seed: sweepCase.seed,
    passed: outcome.passed,
    wallSeconds: Math.round(wallMs) / 1000,
    virtualMs: outcome.virtualMs,
    eventsFired: outcome.eventsFired,
    traceDigest: outcome.traceDigest,
    replay: replayCommand(sweepCase.file, sweepCase.seed),
    failures: outcome.failures.map(({ kind, failureClass, name, detail, atMs, source }) => withoutUndefinedSource({ kind, failureClass, name, detail, atMs, source })),
  };
}

function withoutUndefinedSource<T extends { source?: unknown }>(failure: T): T {
  if (failure.source === undefined) delete failure.source;
  return failure;
}

/** A file name part from a seed: seeds may hold characters a file name should not. */
export function seedForFileName(seed: string): string {
  return seed.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** `<scenario>-seed<n>` + suffix, under `directory`. */
export function caseFileName(directory: string, scenario: string, seed: string, suffix: string): string {
  return `${directory.replace(/\/+$/, '')}/${scenario}-seed${seedForFileName(seed)}${suffix}`;
}
