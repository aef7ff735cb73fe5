// The apps/v1 objects behind the default Talos cluster's pods: the kube-proxy and kube-flannel
// DaemonSets and the coredns Deployment (2 replicas), in kube-system, with the labels Talos's
// bootstrap manifests give them. Their status is counted from the pods pods.ts renders, so it
// tells what the pods tell: a DaemonSet wants one pod per registered node, a pod on a node the
// node controller gave up on is not ready. `talosctl health --server=false` reads these (the
// DaemonSet's desiredNumberScheduled, the Deployment's spec.replicas) before it counts ready pods.
// Leaves out: pod templates beyond the one container, rollout history, ReplicaSets.
import type { KubernetesCluster } from '../cluster/kubernetes.ts';
import { timestamp, type KubeClock, type KubeObject } from './objects.ts';
import { allPods, DAEMON_SETS, COREDNS, uidFrom } from './pods.ts';

interface PodView {
  ready: boolean;
  scheduled: boolean;
  resourceVersion: number;
  createdMs: number;
}

function podView(pod: KubeObject, epochWallMs: number): PodView {
  const status = pod.status as { phase: string; conditions?: Array<{ type: string; status: string }> };
  return {
    ready: status.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false,
    scheduled: (pod.spec as { nodeName?: string }).nodeName !== undefined,
    resourceVersion: Number(pod.metadata.resourceVersion),
    createdMs: Date.parse(pod.metadata.creationTimestamp ?? '') - epochWallMs,
  };
}

function podsLabelled(pods: KubeObject[], key: string, value: string, clock: KubeClock): PodView[] {
  const epoch = clock.epochWallMs();
  return pods.filter((pod) => pod.metadata.labels?.[key] === value).map((pod) => podView(pod, epoch));
}

const newest = (pods: PodView[]) => pods.reduce((max, pod) => Math.max(max, pod.resourceVersion), 1);
const oldest = (pods: PodView[]) => pods.reduce((min, pod) => Math.min(min, pod.createdMs), Number.POSITIVE_INFINITY);

function daemonSetObject(kube: KubernetesCluster, app: (typeof DAEMON_SETS)[number], pods: KubeObject[], clock: KubeClock): KubeObject {
  const own = podsLabelled(pods, 'k8s-app', app.selector, clock);
  const desired = kube.nodes.size;
  const ready = own.filter((pod) => pod.ready).length;
  const status: Record<string, unknown> = {
    currentNumberScheduled: own.length,
    desiredNumberScheduled: desired,
    numberAvailable: ready,
    numberMisscheduled: 0,
    numberReady: ready,
    observedGeneration: 1,
    updatedNumberScheduled: own.length,
  };
  if (desired - ready > 0) status.numberUnavailable = desired - ready;
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: app.name,
      namespace: 'kube-system',
      uid: uidFrom(`daemonset/${app.name}`),
      resourceVersion: String(newest(own)),
      generation: 1,
      creationTimestamp: timestamp(clock, Number.isFinite(oldest(own)) ? oldest(own) : 0),
      labels: { ...app.labels },
      annotations: { 'deprecated.daemonset.template.generation': '1' },
    },
    spec: {
      selector: { matchLabels: { 'k8s-app': app.selector } },
      template: { metadata: { labels: { ...app.labels } }, spec: { containers: [{ name: app.name, image: app.image(kube) }], hostNetwork: true, priorityClassName: 'system-node-critical', tolerations: [{ operator: 'Exists' }] } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status,
  };
}

function deploymentObject(pods: KubeObject[], clock: KubeClock): KubeObject | undefined {
  const own = podsLabelled(pods, 'k8s-app', 'kube-dns', clock);
  if (own.length === 0) return undefined;
  const ready = own.filter((pod) => pod.ready).length;
  const created = timestamp(clock, oldest(own));
  const available = ready > 0;
  const status: Record<string, unknown> = {
    observedGeneration: 1,
    replicas: own.length,
    updatedReplicas: own.length,
    conditions: [
      { type: 'Available', status: available ? 'True' : 'False', lastUpdateTime: created, lastTransitionTime: created, reason: available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', message: available ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.' },
      { type: 'Progressing', status: 'True', lastUpdateTime: created, lastTransitionTime: created, reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${COREDNS.replicaSet}" has successfully progressed.` },
    ],
  };
  if (ready > 0) Object.assign(status, { readyReplicas: ready, availableReplicas: ready });
  if (own.length - ready > 0) status.unavailableReplicas = own.length - ready;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'coredns',
      namespace: 'kube-system',
      uid: uidFrom('deployment/coredns'),
      resourceVersion: String(newest(own)),
      generation: 1,
      creationTimestamp: created,
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: COREDNS.replicas,
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      template: { metadata: { labels: { 'k8s-app': 'kube-dns' } }, spec: { containers: [{ name: 'coredns', image: COREDNS.image }], priorityClassName: 'system-cluster-critical' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status,
  };
}

/** kube-system's DaemonSets (name order). */
export function daemonSets(kube: KubernetesCluster, clock: KubeClock): KubeObject[] {
  if (kube.nodes.size === 0) return [];
  const pods = allPods(kube, clock);
  return DAEMON_SETS.map((app) => daemonSetObject(kube, app, pods, clock));
}

/** kube-system's Deployments. */
export function deployments(kube: KubernetesCluster, clock: KubeClock): KubeObject[] {
  const deployment = deploymentObject(allPods(kube, clock), clock);
  return deployment ? [deployment] : [];
}
