// Config faults are inputs, not runtime faults: a mutator turns a good machine config into the
// kind of bad one people submit, for apply-config steps (`apply-config: { node, fault: ... }`) and
// the swarm. What Talos does with the result (reject it, accept it, ignore part of it) is the
// node's business; each mutator's description says what to expect.
import { isMap, parseAllDocuments, type Document } from 'yaml';

export interface ConfigMutator {
  kind: string;
  description: string;
  mutateConfig(text: string): string;
}

/** Edits the v1alpha1 document of a config stream (the one with machine/cluster keys), keeping the others as written. */
export function editV1Alpha1(text: string, edit: (document: Document) => void): string {
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  const target = list.find((document) => isMap(document.contents) && (document.has('machine') || document.has('cluster')));
  if (!target) return text;
  edit(target);
  return list.map((document) => String(document)).join('');
}
