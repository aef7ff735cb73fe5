// Generated nodes of one role share one parse of their config: every node's active config (the
// decoded v1alpha1 document, the other documents with their lines and key positions) equals a full
// parse of its own text; nodes of a role share the decoded document, which is frozen; a name YAML
// would not read as the same plain string, and a node with patches, are parsed on their own.
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { activeConfigFromText } from '../../nodes/config-bridge.ts';
import type { NodePlan } from '../../sim/scenario/plan.ts';

function plan(name: string, role: 'controlplane' | 'worker', patches: NodePlan['config']['patches'] = []): NodePlan {
  return { name, role, hardware: { profile: 'default' }, config: { source: 'generated', patches }, configured: true, source: { file: '', line: 0, column: 0 } };
}

function cluster(nodes: NodePlan[]): SimCluster {
  return new SimCluster({ name: 'roles', endpoint: '', subnet: '10.5.0.0/24', talosVersion: 'v1.13.0', nodes }, { seed: 'roles' });
}

describe('configs of generated nodes', () => {
  it('equal a full parse of each node\'s own text, and share the decoded document within a role', () => {
    const built = cluster([plan('cp-1', 'controlplane'), plan('cp-2', 'controlplane'), plan('w-1', 'worker'), plan('w-2', 'worker'), plan('w-3', 'worker'), plan('ten', 'worker'), plan('w-4', 'worker', [{ machine: { nodeLabels: { zone: 'a' } } }])]);
    for (const node of built.nodes.values()) {
      const config = node.config!;
      const parsed = activeConfigFromText(config.text, 'v1.13.0');
      expect(config.object, node.name).toEqual(parsed.object);
      expect(config.documents, node.name).toEqual(parsed.documents);
      expect(node.hostname()).toBe(node.name);
    }
    const config = (name: string) => built.node(name).config!;
    expect(config('w-2').object).toBe(config('w-1').object);
    expect(config('w-3').object).toBe(config('w-1').object);
    expect(config('cp-2').object).toBe(config('cp-1').object);
    expect(config('cp-1').object).not.toBe(config('w-1').object);
    expect(Object.isFrozen(config('w-1').object.machine)).toBe(true);
    // Parsed on their own: a name without a dash, a node with a patch.
    expect(config('ten').object).not.toBe(config('w-1').object);
    expect(config('w-4').object).not.toBe(config('w-1').object);
    expect(config('w-4').object.machine?.nodeLabels).toEqual({ zone: 'a' });
  });
});
