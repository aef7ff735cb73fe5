// The messages between a sweep and its worker threads: the plans once at start (workerData),
// then one job at a time (run a case, or shrink a failure) and its result.
import type { ScenarioPlan } from '../scenario/plan.ts';
import type { FailureTarget } from './plan-reductions.ts';
import type { RunOutcome } from './case-outcome.ts';
import type { MinimalScenario } from './shrink-failure.ts';

export interface WorkerSetup {
  plans: ScenarioPlan[];
}

export interface RunJob {
  kind: 'run';
  scenarioIndex: number;
  seed: string;
}

export interface ShrinkJob {
  kind: 'shrink';
  scenarioIndex: number;
  seed: string;
  failure: FailureTarget;
  budgetRuns: number;
  outputFile: string;
}

export type SweepJob = RunJob | ShrinkJob;

export type SweepJobResult =
  | { kind: 'run'; outcome: RunOutcome }
  | { kind: 'shrink'; minimal?: MinimalScenario; error?: string };

/** A job as it travels to a worker: numbered so the answer finds its job. */
export type NumberedJob = SweepJob & { jobId: number };
export type NumberedJobResult = SweepJobResult & { jobId: number };
