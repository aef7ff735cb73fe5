// A readable harness for fault tests: a real simulated cluster built from a scenario's cluster
// section (the loader's normal path), booted and bootstrapped through the node commands, plus
// small waits on the kernel that fail loudly with what was seen.
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { checkCondition } from '../../sim/scenario/condition-checker.ts';
import type { StateCondition } from '../../sim/scenario/plan.ts';
import { bootstrap } from '../../nodes/node-commands.ts';
import { faultRegistryOf, type FaultRegistry } from '../../sim/faults/active-faults.ts';

export interface ClusterShape {
  controlPlanes?: number;
  workers?: number;
  /** Extra node entries, as scenario YAML lines under `nodes:` (e.g. an unconfigured node). */
  extraNodesYaml?: string;
  seed?: string;
}

const noFiles = (path: string): string => {
  throw Object.assign(new Error(`no file ${path}`), { code: 'ENOENT' });
};

export function newCluster(shape: ClusterShape = {}): SimCluster {
  const workers = shape.workers ?? 1;
  const text = [
    'name: fault-test',
    'cluster:',
    '  nodes:',
    `    - { group: cp, count: ${shape.controlPlanes ?? 3}, role: controlplane }`,
    ...(workers > 0 ? [`    - { group: worker, count: ${workers}, role: worker }`] : []),
    ...(shape.extraNodesYaml ? [shape.extraNodesYaml] : []),
  ].join('\n');
  const plan = loadScenarioText(text, 'fault-test.yaml', noFiles);
  return new SimCluster(plan.cluster, { seed: shape.seed ?? '11' });
}

/** Runs the kernel until `condition` holds; throws with what was seen when `withinMs` passes first. */
export function waitFor(cluster: SimCluster, condition: StateCondition | (() => boolean), withinMs: number, what = 'condition'): void {
  const kernel = cluster.world.kernel;
  const holds = typeof condition === 'function' ? condition : () => checkCondition(cluster, condition).ok;
  if (kernel.runUntilCondition(holds, { maxTimeMs: kernel.now + withinMs })) return;
  const seen = typeof condition === 'function' ? 'false' : checkCondition(cluster, condition).detail;
  throw new Error(`${what} did not hold within ${withinMs} ms (at ${kernel.now} ms): ${seen}`);
}

export function advance(cluster: SimCluster, durationMs: number): void {
  cluster.world.kernel.advance(durationMs);
}

/** Powers the cluster on, bootstraps cp-1 and waits until every configured node is running and ready. */
export function bootedCluster(shape: ClusterShape = {}): { cluster: SimCluster; faults: FaultRegistry } {
  const cluster = newCluster(shape);
  cluster.powerOnAll();
  waitFor(cluster, { nodes: { kind: 'names', names: ['cp-1'] }, service: { id: 'etcd', state: 'Preparing' } }, 5 * 60_000, 'etcd Preparing on cp-1');
  bootstrap(cluster.node('cp-1'));
  const configured = cluster.plan.nodes.filter((node) => node.configured).map((node) => node.name);
  waitFor(cluster, { nodes: { kind: 'names', names: configured }, stage: 'running', ready: true }, 10 * 60_000, 'cluster ready');
  return { cluster, faults: faultRegistryOf(cluster) };
}

export const on = (...names: string[]) => ({ kind: 'names' as const, names });
export const nodesTarget = (...names: string[]) => ({ kind: 'nodes' as const, nodes: on(...names) });
