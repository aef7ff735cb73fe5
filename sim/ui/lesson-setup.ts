// Builds a lesson's cluster and plays its setup steps in virtual time, as fast as the kernel runs:
// the same steps `talsim run` performs (through the node commands), without the scenario's
// expectations. The lesson starts when the last setup step is done. Used by `talsim learn` when
// it runs the cluster in-process, and by the lesson tests.
import { SimCluster } from '../cluster/cluster.ts';
import type { LessonFile } from '../scenario/load-lesson.ts';
import { performStep } from '../scenario/perform-step.ts';
import { checkStepExpectation, recordStep, stepName } from '../scenario/run-scenario.ts';

export interface LessonWorld {
  cluster: SimCluster;
  /** Virtual ms the trainee takes over at. */
  startedAtMs: number;
  /** Setup steps whose own expectation failed (a lesson file that no longer sets its scene). */
  setupProblems: string[];
}

export function setUpLesson(file: LessonFile, options: { seed?: string; epochWallMs?: number } = {}): LessonWorld {
  const scenario = file.scenario;
  const cluster = new SimCluster(scenario.cluster, { seed: options.seed ?? scenario.seed, epochWallMs: options.epochWallMs, baseDir: directoryOf(scenario.file) });
  const kernel = cluster.world.kernel;
  const setupProblems: string[] = [];
  cluster.world.trace.record('-', 'lesson.setup', { name: scenario.name });
  cluster.powerOnAll();
  for (const step of [...scenario.steps].sort((a, b) => a.atMs - b.atMs)) {
    if (step.atMs > kernel.now) kernel.runUntil(step.atMs);
    const outcome = performStep(cluster, step);
    recordStep(cluster, step, outcome);
    const problem = checkStepExpectation(step.expect, outcome);
    if (problem) setupProblems.push(`${stepName(step)}: ${problem}`);
  }
  cluster.world.trace.record('-', 'lesson.start', { title: file.lesson.title });
  return { cluster, startedAtMs: kernel.now, setupProblems };
}

function directoryOf(path: string): string {
  const index = path.lastIndexOf('/');
  return index >= 0 ? path.slice(0, index) : '.';
}
