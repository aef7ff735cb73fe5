// The kube-system pods of a default Talos cluster, from the Kubernetes model: kubelet's mirror
// pods of the control plane's static pods (Talos's labels and annotations, owned by the Node),
// one kube-proxy and one kube-flannel pod per registered node (DaemonSets) and two coredns pods
// (a Deployment: where the model's scheduler placed each replica, sim/cluster/kubernetes-coredns.ts),
// named as sim/cluster/kubernetes-pod-identity.ts names them for the nodes' container runtimes too.
// Leaves out: resource-aware scheduling, container
// restarts, init containers, volumes, the ReplicaSet itself.
import type { KubernetesCluster, KubernetesNode, MirrorPod } from '../cluster/kubernetes.ts';
import type { CorednsReplica } from '../cluster/kubernetes-coredns.ts';
import { timestamp, type KubeClock, type KubeObject } from './objects.ts';
import { COREDNS, corednsPod, corednsPodIp, daemonPod, FLANNEL_IMAGE, podContainerId, suffixHex, uidFrom } from '../cluster/kubernetes-pod-identity.ts';

export { COREDNS, corednsPodName, uidFrom } from '../cluster/kubernetes-pod-identity.ts';

const COMPONENT_REQUESTS: Record<string, { cpu: string; memory: string }> = {
  'kube-apiserver': { cpu: '200m', memory: '512Mi' },
  'kube-controller-manager': { cpu: '50m', memory: '256Mi' },
  'kube-scheduler': { cpu: '10m', memory: '64Mi' },
};

interface PodFacts {
  name: string;
  uid: string;
  resourceVersion: number;
  createdMs: number;
  node: KubernetesNode | undefined;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ownerReferences: unknown[];
  container: { name: string; image: string; requests?: { cpu: string; memory: string } };
  hostNetwork: boolean;
  priorityClassName: string;
  ready: boolean;
  podIp?: string;
}

function mirrorFacts(kube: KubernetesCluster, pod: MirrorPod): PodFacts {
  const node = kube.nodes.get(pod.node);
  const version = /:(v[^@]+)/.exec(pod.image)?.[1] ?? '';
  const annotations: Record<string, string> = {
    'kubernetes.io/config.hash': pod.configHash,
    'kubernetes.io/config.mirror': pod.configHash,
    'kubernetes.io/config.seen': '',
    'kubernetes.io/config.source': 'http',
    'talos.dev/config-version': pod.configVersion,
    'talos.dev/secrets-version': '1',
  };
  if (pod.component === 'kube-apiserver') annotations['talos.dev/config-file-version'] = pod.configVersion;
  return {
    name: pod.name,
    uid: pod.uid,
    resourceVersion: pod.resourceVersion,
    createdMs: pod.createdMs,
    node,
    labels: {
      'app.kubernetes.io/component': 'control-plane',
      'app.kubernetes.io/managed-by': 'Talos',
      'app.kubernetes.io/name': pod.component,
      'app.kubernetes.io/version': version.replace(/^v/, ''),
      component: pod.component,
      'k8s-app': pod.component,
      tier: 'control-plane',
    },
    annotations,
    ownerReferences: node ? [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid, controller: true }] : [],
    container: { name: pod.component, image: pod.image, requests: COMPONENT_REQUESTS[pod.component] },
    hostNetwork: true,
    priorityClassName: 'system-cluster-critical',
    ready: pod.ready && !nodeGaveUp(node),
    podIp: node?.facts.internalIp,
  };
}

/** The DaemonSets of a default Talos cluster: name, pod selector (`k8s-app`), labels, image. */
export const DAEMON_SETS = [
  { name: 'kube-flannel', selector: 'flannel', labels: { 'k8s-app': 'flannel', tier: 'node' }, image: () => FLANNEL_IMAGE },
  { name: 'kube-proxy', selector: 'kube-proxy', labels: { 'k8s-app': 'kube-proxy', tier: 'node' }, image: (kube: KubernetesCluster) => `registry.k8s.io/kube-proxy:${[...kube.nodes.values()][0]?.facts.kubeletVersion ?? ''}` },
] as const;

/** The node controller marks every pod of a node whose kubelet stopped posting status not ready. */
function nodeGaveUp(node: KubernetesNode | undefined): boolean {
  return node?.readyCondition.status === 'Unknown';
}

function daemonFacts(app: 'kube-proxy' | 'kube-flannel', node: KubernetesNode): PodFacts {
  const version = node.facts.kubeletVersion;
  const pod = daemonPod(app, node);
  const cniUp = !node.readyCondition.message.includes('cni plugin not initialized');
  return {
    name: pod.name,
    uid: pod.uid,
    resourceVersion: node.resourceVersion,
    createdMs: node.registeredMs,
    node,
    labels: app === 'kube-proxy'
      ? { 'controller-revision-hash': suffixHex(version), 'k8s-app': 'kube-proxy', 'pod-template-generation': '1', tier: 'node' }
      : { app: 'flannel', 'controller-revision-hash': suffixHex('flannel'), 'k8s-app': 'flannel', 'pod-template-generation': '1', tier: 'node' },
    annotations: {},
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: app, uid: uidFrom(`daemonset/${app}`), controller: true, blockOwnerDeletion: true }],
    container: { name: app, image: pod.image, requests: app === 'kube-flannel' ? { cpu: '100m', memory: '50Mi' } : undefined },
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    ready: !nodeGaveUp(node) && (app === 'kube-proxy' ? true : cniUp),
    podIp: node.facts.internalIp,
  };
}

