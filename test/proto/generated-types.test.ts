// proto/gen/ must be exactly what `npm run proto:gen` produces from the current protos: the test
// regenerates into a temporary directory and compares every file.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATED_TYPES_DIR, generateTypes } from '../../proto/generate-types.ts';

const STALE = 'stale generated types: run npm run proto:gen';

function filesUnder(directory: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(directory, file), readFileSync(file, 'utf8'));
  }
  return files;
}

describe('generated types', () => {
  const scratchDir = mkdtempSync(path.join(tmpdir(), 'talsim-proto-gen-'));
  const regeneratedDir = path.join(scratchDir, 'gen');

  afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

  it('proto/gen matches a fresh generation', () => {
    generateTypes(regeneratedDir);
    const fresh = filesUnder(regeneratedDir);
    const committed = filesUnder(GENERATED_TYPES_DIR);
    expect(fresh.size).toBeGreaterThan(100);
    expect([...committed.keys()].sort(), STALE).toEqual([...fresh.keys()].sort());
    for (const [file, content] of fresh) {
      expect(committed.get(file), `${STALE} (${file} differs)`).toBe(content);
    }
  });
});
