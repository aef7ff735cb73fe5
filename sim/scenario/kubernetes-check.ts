// Evaluates a condition's `kubernetes` check on one node: renders the node's Node object and the
// pods bound to it exactly as the Kubernetes API edge serves them (sim/kube-api), so a scenario
// asserts what `kubectl` shows. Read from the model, so it also answers while the API is down.
import type { SimCluster } from '../cluster/cluster.ts';
import type { VirtualNode } from '../../nodes/node.ts';
import type { KubernetesCheck } from './plan.ts';
import { kubeClockOf, nodeObject, type KubeObject } from '../kube-api/objects.ts';
import { allPods } from '../kube-api/pods.ts';

interface NodeView {
  spec: { unschedulable?: boolean };
  status: { conditions: Array<{ type: string; status: string; reason: string }> };
}

interface PodView {
  spec: { nodeName?: string };
  status: { phase: string; conditions?: Array<{ type: string; status: string }> };
}

/** null when the check holds on this node, else what kubectl would show instead. */
export function checkKubernetes(cluster: SimCluster, node: VirtualNode, check: KubernetesCheck): string | null {
  const world = cluster.world;
  const kube = world.kubernetes;
  const name = node.hostname();
  const registered = kube.nodes.get(name);
  if (!registered) return `no Kubernetes node ${name} (kubelet has not registered it)`;
  const clock = kubeClockOf(world);
  const object = nodeObject(kube, registered, clock) as KubeObject & NodeView;
  if (check.condition) {
    const wanted = check.condition;
    const found = object.status.conditions.find((condition) => condition.type === wanted.type);
    const seen = found ? `${found.type}=${found.status} (${found.reason})` : `no ${wanted.type} condition`;
    if (!found || found.status !== wanted.status || (wanted.reason !== undefined && found.reason !== wanted.reason)) return `node condition ${seen}`;
  }
  if (check.label) {
    const labels = object.metadata.labels ?? {};
    const { key, equals, absent } = check.label;
    if (absent && key in labels) return `label ${key}=${labels[key]} is on the node`;
    if (!absent && !(key in labels)) return `no label ${key} on the node`;
    if (equals !== undefined && labels[key] !== equals) return `label ${key} is ${JSON.stringify(labels[key])}, not ${JSON.stringify(equals)}`;
  }
  if (check.unschedulable !== undefined && (object.spec.unschedulable === true) !== check.unschedulable) {
    return object.spec.unschedulable ? 'the node is cordoned (SchedulingDisabled)' : 'the node is schedulable';
  }
  if (check.pod) return checkPods(allPods(kube, clock) as Array<KubeObject & PodView>, name, check.pod);
  return null;
}

function checkPods(pods: Array<KubeObject & PodView>, nodeName: string, wanted: NonNullable<KubernetesCheck['pod']>): string | null {
  const own = pods.filter((pod) => pod.spec.nodeName === nodeName && (pod.metadata.name === wanted.name || pod.metadata.name.startsWith(`${wanted.name}-`)));
  if (wanted.absent) return own.length === 0 ? null : `pod ${own[0]!.metadata.name} is on the node`;
  if (own.length === 0) return `no pod ${wanted.name} on the node`;
  for (const pod of own) {
    const ready = pod.status.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
    if (wanted.phase !== undefined && pod.status.phase !== wanted.phase) return `pod ${pod.metadata.name} is ${pod.status.phase}, not ${wanted.phase}`;
    if (wanted.ready !== undefined && ready !== wanted.ready) return `pod ${pod.metadata.name} is ${ready ? 'ready' : 'not ready'}`;
  }
  return null;
}
