// Secret files (issue 11 item 7): written owner-only even over an existing world-readable file,
// atomically (never half a file, no temporary left behind), and a failed write leaves the old
// content in place.
import { describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeLeftoverTemporaryFiles, writeFileAtomic, writeSecretFile } from '../../sim/files/atomic-file.ts';

describe('atomic secret files', () => {
  it('replaces a 0644 file with a 0600 one and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-atomic-'));
    const path = join(dir, 'controlplane.yaml');
    writeFileSync(path, 'old\n', { mode: 0o644 });
    chmodSync(path, 0o644);
    writeSecretFile(path, 'machine:\n  ca:\n    key: c2VjcmV0\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('machine:\n  ca:\n    key: c2VjcmV0\n');
    expect(readdirSync(dir)).toEqual(['controlplane.yaml']);
  });

  it('keeps the mode asked for whatever the umask, and the old content when the write fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-atomic-'));
    const path = join(dir, 'nodes.json');
    const previous = process.umask(0o077);
    try {
      writeFileAtomic(path, '{}\n', 0o644);
    } finally {
      process.umask(previous);
    }
    expect(statSync(path).mode & 0o777).toBe(0o644);
    expect(() => writeFileAtomic(join(dir, 'missing-dir', 'x'), 'y')).toThrow(/ENOENT/);
    expect(readFileSync(path, 'utf8')).toBe('{}\n');
    expect(readdirSync(dir)).toEqual(['nodes.json']);
  });

  it('writes whole and owner-only without flushing too (the once-a-second time of world.json)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-atomic-'));
    const path = join(dir, 'world.json');
    writeFileSync(path, '{"virtualNowMs":1}\n', { mode: 0o644 });
    writeSecretFile(path, '{"virtualNowMs":2}\n', { durable: false });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('{"virtualNowMs":2}\n');
    expect(readdirSync(dir)).toEqual(['world.json']);
  });

  it('removes the temporary files a killed writer left, in subdirectories too, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-atomic-'));
    mkdirSync(join(dir, 'nodes'));
    writeFileSync(join(dir, '.world.json.4242.0a1b2c3d.tmp'), '{"virt');
    writeFileSync(join(dir, 'nodes', '.cp-1.yaml.17.deadbeef.tmp'), 'machine:');
    writeFileSync(join(dir, 'nodes', 'cp-1.yaml'), 'machine: {}\n');
    writeFileSync(join(dir, 'notes.tmp'), 'mine\n');
    expect(removeLeftoverTemporaryFiles(dir)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['nodes', 'notes.tmp']);
    expect(readdirSync(join(dir, 'nodes'))).toEqual(['cp-1.yaml']);
    expect(removeLeftoverTemporaryFiles(join(dir, 'absent'))).toBe(0);
  });
});
