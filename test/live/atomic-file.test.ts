// Secret files (issue 11 item 7): written owner-only even over an existing world-readable file,
// atomically (never half a file, no temporary left behind), and a failed write leaves the old
// content in place.
import { describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlushBehind, removeLeftoverTemporaryFiles, writeFileAtomic, writeFilesAtomic, writeSecretFile } from '../../sim/files/atomic-file.ts';

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

  it('writes a batch of files whole, each with its mode, in two directories, over older ones, and the same path twice: the last wins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-atomic-'));
    mkdirSync(join(dir, 'nodes'));
    writeFileSync(join(dir, 'nodes', 'worker-1.yaml'), 'old\n', { mode: 0o644 });
    const names = Array.from({ length: 40 }, (_, index) => `worker-${index + 1}.yaml`);
    await writeFilesAtomic([
      ...names.map((name) => ({ path: join(dir, 'nodes', name), content: `name: ${name}\n`, mode: 0o600 })),
      { path: join(dir, 'world.json'), content: '{"virtualNowMs":1}\n', mode: 0o600 },
      { path: join(dir, 'nodes.json'), content: Buffer.from('{}\n') },
      { path: join(dir, 'world.json'), content: '{"virtualNowMs":2}\n', mode: 0o600 },
    ]);
    expect(readdirSync(join(dir, 'nodes')).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(readFileSync(join(dir, 'nodes', name), 'utf8')).toBe(`name: ${name}\n`);
      expect(statSync(join(dir, 'nodes', name)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(join(dir, 'world.json'), 'utf8')).toBe('{"virtualNowMs":2}\n');
    expect(statSync(join(dir, 'nodes.json')).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir).sort()).toEqual(['nodes', 'nodes.json', 'world.json']);
  });

  it('a batch that cannot be written leaves every old file as it was and no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-atomic-'));
    writeFileSync(join(dir, 'a.json'), 'old a\n');
    await expect(
      writeFilesAtomic([
        { path: join(dir, 'a.json'), content: 'new a\n' },
        { path: join(dir, 'missing-dir', 'b.json'), content: 'b\n' },
      ]),
    ).rejects.toThrow(/ENOENT/);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('old a\n');
    expect(readdirSync(dir)).toEqual(['a.json']);
    await writeFilesAtomic([]);
  });

  it('flushed behind: each file is whole at once (the latest write wins), owner-only, no temporary file left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-atomic-'));
    const behind = new FlushBehind();
    for (let round = 0; round < 3; round++) {
      for (let index = 0; index < 20; index++) behind.write(join(dir, `node-${index}.json`), `{"round":${round}}\n`, 0o600);
      expect(readFileSync(join(dir, 'node-7.json'), 'utf8')).toBe(`{"round":${round}}\n`);
      if (round === 1) await new Promise((resolve) => setImmediate(resolve)); // a flush round under way while more is written
    }
    await behind.flushed();
    await behind.flushed();
    expect(readdirSync(dir).length).toBe(20);
    expect(readFileSync(join(dir, 'node-19.json'), 'utf8')).toBe('{"round":2}\n');
    expect(statSync(join(dir, 'node-0.json')).mode & 0o777).toBe(0o600);
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
