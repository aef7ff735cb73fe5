// The lock a running cluster holds on its state directory: `talsim.pid` holds the pid of the
// `talsim up` (or `talsim learn`) that owns the directory's talosconfig, secrets and control.json,
// so a second cluster started in the same directory refuses instead of overwriting them. A lock
// whose process is gone (killed, crashed, the machine rebooted) is stale and taken over. Leaves out:
// locking across machines sharing a directory (the pid is only meaningful on this host).
import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LiveOptionError } from './live-errors.ts';

export const LOCK_FILE = 'talsim.pid';

/** Directories locked by this process (a pid file naming us that is not in here was left by a process that had our pid before). */
const heldHere = new Set<string>();

export class StateDirBusyError extends LiveOptionError {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super('--state-dir', 'a directory no running cluster uses', dir);
    this.name = 'StateDirBusyError';
    this.message = `a cluster is already running in ${dir} (pid ${pid}); stop it first, or start this one elsewhere with --state-dir DIR`;
  }
}

export interface StateDirLock {
  readonly path: string;
  release(): void;
}

/** Takes the state directory's lock (creating the directory), or throws StateDirBusyError naming the live owner. */
export function lockStateDir(dir: string): StateDirLock {
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true });
  const path = join(absolute, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw error;
      const owner = lockOwner(path);
      if (owner !== undefined && isRunning(owner) && (owner !== process.pid || heldHere.has(absolute))) throw new StateDirBusyError(absolute, owner);
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  heldHere.add(absolute);
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      heldHere.delete(absolute);
      if (lockOwner(path) === process.pid) rmSync(path, { force: true });
    },
  };
}

/** The pid a lock file names, or undefined when it is missing or unreadable (a half-written lock is stale). */
export function lockOwner(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
