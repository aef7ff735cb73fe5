// Crash trials (issue 11): `node --import tsx bench/crash-trials.ts [trials] [seed]` SIGKILLs
// `talsim up` at seeded random moments, over and over on one state directory: during the boot,
// right after an apply was sent (acknowledged or not), during a reboot. After each kill no file in
// the state directory is partial (every JSON and YAML file parses; a temporary file a kill left
// between create and rename is gone once the next `talsim up` holds the directory), and the next
// `talsim up` there must resume: the talosconfig from the very first start still valid (Version
// over mTLS), every apply acknowledged before any kill present in the node's config, etcd not
// bootstrapped again (its member kept) and virtual time never going back. Prints one line per
// trial and a summary; exit 1 on any failure. Runs the build in dist/ when it is up to date.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { BANNER_END, startTalsimUp, type TalsimProcess } from '../test/live/talsim-process.ts';
import { liveClient, readNodesJson, withNodeLabels } from '../test/live/live-client.ts';

process.env.TALSIM_FROM_SOURCE ??= '0';
const trials = Number(process.argv[2] ?? 20);
const random = seedrandom(process.argv[3] ?? 'crash');
const ARGS = ['--seed', 'crash-trials', '--base-address', '127.0.51.2', '--workers', '1'];

async function workerConfig(stateDir: string): Promise<string> {
  const node = readNodesJson(stateDir).nodes.find((entry) => entry.name === 'worker-1')!;
  const client = liveClient(stateDir, node, 'cosi.resource.State');
  try {
    const reply = await client.unary<{ resource: { spec: { yaml_spec: string } } }>('Get', { namespace: 'config', type: 'MachineConfigs.config.talos.dev', id: 'v1alpha1' });
    return reply.resource.spec.yaml_spec;
  } finally {
    client.close();
  }
}

const TEMPORARY = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Every file under `directory`, as paths relative to it. */
function filesUnder(directory: string, prefix = ''): string[] {
  return readdirSync(join(directory, prefix)).flatMap((name) => {
    const relative = prefix ? `${prefix}/${name}` : name;
    const stats = statSync(join(directory, relative), { throwIfNoEntry: false });
    return stats?.isDirectory() ? filesUnder(directory, relative) : stats ? [relative] : [];
  });
}

/** Files that are not whole: a JSON or YAML file that does not parse. */
function partialFiles(directory: string): string[] {
  return filesUnder(directory).filter((file) => {
    if (TEMPORARY.test(file.split('/').pop()!)) return false;
    let text: string;
    try {
      text = readFileSync(join(directory, file), 'utf8');
    } catch {
      return false; // renamed away meanwhile
    }
    if (file.endsWith('.json')) {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    }
    if (file.endsWith('.yaml') || file === 'talosconfig') return parseAllDocuments(text).some((document) => document.errors.length > 0);
    return false;
  });
}

/** Temporary files left by processes other than `pid`. */
function leftoverTemporaries(directory: string, pid: number | undefined): string[] {
  return filesUnder(directory).filter((file) => TEMPORARY.exec(file.split('/').pop()!)?.[1] !== undefined && Number(TEMPORARY.exec(file.split('/').pop()!)![1]) !== pid);
}

/** Virtual ms of the resume line (`virtual time 1h02m03.456s`), if printed. */
function resumedAtMs(stdout: string): number | undefined {
  const match = /virtual time (?:(\d+)h)?(?:(\d+)m)?(?:([\d.]+)s)?[;)]/.exec(stdout);
  if (!match) return undefined;
  return ((Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60 + Number(match[3] ?? 0)) * 1000;
}

const startedWallMs = performance.now();
const first = startTalsimUp(ARGS);
const stateDir = first.stateDir;
await first.waitForLine(BANNER_END, 120_000);
const talosconfig = readFileSync(join(stateDir, 'talosconfig'), 'utf8');
const baseWorkerConfig = readFileSync(join(stateDir, 'worker.yaml'), 'utf8');
await first.stop('SIGKILL');

