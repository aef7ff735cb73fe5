// Talos' "unknown keys found during decoding:" summary: the offending keys with their values as
// written, nested under the known keys that lead to them, printed by go-yaml (keys of the
// summary maps sorted, list items listed only when they hold unknown keys).
import { compareGoMapKeys, emitYaml, type EmitNode } from '../go-format/yaml.ts';
import type { UnknownTree } from './v1alpha1-decoder.ts';
import { toEmitNode, type NodeContext } from './yaml-node-reading.ts';

function toEmit(tree: UnknownTree, context: NodeContext): EmitNode {
  switch (tree.kind) {
    case 'node':
      return toEmitNode(tree.node, context);
    case 'seq':
      return { kind: 'seq', items: tree.items.map((item) => toEmit(item, context)) };
    case 'map': {
      const keys = [...tree.entries.keys()].sort(compareGoMapKeys);
      return { kind: 'map', entries: keys.map((key) => [key, toEmit(tree.entries.get(key) as UnknownTree, context)]) };
    }
  }
}

/** The YAML block Talos prints after "unknown keys found during decoding:\n". */
export function renderUnknownKeys(tree: UnknownTree, context: NodeContext): string {
  return emitYaml(toEmit(tree, context));
}
