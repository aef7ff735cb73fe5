// Crash trials (issue 11): `node --import tsx bench/crash-trials.ts [trials] [seed]` SIGKILLs
// `talsim up` at seeded random moments, over and over on one state directory: during the boot,
// right after an apply was sent (acknowledged or not), during a reboot. After each kill the next
// `talsim up` there must resume: no temporary file left, the talosconfig from the very first
// start still valid (Version over mTLS), and every apply acknowledged before any kill present in
// the node's config. Prints one line per trial and a summary; exit 1 on any failure.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { BANNER_END, startTalsimUp, type TalsimProcess } from '../test/live/talsim-process.ts';
import { liveClient, readNodesJson, withNodeLabels } from '../test/live/live-client.ts';

process.env.TALSIM_FROM_SOURCE ??= '1';
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

const first = startTalsimUp(ARGS);
const stateDir = first.stateDir;
await first.waitForLine(BANNER_END, 120_000);
const talosconfig = readFileSync(join(stateDir, 'talosconfig'), 'utf8');
const baseWorkerConfig = readFileSync(join(stateDir, 'worker.yaml'), 'utf8');
await first.stop('SIGKILL');

const acknowledged: Record<string, string> = {};
let failures = 0;
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
  const leftovers = readdirSync(stateDir).filter((name) => name.endsWith('.tmp'));
  if (leftovers.length > 0) problems.push(`temporary files left: ${leftovers.join(', ')}`);
  failures += problems.length > 0 ? 1 : 0;
  process.stdout.write(`trial ${trial}: SIGKILL ${delayMs} ms into ${moment}: ${problems.length === 0 ? 'ok' : problems.join('; ')}\n`);
}

// The last check: resume once more and look at everything acknowledged.
const last = startTalsimUp(ARGS.slice(2), stateDir);
try {
  await last.waitForLine(BANNER_END, 120_000);
  writeFileSync(join(stateDir, 'talosconfig'), talosconfig, { mode: 0o600 });
  const config = await workerConfig(stateDir);
  const missing = Object.keys(acknowledged).filter((key) => !config.includes(key));
  if (missing.length > 0) failures++;
  process.stdout.write(`final resume: ${Object.keys(acknowledged).length} acknowledged applies, ${missing.length} missing${missing.length ? `: ${missing.join(', ')}` : ''}\n`);
} finally {
  await last.stop('SIGTERM');
}
process.stdout.write(`${trials} SIGKILL trials, ${trials - failures} survived\n`);
process.exitCode = failures > 0 ? 1 : 0;
