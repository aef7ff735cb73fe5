// Config fault `config-unknown-keys`: the config carries `cluster.kubernetes.version`, a key that
// blog posts suggest and Talos never had (the Kubernetes version is implied by image tags). Talos
// rejects it: `unknown keys found during decoding:` followed by the offending keys.
import type { ConfigMutator } from './config-mutator.ts';
import { editV1Alpha1 } from './config-mutator.ts';

export const configUnknownKeys: ConfigMutator = {
  kind: 'config-unknown-keys',
  description: 'Adds `cluster.kubernetes.version` (no such key): Talos rejects it with `unknown keys found during decoding`.',
  mutateConfig(text) {
    return editV1Alpha1(text, (document) => document.setIn(['cluster', 'kubernetes'], document.createNode({ version: 'v1.36.0' })));
  },
};
