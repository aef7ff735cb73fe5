// The v1.14 corpus (talos-corpus-v1-14.ts) through `talsim lint`: under v1.14 every document is
// accepted or rejected as Talos v1.14 does, with its text; under v1.13 the same documents are
// rejected as Talos v1.13 rejects them (kinds "not registered", v1.14 fields unknown keys).
import { describe, expect, it } from 'vitest';
import { lintConfig } from '../../nodes/config/index.ts';
import { registeredKinds } from '../../nodes/config/registered-kinds.ts';
import { FAKE_CERTIFICATE, FAKE_KEY } from './fixtures.ts';
import { ACCEPTED_V1_14, REJECTED_V1_14, type CorpusEntry } from './talos-corpus-v1-14.ts';

/** A v1alpha1 document that leaves Kubernetes, discovery and install settings to the documents. */
const BASES = {
  controlplane: `version: v1alpha1
machine:
    type: controlplane
    token: abcdef.0123456789abcdef
    ca:
        crt: ${FAKE_CERTIFICATE}
        key: ${FAKE_KEY}
cluster:
    token: 012345.abcdefghijklmnop
    etcd:
        ca:
            crt: ${FAKE_CERTIFICATE}
            key: ${FAKE_KEY}
`,
  worker: `version: v1alpha1
machine:
    type: worker
    token: abcdef.0123456789abcdef
    ca:
        crt: ${FAKE_CERTIFICATE}
        key: ""
cluster:
    token: 012345.abcdefghijklmnop
`,
};

/** The v1alpha1 base with the entry's extra `machine:`/`cluster:` lines, then its documents. */
function stream(entry: CorpusEntry): string {
  const base = BASES[entry.base ?? 'controlplane']
    .replace('cluster:\n', `${entry.machine ?? ''}cluster:\n`)
    .concat(entry.cluster ?? '');
  return [base, ...entry.documents.map((document) => `apiVersion: v1alpha1\n${document}`)].join('---\n');
}
const lint = (entry: CorpusEntry, talosVersion: string) =>
  lintConfig(stream(entry), { file: 'c.yaml', talosVersion }).errors.map((error) => error.message).join('\n');

describe('Talos v1.14 corpus: lint accepts and rejects what Talos v1.14 does', () => {
  for (const entry of ACCEPTED_V1_14) {
    it(`accepts: ${entry.name}`, () => {
      expect(lint(entry, 'v1.14.0')).toBe('');
    });
  }
  for (const entry of REJECTED_V1_14) {
    it(`rejects: ${entry.name}`, () => {
      // lint points at the document, so its message drops Talos's "<kind>/<name>: " prefix.
      expect(lint(entry, 'v1.14.0')).toContain((entry.rejects ?? '').replace(/(^|\n)\w+Config(\/[^:\n]+)?: /g, '$1'));
    });
  }
  it('covers every kind Talos v1.14 registers and v1.13 does not', () => {
    const covered = new Set(ACCEPTED_V1_14.flatMap((entry) => entry.documents.map((document) => /^kind: (\w+)/.exec(document)?.[1])));
    const added = [...registeredKinds('v1.14.0')].filter((kind) => !registeredKinds('v1.13.9').has(kind));
    expect(added.filter((kind) => !covered.has(kind))).toEqual([]);
  });
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
