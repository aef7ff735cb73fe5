// Which failures of a sweep get shrunk, and how a shrink is reported. One shrink per distinct
// failure (scenario file, failure class, failure name), taken at its lowest (scenario, seed):
// a canary failing for 1,000 seeds is one minimal scenario, not 1,000.
import { shrinkKey, type CaseReport, type ShrinkReport } from '../report/sweep-report.ts';
import { replayCommand } from '../report/replay-command.ts';
import type { MinimalScenario } from './shrink-failure.ts';

/** Most distinct failures one sweep (or shard) shrinks; the rest are listed unshrunk. */
export const MAX_SHRINKS_PER_SWEEP = 16;

export function failuresToShrink(cases: readonly CaseReport[]): CaseReport[] {
  const seen = new Set<string>();
  const chosen: CaseReport[] = [];
  for (const sweepCase of cases) {
    const failure = sweepCase.failures[0];
    if (!failure || chosen.length >= MAX_SHRINKS_PER_SWEEP) continue;
    const key = shrinkKey(sweepCase.file, failure.failureClass, failure.name);
    if (seen.has(key)) continue;
    seen.add(key);
    chosen.push(sweepCase);
  }
  return chosen;
}

export { shrinkKey };

export function shrinkReportOf(sweepCase: CaseReport, budgetRuns: number, minimal: MinimalScenario | undefined, error: string | undefined): ShrinkReport {
  const failure = sweepCase.failures[0]!;
  const common = {
    caseIndex: sweepCase.index,
    file: sweepCase.file,
    scenario: sweepCase.scenario,
    seed: sweepCase.seed,
    failureClass: failure.failureClass,
    failureName: failure.name,
    budgetRuns,
  };
  if (!minimal) {
    const size = { nodes: 0, steps: 0, expectations: 0, faults: 0, durationMs: 0 };
    return { ...common, removed: [], runsUsed: 0, before: size, after: size, error: error ?? 'unknown error' };
  }
  return {
    ...common,
    minimalScenarioFile: minimal.outputFile,
    replay: replayCommand(minimal.outputFile, sweepCase.seed),
    removed: minimal.removed,
    runsUsed: minimal.runsUsed,
    before: minimal.before,
    after: minimal.after,
  };
}
