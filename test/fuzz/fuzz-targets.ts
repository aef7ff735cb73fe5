// Fuzz targets (issue 11): config decoding and validation through the node's apply command as
// every gRPC ApplyConfiguration reaches it (a config of 128 KiB or more decoded first by the API
// edge's decode worker thread, config-decode-pool.ts, so only the rest holds the event loop), and
// scenario loading. Properties per case: the only
// failures are the typed ones (TalosApiError with a gRPC code; ScenarioError with file:line:col),
// no case holds the event loop over STALL_LIMIT_MS, and a refused apply leaves the node as it was.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { applyConfiguration } from '../../nodes/node-commands.ts';
import { TalosApiError, GO_CODE_NAMES } from '../../nodes/api-error.ts';
import { ScenarioError } from '../../sim/errors.ts';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { bootCluster, testClusterPlan } from '../api/harness.ts';
import { decodeOffThread } from '../../nodes/api/config-decode-pool.ts';
import { fuzzCase } from './mutator.ts';

export const STALL_LIMIT_MS = 1_000;

export interface FuzzReport {
  target: string;
  cases: number;
  accepted: number;
  refused: number;
  longestMs: number;
  longestKind: string;
  failures: string[];
}

function report(target: string): FuzzReport {
  return { target, cases: 0, accepted: 0, refused: 0, longestMs: 0, longestKind: '', failures: [] };
}

/**
 * How long a case held the event loop, as CPU time of the process (wall time on a shared, loaded
 * machine counts other programs' time too); every case is synchronous, so its CPU time is its hold.
 */
function timed<T>(run: () => T): { value?: T; error?: unknown; ms: number } {
  const started = process.cpuUsage();
  const held = () => {
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000;
  };
  try {
    const value = run();
    return { value, ms: held() };
  } catch (error) {
    return { error, ms: held() };
  }
}

/** Every this many cases a progress line goes to `progress` (long runs on a loaded machine). */
const PROGRESS_EVERY = 1_000;

/** Config decoding/validation: dry-run applies of mutated configs on a running worker. */
export async function fuzzConfigs(cases: number, seed = 'fuzz', allowLarge = true, progress?: (line: string) => void): Promise<FuzzReport> {
  const out = report('config apply');
  const cluster = new SimCluster(testClusterPlan({ controlPlanes: 1, workers: 1 }), { seed: 'fuzz-config' });
  bootCluster(cluster);
  const worker = cluster.node('worker-1');
  const seedText = worker.config!.text;
  const snapshot = () => JSON.stringify([worker.config?.text, worker.status.stagedConfig?.text, worker.apply.state(), worker.resources.get('config', 'MachineConfigs.config.talos.dev', 'v1alpha1')?.metadata.version]);
  for (let number = 0; number < cases; number++) {
    const input = fuzzCase(seed, number, seedText, allowLarge);
    const before = snapshot();
    const decoded = await decodeOffThread(worker, input.data);
    const { value: operation, error: thrown, ms } = timed(() => applyConfiguration(worker, { data: input.data, decoded, mode: 'auto', dryRun: true }));
    if (progress && (number + 1) % PROGRESS_EVERY === 0) progress(`${out.target}: ${number + 1} cases, longest hold so far ${out.longestMs.toFixed(0)} ms`);
    out.cases++;
    if (ms > out.longestMs) [out.longestMs, out.longestKind] = [ms, `${input.kind} (${input.data.length} bytes, case ${number})`];
    const error = thrown ?? (operation?.done ? operation.error : new Error('dry run did not answer at once'));
    if (ms > STALL_LIMIT_MS) out.failures.push(`case ${number} (${input.kind}, ${input.data.length} bytes): held the event loop ${ms.toFixed(0)} ms`);
    if (error === undefined) out.accepted++;
    else if (error instanceof TalosApiError && GO_CODE_NAMES.includes(error.code)) out.refused++;
    else out.failures.push(`case ${number} (${input.kind}): ${(error as Error).name}: ${String((error as Error).message).slice(0, 200)}`);
    if (snapshot() !== before) out.failures.push(`case ${number} (${input.kind}): the dry run changed the node`);
  }
  return out;
}

/** Scenario loading: mutated bundled scenarios; files they name do not exist. */
export function fuzzScenarios(cases: number, seed = 'fuzz', allowLarge = true): FuzzReport {
  const out = report('scenario load');
  const directory = join(import.meta.dirname, '../../scenarios');
  const seeds = readdirSync(directory).filter((name) => name.endsWith('.yaml')).sort().map((name) => readFileSync(join(directory, name), 'utf8'));
  const noFiles = (path: string): string => {
    throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  };
  for (let number = 0; number < cases; number++) {
    const input = fuzzCase(seed, number, seeds[number % seeds.length]!, allowLarge);
    const { error, ms } = timed(() => loadScenarioText(input.data.toString('utf8'), 'fuzz.yaml', noFiles));
    out.cases++;
    if (ms > out.longestMs) [out.longestMs, out.longestKind] = [ms, `${input.kind} (${input.data.length} bytes, case ${number})`];
    if (ms > STALL_LIMIT_MS) out.failures.push(`case ${number} (${input.kind}, ${input.data.length} bytes): held the event loop ${ms.toFixed(0)} ms`);
    if (error === undefined) out.accepted++;
    else if (error instanceof ScenarioError && /^fuzz\.yaml:\d+:\d+: /.test(error.message)) out.refused++;
    else out.failures.push(`case ${number} (${input.kind}): ${(error as Error).name}: ${String((error as Error).message).slice(0, 200)}`);
  }
  return out;
}

export function describeReport(result: FuzzReport): string {
  return `${result.target}: ${result.cases} cases (${result.accepted} accepted, ${result.refused} refused with a typed error), longest ${result.longestMs.toFixed(0)} ms [${result.longestKind}], ${result.failures.length} failures`;
}
