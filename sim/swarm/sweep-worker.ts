// A sweep's worker thread: holds the sweep's plans and does one job at a time (run a case,
// shrink a failure), answering each with its result. Started by sweep-pool.ts, which registers
// the TypeScript loader in the thread first.
import { parentPort, workerData } from 'node:worker_threads';
import { runScenario } from '../scenario/run-scenario.ts';
import { runOutcomeOf } from './case-outcome.ts';
import { shrinkFailure } from './shrink-failure.ts';
import type { NumberedJob, NumberedJobResult, SweepJobResult, WorkerSetup } from './sweep-messages.ts';

const setup = workerData as WorkerSetup;

function perform(job: NumberedJob): SweepJobResult {
  const plan = setup.plans[job.scenarioIndex]!;
  if (job.kind === 'run') return { kind: 'run', outcome: runOutcomeOf(runScenario(plan, { seed: job.seed })) };
  try {
    const { seed, failure, budgetRuns, outputFile } = job;
    return { kind: 'shrink', minimal: shrinkFailure({ plan, seed, failure, budgetRuns, outputFile }) };
  } catch (error) {
    return { kind: 'shrink', error: error instanceof Error ? error.message : String(error) };
  }
}

parentPort!.on('message', (job: NumberedJob) => {
  const answer: NumberedJobResult = { ...perform(job), jobId: job.jobId };
  parentPort!.postMessage(answer);
});
