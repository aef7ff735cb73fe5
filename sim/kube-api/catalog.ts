// The objects of each served resource, rendered from the Kubernetes model on demand, in the
// apiserver's list order (namespace, then name). One place maps a resource name to its kind and
// its objects so lists, gets, watches and tables agree.
import type { KubernetesCluster } from '../cluster/kubernetes.ts';
import { RESOURCES, type ResourceInfo } from './discovery.ts';
import { eventObject, leaseObject, NAMESPACES, namespaceObject, nodeObject, type KubeClock, type KubeObject } from './objects.ts';
import { allPods } from './pods.ts';
import { daemonSets, deployments } from './workloads.ts';

export interface Collection {
  info: ResourceInfo;
  /** Every object (all namespaces), sorted. */
  objects(): KubeObject[];
  /** How many objects there are and a slice of them, rendered alone (a chunk of a big list without selectors). */
  page?: { count(): number; slice(start: number, end: number): KubeObject[] };
}

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  const left = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const right = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return left < right ? -1 : left > right ? 1 : 0;
}

function firstRegistrationMs(kube: KubernetesCluster): number {
  let first = Infinity;
  for (const node of kube.nodes.values()) first = Math.min(first, node.registeredMs);
  return Number.isFinite(first) ? first : 0;
}

export function collectionFor(resource: string, group: string, kube: KubernetesCluster, clock: KubeClock): Collection | undefined {
  const info = RESOURCES.find((entry) => entry.resource === resource && entry.group === group);
  if (!info) return undefined;
  const sortedNodes = () => [...kube.nodes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const objects = (): KubeObject[] => {
    switch (info.resource) {
      case 'nodes':
        return sortedNodes().map((node) => nodeObject(kube, node, clock));
      case 'leases':
        return sortedNodes().map((node) => leaseObject(kube, node, clock));
      case 'pods':
        return allPods(kube, clock);
      case 'daemonsets':
        return daemonSets(kube, clock);
      case 'deployments':
        return deployments(kube, clock);
      case 'events':
        return kube.events.all().map((event) => eventObject(event, clock)).sort(byNamespaceAndName);
      case 'namespaces':
        return NAMESPACES.map((name, index) => namespaceObject(name, index, firstRegistrationMs(kube), clock));
      default:
        return [];
    }
  };
  if (info.resource === 'nodes') {
    const page = { count: () => kube.nodes.size, slice: (start: number, end: number) => sortedNodes().slice(start, end).map((node) => nodeObject(kube, node, clock)) };
    return { info, objects, page };
  }
  return { info, objects };
}

/** Kind of list for a kind (`NodeList`). */
export function listKind(kind: string): string {
  return `${kind}List`;
}

export function apiVersionOf(info: ResourceInfo): string {
  return info.group ? `${info.group}/v1` : 'v1';
}
