// Shrinks one failing (scenario, seed) into a minimal scenario file: the plan must survive being
// written as YAML and loaded back unchanged, and every candidate is written and loaded back before
// it runs, so the file handed to the user is exactly what was shown to fail. The file opens with a comment saying where it came from, which failure it keeps
// and what was taken out; it is checked by loading it once more.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ScenarioPlan } from '../scenario/plan.ts';
import { loadScenarioText } from '../scenario/load-scenario.ts';
import { runScenario, stepName } from '../scenario/run-scenario.ts';
import { formatDurationMs } from '../scenario/load-duration.ts';
import { replayCommand } from '../report/replay-command.ts';
import type { PlanSize } from '../report/sweep-report.ts';
import { PlanNotSerialisable, planDifference, planToYaml } from './plan-to-yaml.ts';
import { shrinkPlan } from './shrink-plan.ts';
import type { FailureTarget } from './plan-reductions.ts';

export interface ShrinkRequest {
  plan: ScenarioPlan;
  seed: string;
  /** The failure the minimal scenario must keep (same class and name). */
  failure: FailureTarget;
  budgetRuns: number;
  /** Where the minimal scenario will be written, as the user names it (relative to the working directory). */
  outputFile: string;
}

export interface MinimalScenario {
  outputFile: string;
  yaml: string;
  failure: FailureTarget;
  removed: string[];
  runsUsed: number;
  before: PlanSize;
  after: PlanSize;
}

export function shrinkFailure(request: ShrinkRequest): MinimalScenario {
  const outputDir = resolve(dirname(request.outputFile));
  const readRelative = (path: string) => readFileSync(resolve(outputDir, path), 'utf8');
  const toPlan = (yaml: string) => loadScenarioText(yaml, request.outputFile, readRelative);
  const difference = planDifference(request.plan, toPlan(planToYaml(request.plan, { outputDir })));
  if (difference) throw new PlanNotSerialisable(`${difference} does not survive being written as YAML and loaded again`);
  const { kind, failureClass, name, atMs } = request.failure;
  const outcome = shrinkPlan(request.plan, { kind, failureClass, name, atMs }, {
    budgetRuns: request.budgetRuns,
    runCandidate: (candidate) => runScenario(toPlan(planToYaml(candidate, { outputDir, seed: request.seed })), { seed: request.seed }),
  });
  const removed = describeRemoved(request.plan, outcome.plan);
  const headerLines = [
    `Minimal scenario shrunk by talsim from ${request.plan.file}, seed ${request.seed}.`,
    `It still fails with [${outcome.failure.failureClass}] ${outcome.failure.name}.`,
    ...(removed.length > 0 ? ['Removed or reduced:', ...removed.map((line) => `  - ${line}`)] : ['Nothing smaller fails the same way.']),
    `Shrinking ran ${outcome.runsUsed} of at most ${request.budgetRuns} runs${outcome.budgetExhausted ? ' (budget spent: it may shrink further)' : ''}.`,
    `Replay: ${replayCommand(request.outputFile, request.seed)}`,
  ];
  const yaml = planToYaml(outcome.plan, { outputDir, seed: request.seed, headerLines });
  toPlan(yaml);
  return {
    outputFile: request.outputFile,
    yaml,
    failure: outcome.failure,
    removed,
    runsUsed: outcome.runsUsed,
    before: planSize(request.plan),
    after: planSize(outcome.plan),
  };
}

export function planSize(plan: ScenarioPlan): PlanSize {
  return {
    nodes: plan.cluster.nodes.length,
    steps: plan.steps.length,
    expectations: plan.expectations.length,
    faults: (plan.faults ?? []).length,
    durationMs: plan.durationMs,
  };
}

/** What the minimal plan lacks, item by item, in words a scenario author recognises. */
export function describeRemoved(original: ScenarioPlan, minimal: ScenarioPlan): string[] {
  const at = (item: { source: { line: number; column: number } }) => `${item.source.line}:${item.source.column}`;
  const keptSteps = new Set(minimal.steps.map(at));
  const keptExpectations = new Set(minimal.expectations.map(at));
  const keptNodes = new Set(minimal.cluster.nodes.map((node) => node.name));
  const minimalFaults = new Map((minimal.faults ?? []).map((fault) => [fault.name, fault]));
  const movedSteps = new Map(minimal.steps.map((step) => [at(step), step.atMs]));
  const lines = [
    ...original.expectations.filter((item) => !keptExpectations.has(at(item))).map((item) => `expectation "${item.name}"`),
    ...original.steps.filter((item) => !keptSteps.has(at(item))).map((item) => `step "${stepName(item)}"`),
    ...original.steps
      .filter((item) => keptSteps.has(at(item)) && movedSteps.get(at(item)) !== item.atMs)
      .map((item) => `step "${stepName(item)}" moved to ${duration(movedSteps.get(at(item)))}`),
    ...original.cluster.nodes.filter((node) => !keptNodes.has(node.name)).map((node) => `node ${node.name} (${node.role})`),
  ];
  for (const fault of original.faults ?? []) {
    const kept = minimalFaults.get(fault.name);
    if (!kept) lines.push(`fault ${fault.name} (${fault.kind})`);
    else {
      if (kept.durationMs !== fault.durationMs) lines.push(`fault ${fault.name} lasts ${duration(kept.durationMs)} instead of ${duration(fault.durationMs)}`);
      if (kept.atMs !== fault.atMs) lines.push(`fault ${fault.name} injected at ${duration(kept.atMs)} instead of ${duration(fault.atMs)}`);
    }
  }
  if (minimal.durationMs !== original.durationMs) lines.push(`run length ${duration(original.durationMs)} -> ${duration(minimal.durationMs)}`);
  return lines;
}

function duration(durationMs: number | undefined): string {
  return durationMs === undefined ? 'unset' : formatDurationMs(durationMs);
}
