// A corpus of v1.13 multi-document configs written from Talos's documentation and test data
// (pkg/machinery/config/types/*/testdata, the configuration reference): `talsim lint` must accept
// and reject exactly what Talos v1.13 accepts and rejects, with Talos's text for the rejections.
// The same corpus goes through a real ApplyConfiguration in test/api/corpus-apply.test.ts.
import { describe, expect, it } from 'vitest';
import { lintConfig } from '../../nodes/config/index.ts';
import { WORKER_YAML } from './fixtures.ts';
import { ACCEPTED, REJECTED } from './talos-corpus.ts';

const WORKER = WORKER_YAML.replace('        stableHostname: true\n', '');
const doc = (text: string) => `${WORKER}---\napiVersion: v1alpha1\n${text}`;

describe('Talos v1.13 corpus: lint accepts and rejects what Talos does', () => {
  for (const [name, text] of ACCEPTED) {
    it(`accepts: ${name}`, () => {
      expect(lintConfig(doc(text), { file: 'c.yaml' }).errors).toEqual([]);
    });
  }
  for (const [name, text, message] of REJECTED) {
    it(`rejects: ${name}`, () => {
      const errors = lintConfig(doc(text), { file: 'c.yaml' }).errors;
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.map((error) => error.message).join('\n')).toContain(message);
    });
  }
});