function corednsFacts(replica: CorednsReplica, node: KubernetesNode | undefined, firstRegisteredMs: number): PodFacts {
  const hash = COREDNS.replicaSet.slice('coredns-'.length);
  const pod = corednsPod(replica);
  return {
    name: pod.name,
    uid: pod.uid,
    resourceVersion: Math.max(replica.resourceVersion, node?.resourceVersion ?? 1),
    createdMs: replica.generation === 0 ? firstRegisteredMs : (replica.createdMs ?? firstRegisteredMs),
    node,
    labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': hash },
    annotations: {},
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: COREDNS.replicaSet, uid: uidFrom('replicaset/coredns'), controller: true, blockOwnerDeletion: true }],
    container: { name: 'coredns', image: COREDNS.image, requests: { cpu: '100m', memory: '70Mi' } },
    hostNetwork: false,
    priorityClassName: 'system-cluster-critical',
    ready: node !== undefined && node.ready,
    podIp: node ? corednsPodIp(replica, node.index) : undefined,
  };
}

/** Every pod of the cluster (all in kube-system), in namespace/name order. */
export function allPods(kube: KubernetesCluster, clock: KubeClock): KubeObject[] {
  const facts: PodFacts[] = [];
  for (const pod of kube.mirrorPods.values()) facts.push(mirrorFacts(kube, pod));
  const nodes = [...kube.nodes.values()].sort((a, b) => a.index - b.index);
  for (const node of nodes) facts.push(daemonFacts('kube-proxy', node), daemonFacts('kube-flannel', node));
  if (nodes.length > 0) {
    for (const replica of kube.coredns.replicas) facts.push(corednsFacts(replica, replica.node === undefined ? undefined : kube.nodes.get(replica.node), nodes[0]!.registeredMs));
  }
  return facts.map((pod) => podObject(pod, clock)).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

function podObject(pod: PodFacts, clock: KubeClock): KubeObject {
  const scheduled = pod.node !== undefined;
  const phase = scheduled ? 'Running' : 'Pending';
  const created = timestamp(clock, pod.createdMs);
  const readyStatus = pod.ready ? 'True' : 'False';
  const condition = (type: string, status: string) => ({ type, status, lastProbeTime: null, lastTransitionTime: created });
  const containerSpec: Record<string, unknown> = { name: pod.container.name, image: pod.container.image, imagePullPolicy: 'IfNotPresent' };
  if (pod.container.requests) containerSpec.resources = { requests: pod.container.requests };
  const status: Record<string, unknown> = {
    phase,
    conditions: scheduled
      ? [condition('PodReadyToStartContainers', 'True'), condition('Initialized', 'True'), condition('Ready', readyStatus), condition('ContainersReady', readyStatus), condition('PodScheduled', 'True')]
      : [{ ...condition('PodScheduled', 'False'), reason: 'Unschedulable', message: '0/0 nodes are available: no nodes available to schedule pods.' }],
    qosClass: 'Burstable',
  };
  if (scheduled) {
    Object.assign(status, {
      hostIP: pod.node!.facts.internalIp,
      hostIPs: [{ ip: pod.node!.facts.internalIp }],
      podIP: pod.podIp,
      podIPs: [{ ip: pod.podIp }],
      startTime: created,
      containerStatuses: [{
        name: pod.container.name,
        ready: pod.ready,
        started: true,
        restartCount: 0,
        image: pod.container.image,
        imageID: `${pod.container.image.replace(/:[^:]*$/, '')}@sha256:${suffixHex(pod.container.image).repeat(8)}`,
        containerID: `containerd://${podContainerId(pod.uid)}`,
        state: { running: { startedAt: created } },
        lastState: {},
      }],
    });
  }
  const spec: Record<string, unknown> = {
    containers: [containerSpec],
    priorityClassName: pod.priorityClassName,
    priority: pod.priorityClassName === 'system-node-critical' ? 2000001000 : 2000000000,
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    serviceAccountName: pod.name.startsWith('coredns') ? 'coredns' : pod.name.startsWith('kube-proxy') ? 'kube-proxy' : pod.name.startsWith('kube-flannel') ? 'flannel' : undefined,
    tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
    enableServiceLinks: true,
  };
  if (scheduled) spec.nodeName = pod.node!.name;
  if (pod.hostNetwork) spec.hostNetwork = true;
  const metadata: Record<string, unknown> = {
    name: pod.name,
    namespace: 'kube-system',
    uid: pod.uid,
    resourceVersion: String(pod.resourceVersion),
    creationTimestamp: created,
    labels: pod.labels,
  };
  if (Object.keys(pod.annotations).length > 0) metadata.annotations = { ...pod.annotations, ...(pod.annotations['kubernetes.io/config.seen'] === '' ? { 'kubernetes.io/config.seen': microIso(clock, pod.createdMs) } : {}) };
  if (pod.ownerReferences.length > 0) metadata.ownerReferences = pod.ownerReferences;
  return { apiVersion: 'v1', kind: 'Pod', metadata: metadata as KubeObject['metadata'], spec, status };
}

function microIso(clock: KubeClock, virtualMs: number): string {
  return new Date(clock.epochWallMs() + virtualMs).toISOString().replace(/Z$/, '000000Z');
}
