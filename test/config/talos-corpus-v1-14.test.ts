// The v1.14 corpus (talos-corpus-v1-14.ts) through `talsim lint`: under v1.14 every document is
// accepted or rejected as Talos v1.14 does, with its text; under v1.13 the same documents are
// rejected as Talos v1.13 rejects them (kinds "not registered", v1.14 fields unknown keys).
import { describe, expect, it } from 'vitest';
import { ConfigError, formatApplyValidationError, lintConfig, parseConfig, validateConfig, validateDocuments } from '../../nodes/config/index.ts';
import { registeredKinds } from '../../nodes/config/registered-kinds.ts';
import { ACCEPTED_V1_14, REJECTED_V1_14, WARNED_V1_14, corpusStream, type CorpusEntry } from './talos-corpus-v1-14.ts';

const lint = (entry: CorpusEntry, talosVersion: string) =>
  lintConfig(corpusStream(entry), { file: 'c.yaml', talosVersion }).errors.map((error) => error.message).join('\n');

describe('Talos v1.14 corpus: lint accepts and rejects what Talos v1.14 does', () => {
  for (const entry of ACCEPTED_V1_14) {
    it(`accepts: ${entry.name}`, () => {
      expect(lint(entry, 'v1.14.0')).toBe('');
    });
  }
  for (const entry of REJECTED_V1_14) {
    it(`rejects: ${entry.name}`, () => {
      // lint points at the document, so its message drops Talos's "<kind>/<name>: " prefix.
      const lintText = [entry.rejects ?? ''].flat().join('\n').replace(/(^|\n)\w+Config(\/[^:\n]+)?: /g, '$1');
      expect(lint(entry, 'v1.14.0')).toContain(lintText);
    });
  }
  it('covers every kind Talos v1.14 registers and v1.13 does not', () => {
    const covered = new Set(ACCEPTED_V1_14.flatMap((entry) => entry.documents.map((document) => /^kind: (\w+)/.exec(document)?.[1])));
    const added = [...registeredKinds('v1.14.0')].filter((kind) => !registeredKinds('v1.13.9').has(kind));
    expect(added.filter((kind) => !covered.has(kind))).toEqual([]);
  });
});

describe('Talos v1.14 corpus: accepted with the warnings Talos gives', () => {
  for (const entry of WARNED_V1_14) {
    it(`warns: ${entry.name}`, () => {
      const result = lintConfig(corpusStream(entry), { file: 'c.yaml', talosVersion: 'v1.14.0' });
      expect(result.errors).toEqual([]);
      expect(result.warnings.map((warning) => warning.message).join('\n')).toContain(entry.warns);
    });
  }
});

/** The text ApplyConfiguration answers a v1.14 node with: the decoder's error, else v1alpha1 and document validation in Talos's order. */
function applyError(entry: CorpusEntry): string {
  try {
    const parsed = parseConfig(corpusStream(entry), { talosVersion: 'v1.14.0' });
    const v1alpha1 = validateConfig(parsed.config!, { talosVersion: 'v1.14.0' }).errors;
    return formatApplyValidationError(v1alpha1, validateDocuments(parsed.documents, parsed.config, 'v1.14.0'));
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}

describe('Talos v1.14 corpus: the apply-time validation answers with the full Talos text', () => {
  for (const entry of ACCEPTED_V1_14) {
    it(`accepts: ${entry.name}`, () => {
      expect(applyError(entry)).toBe('');
    });
  }
  for (const entry of REJECTED_V1_14) {
    it(`rejects: ${entry.name}`, () => {
      for (const error of [entry.rejects ?? ''].flat()) expect(applyError(entry)).toContain(error);
    });
  }
});

describe('the same documents under v1.13 are rejected as Talos v1.13 rejects them', () => {
  const v1_13 = registeredKinds('v1.13.9');
  for (const entry of ACCEPTED_V1_14) {
    const firstNew = entry.documents.map((document) => /^kind: (\w+)/.exec(document)?.[1] ?? '').find((kind) => !v1_13.has(kind));
    it(`rejects: ${entry.name}`, () => {
      const expected = firstNew === undefined ? 'unknown keys found during decoding:' : `"${firstNew}" "v1alpha1": not registered`;
      expect(lint(entry, 'v1.13.9')).toContain(expected);
    });
  }
});
