// Config fault `config-wrong-version`: `version: v1alpha2`. There is no v1alpha2; Talos reads any
// document with machine/cluster keys as v1alpha1 whatever `version:` says and never checks the
// value at run time, so the node accepts it (only the editor JSON schema complains).
import type { ConfigMutator } from './config-mutator.ts';
import { editV1Alpha1 } from './config-mutator.ts';

export const configWrongVersion: ConfigMutator = {
  kind: 'config-wrong-version',
  description: '`version: v1alpha2` (no such version): Talos accepts it, as it never checks `version` at run time.',
  mutateConfig(text) {
    return editV1Alpha1(text, (document) => document.set('version', 'v1alpha2'));
  },
};
