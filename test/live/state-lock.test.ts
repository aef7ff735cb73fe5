// The state directory's lock: one running cluster per directory. A second lock in a held
// directory names the owner's pid; a lock left by a process that is gone (killed with SIGKILL)
// is taken over; release removes only our own lock.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, StateDirBusyError, lockStateDir } from '../../sim/live/state-lock.ts';

const freshDir = () => mkdtempSync(join(tmpdir(), 'talsim-lock-'));

describe('state directory lock', () => {
  it('refuses a second holder, naming the directory and the pid; free again once released', () => {
    const dir = freshDir();
    const lock = lockStateDir(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    expect(() => lockStateDir(dir)).toThrow(StateDirBusyError);
    expect(() => lockStateDir(dir)).toThrow(`a cluster is already running in ${dir} (pid ${process.pid}); stop it first, or start this one elsewhere with --state-dir DIR`);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockStateDir(dir).release();
  });

  it('takes over a stale lock whose process is gone, and an unreadable one', () => {
    const dir = freshDir();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, LOCK_FILE), `${gone.stdout}\n`);
    const lock = lockStateDir(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    writeFileSync(join(dir, LOCK_FILE), 'garbage');
    lockStateDir(dir).release();
  });

  it('release leaves a lock another process took meanwhile', () => {
    const dir = freshDir();
    const lock = lockStateDir(dir);
    writeFileSync(join(dir, LOCK_FILE), '1\n');
    lock.release();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe('1\n');
  });
});
