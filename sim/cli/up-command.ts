// `talsim up`: a live cluster serving the Talos API on loopback, fast-forwarded to its warp point
// and then paced to the wall clock, until SIGINT/SIGTERM. Reads the options, prints `seed=...`
// first, hands the wall clock and stdout to the live session, and turns its typed errors into
// messages and exit codes.
import { preferInteractiveRendering } from './interactive-terminal.ts';
import type { Command } from 'commander';
import { systemWallClock } from '../kernel/pacer.ts';
import { startLiveSession, type LiveSession } from '../live/live-session.ts';
import { parseWarpPoint } from '../live/warp-point.ts';
import { LiveOptionError } from '../live/live-errors.ts';
import { collect } from './patch-flags.ts';
import { readSavedCluster } from '../live/resume.ts';

/** The seed of the cluster kept in `stateDir` (resumed unless --fresh), if any and readable. */
function keptSeed(stateDir: string): string | undefined {
  try {
    return readSavedCluster(stateDir)?.seed;
  } catch {
    return undefined; // the session reports the unreadable file
  }
}

export interface UpCommandOptions {
  controlPlanes: string;
  workers: string;
  scenario?: string;
  until?: string;
  speed: string;
  warp?: string;
  unconfigured?: boolean;
  stateDir: string;
  baseAddress: string;
  seed?: string;
  ui: boolean;
  serverKey?: 'ed25519' | 'ecdsa-p256';
  withSecrets?: string;
  configDir?: string;
  config?: string[];
  configPatch?: string[];
  configPatchControlPlane?: string[];
  configPatchWorker?: string[];
  talosconfigOut?: string;
  record?: string;
  fresh?: boolean;
}

export function registerUpCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('up')
    .description('boot a cluster whose nodes serve the real Talos API on loopback; fast-forward to ready, then keep time with the wall clock')
    .option('--control-planes <n>', 'control plane nodes (cp-1..)', '1')
    .option('--workers <n>', 'worker nodes (worker-1..)', '2')
    .option('--scenario <file>', 'take the cluster and timeline from a scenario file')
    .option('--until <step>', 'with --scenario: run the timeline up to this named step, then keep serving')
    .option('--speed <factor>', 'virtual seconds per wall-clock second after the warp', '1')
    .option('--warp <point>', 'fast-forward until: ready, none, or a virtual duration (10m, 1h30m) (default: ready)')
    .option('--unconfigured', 'boot every node from ISO into maintenance mode (walk the bring-up with talosctl)')
    .option('--state-dir <dir>', 'where secrets.yaml, controlplane.yaml, worker.yaml, talosconfig and nodes.json go', './.talsim')
    .option('--base-address <ip>', 'loopback address of the first node\'s Talos API (the next nodes take the following ones)', '127.0.0.2')
    .option('--server-key <algorithm>', 'apid server key: ed25519 (as Talos) or ecdsa-p256 (for BoringSSL clients)')
    .option('--seed <seed>', 'seed of the run (default: drawn from the clock, printed)')
    .option('--no-ui', 'plain log lines instead of the terminal UI')
    .option('--with-secrets <file>', "your cluster's secrets.yaml: its CAs and tokens, so your talosconfig works unchanged")
    .option('--config-dir <dir>', 'machine configs: <dir>/<node>.yaml, else <dir>/controlplane.yaml and <dir>/worker.yaml (and <dir>/secrets.yaml)')
    .option('--config <node=file>', 'the machine config of one node (repeatable)', collect)
    .option('--config-patch <patch>', "patch every node's config (@file, file or inline; repeatable)", collect)
    .option('--config-patch-control-plane <patch>', 'patch control plane configs (repeatable)', collect)
    .option('--config-patch-worker <patch>', 'patch worker configs (repeatable)', collect)
    .option('--talosconfig-out <file>', "merge the cluster's context into this talosconfig, as talosctl config merge does")
    .option('--fresh', 'start a new cluster even where a previous talsim up left one in --state-dir (default: resume it)')
    .option('--record <file>', 'write the session down as a scenario as it goes (talsim run <file> replays it)')
    .addHelpText(
      'after',
      [
        '',
        'Each node\'s Talos API listens on port 50000 of its own loopback address (127.0.0.2, 127.0.0.3, ...).',
        'Where that address cannot be bound (taken, or the platform has only 127.0.0.1), the node listens on',
        '127.0.0.1 with a port of its own (50000 + its index, else any free one); the banner, talosconfig and',
        'nodes.json carry the real listeners.',
        'A running cluster locks its --state-dir (talsim.pid): a second cluster there is refused.',
        'A stopped or killed cluster is resumed by the next talsim up in its --state-dir, as after a power cut (same',
        'secrets, so your talosconfig keeps working; each node\'s last acknowledged config; etcd\'s members and data;',
        'virtual time; the faults a power cut leaves in force); --fresh starts a new one.',
      ].join('\n'),
    )
    .action(async (options: UpCommandOptions) => {
      setExitCode(await upCommand(options));
    });
}

