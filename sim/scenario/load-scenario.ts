// Loads a scenario file into a pure, serialisable ScenarioPlan in three stages: YAML parse
// (positions kept), schema check (zod), normalisation (durations in ms, node groups expanded,
// referenced files read, defaults filled in, cross references checked). Every failure is a
// ScenarioError naming file:line:col, the field, what was expected and what was found; of
// several problems in one stage, the one written earliest is reported. Reads nothing but the
// scenario file and the files it names; never reads time.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ScenarioError } from '../errors.ts';
import { guardYamlStack, TOO_DEEP_REASON } from '../../nodes/config/yaml-stack-guard.ts';
import type { ExpectationPlan, FaultPlan, ScenarioPlan, StepPlan } from './plan.ts';
import type { FaultInput, ScenarioInput } from './scenario-schema.ts';
import { normaliseDeclaredFaults } from './load-faults.ts';
import { LoadContext, type ReadRelativeFile } from './load-context.ts';
import { normaliseCluster } from './load-cluster.ts';
import { normaliseSteps } from './load-steps.ts';
import { normaliseExpectations } from './load-expectations.ts';
import { formatDurationMs } from './load-duration.ts';
import { earliestProblemError } from './load-problems.ts';
import { checkScenarioShape } from './load-schema-check.ts';
import { parseScenarioYaml, valueAt } from './load-yaml-document.ts';
import { checkRecordingComplete } from './record-format.ts';

export const DEFAULT_SEED = '1';
/** Time a run goes on after its last step or expectation when the scenario gives no duration. */
export const DEFAULT_RUN_TAIL_MS = 60_000;
/**
 * Largest scenario text loaded: 100 times the largest bundled one (a recording keeps its configs in
 * files beside it). Past it the file is refused before parsing: YAML costs about 1 CPU µs a byte
 * here, so a 1.8 MB map held the event loop 1.6 s (fuzz case 2290) and a 32 MiB value 1.3 s.
 */
export const MAX_SCENARIO_BYTES = 512 * 1024;

/** How a scenario will run, where loading depends on it. */
export interface LoadOptions {
  /**
   * The seed the run will use when it is not the scenario's own (`--seed`): the generated
   * configs (their secrets) and so their sizes depend on it, and the loader checks that every
   * node's patched config can be served back with the configs the run will build.
   */
  seed?: string;
}

/** Loads the scenario at `path`; files it names are read relative to its directory. */
export function loadScenarioFile(path: string, options: LoadOptions = {}): ScenarioPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const found = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ScenarioError({ file: path, line: 1, column: 1 }, '', 'a readable scenario file', found);
  }
  const directory = dirname(path);
  return loadScenarioText(text, path, (relativePath) => readFileSync(resolve(directory, relativePath), 'utf8'), options);
}

/** Loads scenario text; `file` names it in errors and in the plan, `readFile` reads the files it names. */
export function loadScenarioText(text: string, file: string, readFile: ReadRelativeFile, options: LoadOptions = {}): ScenarioPlan {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_SCENARIO_BYTES) {
    throw new ScenarioError({ file, line: 1, column: 1 }, '', `a scenario file of at most ${MAX_SCENARIO_BYTES} bytes (512 KiB)`, `${bytes} bytes`);
  }
  return guardYamlStack(
    text,
    () => loadParsedScenario(text, file, readFile, options),
    ({ line, column, depth }) => new ScenarioError({ file, line, column }, '', 'valid YAML', `a YAML error: ${TOO_DEEP_REASON} (${depth} levels)`),
  );
}

function loadParsedScenario(text: string, file: string, readFile: ReadRelativeFile, options: LoadOptions): ScenarioPlan {
  checkRecordingComplete(text, file);
  const source = parseScenarioYaml(text, file);
  const shape = checkScenarioShape(source.data);
  if (!shape.ok) throw earliestProblemError(shape.problems, source);
  const context = new LoadContext(source, readFile);
  const plan = normaliseScenario(shape.scenario, file, context, options);
  if (context.problems.length > 0) throw earliestProblemError(context.problems, source);
  return plan;
}