const acknowledged: Record<string, string> = {};
let failures = 0;
let lastResumedAtMs = 0;
let leftBehind: string[] = [];
/** What every resumed start must show: etcd kept, time not going back, the last kill's temporaries gone. */
function checkResumed(process: TalsimProcess, problems: string[]): void {
  if (/etcd\.bootstrap/.test(process.stdout())) problems.push('etcd was bootstrapped again');
  const atMs = resumedAtMs(process.stdout());
  if (atMs !== undefined && atMs < lastResumedAtMs) problems.push(`virtual time went back: ${atMs} ms < ${lastResumedAtMs} ms`);
  if (atMs !== undefined) lastResumedAtMs = atMs;
  const still = leftoverTemporaries(stateDir, process.child.pid).filter((file) => leftBehind.includes(file));
  if (still.length > 0) problems.push(`temporary files not cleared: ${still.join(', ')}`);
}
let running: TalsimProcess | undefined;
for (let trial = 1; trial <= trials; trial++) {
  const moment = (['boot', 'apply', 'reboot'] as const)[Math.floor(random() * 3)]!;
  const delayMs = Math.floor(random() * 1_500);
  const problems: string[] = [];
  running = startTalsimUp(ARGS.slice(2), stateDir);
  try {
    if (moment === 'boot') {
      await running.waitForFile('control.json', 60_000).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    } else {
      await running.waitForLine(BANNER_END, 120_000);
      checkResumed(running, problems);
      writeFileSync(join(stateDir, 'talosconfig'), talosconfig, { mode: 0o600 });
      const node = readNodesJson(stateDir).nodes.find((entry) => entry.name === 'worker-1')!;
      const machine = liveClient(stateDir, node, 'machine.MachineService');
      const version = await machine.unary('Version', {}).then(() => true, () => false);
      if (!version) problems.push('the first talosconfig was refused');
      const config = await workerConfig(stateDir).catch(() => '');
      for (const key of Object.keys(acknowledged)) if (!config.includes(key)) problems.push(`acknowledged label ${key} missing`);
      if (moment === 'apply') {
        const key = `crash.example/trial-${trial}`;
        const labels = { ...acknowledged, [key]: 'yes' };
        void machine.unary('ApplyConfiguration', { data: Buffer.from(withNodeLabels(baseWorkerConfig, labels)), mode: 'NO_REBOOT' }).then(() => (acknowledged[key] = 'yes'), () => undefined);
      } else {
        void machine.unary('Reboot', { mode: 'DEFAULT' }).catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      machine.close();
    }
  } catch (error) {
    problems.push((error as Error).message.split('\n')[0]!);
  }
  await running.stop('SIGKILL');
  const partial = partialFiles(stateDir);
  if (partial.length > 0) problems.push(`partial files: ${partial.join(', ')}`);
  leftBehind = leftoverTemporaries(stateDir, undefined);
  failures += problems.length > 0 ? 1 : 0;
  const left = leftBehind.length > 0 ? ` (${leftBehind.length} temporary file(s) left by the kill)` : '';
  process.stdout.write(`trial ${trial}: SIGKILL ${delayMs} ms into ${moment}: ${problems.length === 0 ? 'ok' : problems.join('; ')}${left}\n`);
}

// The last check: resume once more and look at everything acknowledged.
const last = startTalsimUp(ARGS.slice(2), stateDir);
try {
  await last.waitForLine(BANNER_END, 120_000);
  const problems: string[] = [];
  checkResumed(last, problems);
  if (problems.length > 0) failures++;
  writeFileSync(join(stateDir, 'talosconfig'), talosconfig, { mode: 0o600 });
  const config = await workerConfig(stateDir);
  const missing = Object.keys(acknowledged).filter((key) => !config.includes(key));
  if (missing.length > 0) failures++;
  process.stdout.write(`final resume: ${Object.keys(acknowledged).length} acknowledged applies, ${missing.length} missing${missing.length ? `: ${missing.join(', ')}` : ''}${problems.length ? `; ${problems.join('; ')}` : ''}\n`);
} finally {
  await last.stop('SIGTERM');
}
process.stdout.write(`${trials} SIGKILL trials, ${trials - failures} survived (${((performance.now() - startedWallMs) / 60_000).toFixed(1)} wall minutes)\n`);
process.exitCode = failures > 0 ? 1 : 0;
