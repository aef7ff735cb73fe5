// Files written whole or not at all: the content goes to a temporary file in the same directory
// (created owner-only when it holds a secret), is flushed to disk, then renamed over the target,
// so a reader, a crash or a SIGKILL never sees half a file and a secret is never readable by
// others, not even for the moment between create and chmod. Leaves out: locking (two writers of
// the same path: the last rename wins, each file whole).
import { close, closeSync, fchmodSync, fsync, fsyncSync, open, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** Permissions of a file holding a key, a token or a config that embeds them. */
export const SECRET_FILE_MODE = 0o600;

/** How a write reaches the disk. */
export interface AtomicWriteOptions {
  /**
   * false: the file and its directory are not flushed (fsync) before and after the rename. The
   * write is still whole-or-nothing for readers and survives a SIGKILL (the kernel's page cache
   * outlives the process); only a power cut of this machine may lose it. For a file rewritten
   * every second whose loss costs nothing acknowledged (world.json's time when nothing else
   * changed): an fsync holds the event loop for 2-30 ms on a shared disk, and with it every API
   * call in flight. Default true.
   */
  durable?: boolean;
}

/** Writes `content` to `path` atomically (temp file + fsync + rename) with exactly `mode`. */
export function writeFileAtomic(path: string, content: string | Uint8Array, mode = 0o644, options: AtomicWriteOptions = {}): void {
  const durable = options.durable ?? true;
  const directory = dirname(path);
  const temporary = temporaryPathFor(path);
  const fd = openSync(temporary, 'wx', mode);
  try {
    try {
      writeWithMode(fd, content, mode);
      if (durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  if (durable) syncDirectory(directory);
}

/** One file of a `writeFilesAtomic` batch. */
export interface AtomicFileWrite {
  path: string;
  content: string | Uint8Array;
  /** Default 0644. */
  mode?: number;
}

/** How many fsyncs of a batch are in flight at once (on libuv's threads). */
const FLUSHES_IN_FLIGHT = 8;

/**
 * Many files at once, each as `writeFileAtomic` writes one (whole or not at all, flushed before it
 * is renamed into place, its directory flushed after), but with the flushes in flight together:
 * every temporary file is written, all are flushed in parallel, then all are renamed, then each
 * directory is flushed once. A thousand files cost a few flushes' time instead of two thousand
 * flushes one after the other (~7-11 ms each on a shared disk). Until the promise resolves some
 * targets may still hold their old content (never half a file); a SIGKILL meanwhile leaves
 * temporary files, which `removeLeftoverTemporaryFiles` clears. Rejects with the first error,
 * leaving no temporary file behind.
 */
export async function writeFilesAtomic(writes: readonly AtomicFileWrite[]): Promise<void> {
  const staged: Array<{ fd: number | undefined; temporary: string; path: string }> = [];
  try {
    for (const write of writes) {
      const mode = write.mode ?? 0o644;
      const temporary = temporaryPathFor(write.path);
      const entry = { fd: undefined as number | undefined, temporary, path: write.path };
      entry.fd = openSync(temporary, 'wx', mode);
      staged.push(entry);
      writeWithMode(entry.fd, write.content, mode);
    }
    await inParallel(staged.map((entry) => () => fsyncFd(entry.fd!)));
    for (const entry of staged) {
      const fd = entry.fd!;
      entry.fd = undefined;
      closeSync(fd);
      renameSync(entry.temporary, entry.path);
    }
  } catch (error) {
    for (const entry of staged) {
      if (entry.fd !== undefined) closeSync(entry.fd);
      rmSync(entry.temporary, { force: true });
    }
    throw error;
  }
  await inParallel([...new Set(writes.map((write) => dirname(write.path)))].map((directory) => () => syncPathAsync(directory)));
}

/**
 * Files written whole at once (temporary file + rename: a reader or a SIGKILL sees the old or the
 * new content) and flushed to disk behind the writer: the fsyncs of everything written during one
 * turn of the event loop run on libuv's threads, in parallel, while the writer goes on. Until
 * `flushed()` resolves, a power cut of this machine may lose the latest writes (or leave a file
 * that was new empty); a SIGKILL loses nothing written. For a burst of writes nobody was promised
 * yet (talsim up's warp to ready: a thousand nodes registering), where flushing each one in turn
 * holds the event loop for ~10 ms a file.
 */
export class FlushBehind {
  private readonly queued = new Set<string>();
  private flushing: Promise<void> | undefined;

  write(path: string, content: string | Uint8Array, mode = 0o644): void {
    writeFileAtomic(path, content, mode, { durable: false });
    this.queued.add(path);
    this.flushing ??= this.flushQueued();
  }

  /** Resolves once everything written so far is on disk. */
  async flushed(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flushQueued(): Promise<void> {
    try {
      await Promise.resolve(); // the writes of the synchronous run that queued this one (a warp slice's events) join the round
      while (this.queued.size > 0) {
        const paths = [...this.queued];
        this.queued.clear();
        await inParallel(paths.map((path) => () => syncPathAsync(path)));
        await inParallel([...new Set(paths.map((path) => dirname(path)))].map((directory) => () => syncPathAsync(directory)));
      }
    } finally {
      this.flushing = undefined;
    }
  }
}

/** The whole content into a new temporary file, with exactly `mode` (the umask may have taken bits away). */
function writeWithMode(fd: number, content: string | Uint8Array, mode: number): void {
  fchmodSync(fd, mode);
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
}

function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function inParallel(tasks: Array<() => Promise<void>>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(FLUSHES_IN_FLIGHT, tasks.length) }, worker));
}

function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
}

/** Flushes a file or directory without holding the event loop (best effort, as syncDirectory: a file removed meanwhile has nothing left to flush). */
function syncPathAsync(path: string): Promise<void> {
  return new Promise((resolve) => {
    open(path, 'r', (openError, fd) => {
      if (openError) return resolve();
      fsync(fd, () => close(fd, () => resolve()));
    });
  });
}

/** The name writeFileAtomic gives its temporary file for `name`: `.<name>.<pid>.<8 hex>.tmp`. */
const TEMPORARY_NAME = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temporary files a writer killed between create and rename left in `directory` and
 * its subdirectories (the target files themselves are whole: old or new). Only for a directory
 * nobody else writes now (a state directory its lock holder owns). Returns how many went.
 */
export function removeLeftoverTemporaryFiles(directory: string): number {
  let removed = 0;
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return 0; // not there yet
  }
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) removed += removeLeftoverTemporaryFiles(path);
    else if (entry.isFile() && TEMPORARY_NAME.test(entry.name)) {
      rmSync(path, { force: true });
      removed++;
    }
  }
  return removed;
}

/** A file holding a key or a token: owner-only (0600), written atomically, also over a wider file. */
export function writeSecretFile(path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  writeFileAtomic(path, content, SECRET_FILE_MODE, options);
}

/** The rename itself survives a power cut only once its directory is flushed (best effort). */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // some filesystems refuse to fsync a directory; the rename is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