function normaliseScenario(input: ScenarioInput, file: string, context: LoadContext, options: LoadOptions): ScenarioPlan {
  const seed = input.seed === undefined ? DEFAULT_SEED : String(input.seed);
  const cluster = normaliseCluster(input.cluster, context, options.seed ?? seed);
  context.nodeNames = cluster.nodes.map((node) => node.name);
  context.hasKms = cluster.kms !== undefined;
  normaliseDeclaredFaults((input.faults ?? []) as unknown as FaultInput[], context);
  const steps = normaliseSteps(input.steps ?? [], context);
  const expectations = normaliseExpectations(input.expect ?? [], context);
  const faults = context.faults;
  const durationMs = runDurationMs(input, steps, expectations, faults, context);
  for (const expectation of expectations) {
    if (expectation.when === 'throughout') expectation.untilMs ??= durationMs;
  }
  return {
    file,
    name: input.name,
    description: input.description ?? '',
    seed,
    durationMs,
    cluster,
    steps,
    expectations,
    ...(faults.length > 0 ? { faults } : {}),
    ...(input.expectFailure ? { expectFailure: true } : {}),
  };
}

/**
 * The run's length: as written (every step and expectation must fall within it), else the
 * latest moment anything is planned for (a wait-until step counts with its timeout) plus a tail.
 */
function runDurationMs(input: ScenarioInput, steps: StepPlan[], expectations: ExpectationPlan[], faults: FaultPlan[], context: LoadContext): number {
  if (input.duration === undefined) {
    const stepEndsMs = steps.map((step) => step.atMs + (step.act.action === 'wait-until' ? step.act.timeoutMs : 0));
    const expectationEndsMs = expectations.map((expectation) => expectation.untilMs ?? expectation.atMs);
    return Math.max(0, ...stepEndsMs, ...expectationEndsMs, ...faultEndsMs(faults, expectations)) + DEFAULT_RUN_TAIL_MS;
  }
  const durationMs = context.durationMs(input.duration, ['duration']);
  const expected = `a time within the run's duration (${formatDurationMs(durationMs)})`;
  const written = (path: (string | number)[]) => JSON.stringify(valueAt(input, path));
  steps.forEach((step, index) => {
    if (step.atMs > durationMs) context.report(['steps', index, 'at'], expected, written(['steps', index, 'at']));
  });
  expectations.forEach((expectation, index) => {
    const fromPath = ['expect', index, ...(expectation.when === 'throughout' ? ['throughout', 'from'] : [expectation.when])];
    if (expectation.atMs > durationMs) context.report(fromPath, expected, written(fromPath));
    const untilPath = ['expect', index, 'throughout', 'until'];
    if ((expectation.untilMs ?? 0) > durationMs) context.report(untilPath, expected, written(untilPath));
  });
  faults.forEach((fault) => {
    const index = (input.faults ?? []).findIndex((written) => written.name === fault.name);
    if (index >= 0 && (fault.atMs ?? 0) > durationMs) context.report(['faults', index, 'at'], expected, written(['faults', index, 'at']));
  });
  return durationMs;
}

/** When timed faults heal, and when `within` windows after those heals close. */
function faultEndsMs(faults: FaultPlan[], expectations: ExpectationPlan[]): number[] {
  const healMs = (name: string) => {
    const fault = faults.find((f) => f.name === name);
    return fault?.atMs !== undefined && fault.durationMs !== undefined ? fault.atMs + fault.durationMs : undefined;
  };
  const faultEnds = faults.map((fault) => (fault.atMs ?? 0) + (fault.durationMs ?? 0));
  const windowEnds = expectations.flatMap((expectation) => {
    if (expectation.when !== 'within' || !expectation.after) return [];
    const fault = faults.find((f) => f.name === expectation.after!.fault);
    const opensMs = expectation.after.event === 'healed' ? healMs(expectation.after.fault) : fault?.atMs;
    return opensMs === undefined ? [] : [opensMs + (expectation.withinMs ?? 0)];
  });
  return [...faultEnds, ...windowEnds];
}
