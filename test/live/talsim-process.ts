// `talsim up` as a user starts it: the real CLI in a child process, its stdout collected line by
// line with the wall-clock moment each line arrived, waits for a line or a file with a bound, and
// a stop by signal that reports the exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OutputLine {
  text: string;
  /** performance.now() when the line arrived. */
  atMs: number;
}

export interface TalsimProcess {
  readonly child: ChildProcess;
  readonly stateDir: string;
  readonly lines: OutputLine[];
  stdout(): string;
  stderr(): string;
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<OutputLine>;
  waitForFile(name: string, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code once the process ends by itself. */
  exited(): Promise<number | null>;
  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const POLL_MS = 10;

/**
 * Starts `node bin/talsim.js up --no-ui --state-dir <fresh tmp dir, or the one given> ...args`. Each test file
 * passes its own `--base-address` so files running in parallel do not compete for one address.
 */
export function startTalsimUp(args: string[], existingStateDir?: string): TalsimProcess {
  const stateDir = existingStateDir ?? mkdtempSync(join(tmpdir(), 'talsim-up-'));
  const child = spawn(process.execPath, ['bin/talsim.js', 'up', '--no-ui', '--state-dir', stateDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: OutputLine[] = [];
  let partial = '';
  let errors = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    const atMs = performance.now();
    for (const text of parts) lines.push({ text, atMs });
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const until = async <T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (performance.now() > deadline || child.exitCode !== null) {
        throw new Error(`talsim up: ${what} did not come within ${timeoutMs} ms (exit ${child.exitCode})\nstdout:\n${lines.map((l) => l.text).join('\n')}\nstderr:\n${errors}`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };
  return {
    child,
    stateDir,
    lines,
    stdout: () => lines.map((line) => line.text).join('\n'),
    stderr: () => errors,
    waitForLine: (pattern, timeoutMs = 20_000) => until(`a line matching ${pattern}`, timeoutMs, () => lines.find((line) => pattern.test(line.text))),
    waitForFile: (name, timeoutMs = 20_000) => until(`file ${name}`, timeoutMs, () => (existsSync(join(stateDir, name)) ? join(stateDir, name) : undefined)),
    exited: () => exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The banner's last line: printed once the warp has ended and the nodes answer. */
export const BANNER_END = /Ctrl-C stops the cluster\./;
