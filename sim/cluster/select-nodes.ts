// Which nodes a selector means (`node`/`nodes` by name, every node of a role, all nodes), for
// faults, scenario steps and checks alike. Names are looked up strictly: an unknown name throws.
import type { SimCluster } from './cluster.ts';
import type { NodeSelector } from './cluster-plan.ts';
import type { VirtualNode } from '../../nodes/node.ts';

export function selectNodes(cluster: SimCluster, selector: NodeSelector): VirtualNode[] {
  if (selector.kind === 'all') return [...cluster.nodes.values()];
  if (selector.kind === 'role') return [...cluster.nodes.values()].filter((n) => cluster.planOf(n.name)?.role === selector.role);
  return selector.names.map((name) => cluster.node(name));
}