export async function upCommand(options: UpCommandOptions): Promise<number> {
  const stop = stopSignal();
  const useUi = options.ui && Boolean(process.stdout.isTTY);
  let uiOpen = false;
  let session: LiveSession;
  try {
    // The scenario loader (and the zod schemas it builds at import) only for --scenario.
    const scenario = options.scenario ? (await import('../scenario/load-scenario.ts')).loadScenarioFile(options.scenario, { seed: options.seed }) : undefined;
    const kept = options.fresh || options.seed !== undefined || scenario ? undefined : keptSeed(options.stateDir);
    const seed = options.seed ?? scenario?.seed ?? kept ?? Date.now().toString(36);
    process.stdout.write(`seed=${seed}\n`);
    session = await startLiveSession(
      {
        seed,
        controlPlanes: Number(options.controlPlanes),
        workers: Number(options.workers),
        unconfigured: Boolean(options.unconfigured),
        scenario,
        untilStep: options.until,
        warp: options.warp === undefined ? undefined : parseWarpPoint(options.warp),
        speed: Number(options.speed),
        stateDir: options.stateDir,
        baseAddress: options.baseAddress,
        serverKeyAlgorithm: serverKeyAlgorithm(options.serverKey),
        yourFiles: {
          withSecrets: options.withSecrets,
          configDir: options.configDir,
          configs: options.config,
          configPatch: options.configPatch,
          configPatchControlPlane: options.configPatchControlPlane,
          configPatchWorker: options.configPatchWorker,
        },
        talosconfigOut: options.talosconfigOut,
        record: options.record,
        ui: useUi,
        fresh: Boolean(options.fresh),
        seedGiven: options.seed !== undefined,
      },
      {
        calendarNowMs: () => Date.now(),
        wall: systemWallClock,
        print: (text) => {
          if (!uiOpen) process.stdout.write(text);
        },
        warn: (text) => process.stderr.write(text),
        abort: stop.signal,
      },
    );
  } catch (error) {
    stop.release();
    if (error instanceof LiveOptionError) {
      process.stderr.write(`talsim up: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  let signal: string;
  if (useUi) {
    uiOpen = true;
    preferInteractiveRendering();
    await (await import('../ui/load-ink.ts')).loadInk();
    const { runUi } = await import('../ui/run-ui.tsx');
    const { liveUiSession } = await import('../ui/live-ui-session.ts');
    signal = await Promise.race([runUi(liveUiSession(session, { title: options.scenario })).then(() => 'quit'), stop.received]);
    uiOpen = false;
  } else {
    signal = await stop.received;
  }
  process.stdout.write(`talsim: ${signal}: stopping the cluster\n`);
  await session.close();
  if (session.recording) process.stdout.write(`talsim: the session is recorded in ${session.recording.file}; replay it with: npx talsim run ${session.recording.file}\n`);
  stop.release();
  return 0;
}

function serverKeyAlgorithm(text: string | undefined): 'ed25519' | 'ecdsa-p256' | undefined {
  if (text === undefined || text === 'ed25519' || text === 'ecdsa-p256') return text;
  throw new LiveOptionError('--server-key', 'ed25519 or ecdsa-p256', JSON.stringify(text));
}

/** SIGINT/SIGTERM: aborts a warp in progress and resolves `received` with the signal's name. */
function stopSignal(): { signal: AbortSignal; received: Promise<string>; release(): void } {
  const controller = new AbortController();
  let resolveReceived: (name: string) => void = () => {};
  const received = new Promise<string>((resolve) => (resolveReceived = resolve));
  const handler = (name: NodeJS.Signals) => {
    controller.abort();
    resolveReceived(name);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    received,
    release() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
