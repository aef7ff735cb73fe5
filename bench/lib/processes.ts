// Whole-process timings for the start-up rows: spawn a node process, measure wall ms until it
// exits (or until a line appears on stdout, then stop it with SIGINT) and the CPU ms it used
// (reported by a preload at its exit). Wall time is what a user waits for; on a shared machine it
// is mostly waiting for a core, so rows judge CPU time and show wall time beside it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Timing {
  wallMs: number;
  cpuMs: number;
}

const PRELOAD = join(import.meta.dirname, 'cpu-at-exit.cjs');

/** The command with the CPU-reporting preload, and the file it will write. */
function instrumented(run: Spawned): { run: Spawned; cpuFile: string } {
  const cpuFile = join(mkdtempSync(join(tmpdir(), 'talsim-bench-cpu-')), 'cpu');
  return { run: { ...run, args: ['-r', PRELOAD, ...run.args], env: { ...(run.env ?? process.env), TALSIM_BENCH_CPU_FILE: cpuFile } }, cpuFile };
}

/** CPU ms the process (and the worker threads inside it) reported at exit; NaN when it did not. */
function cpuMsOf(cpuFile: string): number {
  try {
    return Number(readFileSync(cpuFile, 'utf8').trim().split('\n')[0]);
  } catch {
    return Number.NaN;
  }
}

export interface Spawned {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Wall and CPU ms of a node process run to its end; throws when it exits non-zero. */
export function timeToExit(plain: Spawned): Timing {
  const { run, cpuFile } = instrumented(plain);
  const started = performance.now();
  const result = spawnSync(run.command, run.args, { env: run.env ?? process.env, cwd: run.cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${run.command} ${run.args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { wallMs: ms, cpuMs: cpuMsOf(cpuFile) };
}

/**
 * Wall ms until `marker` appears on the process's stdout (the process is then stopped with SIGINT),
 * and the CPU ms it had used by its exit (its shutdown included).
 */
export function timeToLine(plain: Spawned, marker: string, timeoutMs = 600_000, onReady?: () => Promise<void>): Promise<Timing> {
  const { run, cpuFile } = instrumented(plain);
  const started = performance.now();
  const child = spawn(run.command, run.args, { env: run.env ?? process.env, cwd: run.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    let readyMs: number | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const collect = (chunk: string) => {
      output += chunk;
      if (readyMs !== undefined || !output.includes(marker)) return;
      readyMs = performance.now() - started;
      void (onReady ?? (async () => {}))().finally(() => child.kill('SIGINT'));
    };
    child.stdout.setEncoding('utf8').on('data', collect);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (readyMs !== undefined) resolve({ wallMs: readyMs, cpuMs: cpuMsOf(cpuFile) });
      else reject(new Error(`${run.args.join(' ')} exited (${code}) before "${marker}":\n${output.slice(-4000)}`));
    });
  });
}

export const nodeBare: Spawned = { command: process.execPath, args: ['-e', '0'] };

/** `node bin/talsim.js ...args`: the compiled CLI, or the sources through tsx with `fromSource`. */
export function talsim(args: string[], fromSource = false): Spawned {
  return { command: process.execPath, args: ['bin/talsim.js', ...args], env: { ...process.env, TALSIM_FROM_SOURCE: fromSource ? '1' : '0' } };
}
