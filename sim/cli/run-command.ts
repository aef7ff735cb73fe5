// `talsim run`: load every scenario first (invalid input exits 2 before anything runs), run each,
// print `seed=...`, the timeline, the verdict and, for each failure, the command that replays it.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadScenarioFile } from '../scenario/load-scenario.ts';
import { runScenario, formatTime, type ScenarioResult } from '../scenario/run-scenario.ts';
import { ScenarioError } from '../errors.ts';
import type { ScenarioPlan } from '../scenario/plan.ts';

export interface RunCommandOptions {
  seed?: string;
  trace?: string;
  quiet?: boolean;
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

export async function runCommand(paths: string[], options: RunCommandOptions): Promise<number> {
  const files = expandScenarioPaths(paths);
  const plans: ScenarioPlan[] = [];
  for (const file of files) {
    try {
      plans.push(loadScenarioFile(file));
    } catch (error) {
      if (error instanceof ScenarioError) {
        process.stderr.write(`talsim: invalid scenario: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
  }
  let failed = 0;
  for (const plan of plans) {
    const seed = options.seed ?? plan.seed;
    process.stdout.write(`seed=${seed} scenario=${plan.name} file=${relative(process.cwd(), plan.file) || plan.file}\n`);
    const started = performance.now();
    const result = runScenario(plan, { seed });
    const wallMs = performance.now() - started;
    if (options.trace) writeFileSync(traceFile(options.trace, plan.name, plans.length), result.traceJsonl);
    if (!options.quiet) for (const line of result.timeline) process.stdout.write(`  ${line}\n`);
    printVerdict(result, wallMs);
    if (!result.passed) failed++;
  }
  if (plans.length > 1) process.stdout.write(`\n${plans.length - failed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

function traceFile(base: string, name: string, count: number): string {
  if (count === 1) return base;
  return base.replace(/(\.jsonl)?$/, `-${name}$1`);
}

function printVerdict(result: ScenarioResult, wallMs: number): void {
  const verdict = result.passed ? 'PASS' : 'FAIL';
  process.stdout.write(
    `${verdict} ${result.name} (seed=${result.seed}, ${formatTime(result.virtualMs)} virtual in ${wallMs.toFixed(0)} ms wall, ${result.eventsFired} events, trace ${result.traceDigest.slice(0, 12)})\n`,
  );
  for (const failure of result.failures) {
    const where = failure.source ? `${relative(process.cwd(), failure.source.file)}:${failure.source.line}:${failure.source.column}: ` : '';
    process.stdout.write(`  ✗ [${failure.failureClass}] ${where}${failure.name} at ${formatTime(failure.atMs)}: ${failure.detail}\n`);
  }
  if (!result.passed) {
    process.stdout.write(`  replay: npx talsim run ${relative(process.cwd(), result.file) || result.file} --seed ${result.seed} --trace ${result.name}.jsonl\n`);
  }
}
