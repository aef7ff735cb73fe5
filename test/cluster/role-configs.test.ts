// Generated nodes of one role share one parse of their config: every node's active config (the
// decoded v1alpha1 document, the other documents with their lines and key positions) equals a full
// parse of its own text; nodes of a role share the decoded document, which is frozen; a name YAML
// would not read as the same plain string, and a node with patches, are parsed on their own.
// Their texts, made without parsing the generated stream (the HostnameConfig line swapped), are
// the ones parsing it and rendering it again with the node's name gives.
import { describe, expect, it } from 'vitest';
import { SimCluster, withStaticHostnameDocument } from '../../sim/cluster/cluster.ts';
import { RoleConfigs } from '../../sim/cluster/role-configs.ts';
import { activeConfigFromText } from '../../nodes/config-bridge.ts';
import type { NodePlan } from '../../sim/scenario/plan.ts';

function plan(name: string, role: 'controlplane' | 'worker', patches: NodePlan['config']['patches'] = []): NodePlan {
  return { name, role, hardware: { profile: 'default' }, config: { source: 'generated', patches }, configured: true, source: { file: '', line: 0, column: 0 } };
}

function cluster(nodes: NodePlan[], talosVersion = 'v1.13.0'): SimCluster {
  return new SimCluster({ name: 'roles', endpoint: '', subnet: '10.5.0.0/24', talosVersion, nodes }, { seed: 'roles' });
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

  it('have the texts rendering the parsed generated stream with the node\'s name gives, for every Talos version', () => {
    for (const version of ['v1.13.0', 'v1.12.4', 'v1.11.5']) {
      const built = cluster([plan('cp-1', 'controlplane'), plan('cp-2', 'controlplane'), plan('w-1', 'worker'), plan('w-2', 'worker'), plan('ten', 'worker'), plan('w-4', 'worker', [{ machine: { nodeLabels: { zone: 'a' } } }])], version);
      for (const node of built.nodes.values()) {
        const base = node.name.startsWith('cp') ? built.generated.controlplane : built.generated.worker;
        const rendered = withStaticHostnameDocument(base, node.name, version);
        if (node.name === 'w-4') expect(node.config!.text).toContain('zone: a');
        else if (rendered === null) expect(node.config!.text, `${version} ${node.name}`).toContain(`hostname: ${node.name}`);
        else expect(node.config!.text, `${version} ${node.name}`).toBe(rendered);
        expect(built.configTextFor(built.planOf(node.name)!)).toBe(node.config!.text);
      }
    }
    // The shortcut applies to the generated streams (from v1.12, with a HostnameConfig document)
    // and not to a name YAML would read otherwise.
    const built = cluster([plan('cp-1', 'controlplane')]);
    const roles = new RoleConfigs('v1.13.0');
    expect(roles.namedText(built.generated.worker, 'w-1')).toBe(withStaticHostnameDocument(built.generated.worker, 'w-1', 'v1.13.0'));
    expect(roles.namedText(built.generated.worker, 'true')).toBeUndefined();
  });
});
