// Kubernetes objects as the apiserver would serve them, rendered from the cluster's Kubernetes
// model: Nodes (kubelet's labels, Talos's control-plane label and taint, the node controller's
// not-ready/unreachable taints, capacity/allocatable from the hardware, conditions, nodeInfo),
// node Leases, Events, the built-in Namespaces. Pods are in pods.ts. Every timestamp is virtual
// time placed on the calendar by the world's epoch (the live epoch rule moves them all together).
// Leaves out: managedFields, images, volumes, the Node's config source.
import type { KubernetesCluster, KubernetesNode, NodeCondition } from '../cluster/kubernetes.ts';
import { NODE_LEASE_DURATION_S } from '../cluster/kubernetes.ts';
import type { KubeEvent } from '../cluster/kubernetes-events.ts';
import { rfc3339 } from '../../nodes/go-format/time.ts';

export type KubeObject = { apiVersion: string; kind: string; metadata: ObjectMeta } & Record<string, unknown>;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: unknown[];
  [key: string]: unknown;
}

/** How virtual time maps onto the calendar, read at each request (the epoch moves after a warp). */
export interface KubeClock {
  nowMs(): number;
  epochWallMs(): number;
}

/** The clock of a simulated world: virtual now, dated from the wall-clock instant virtual 0 stands for. */
export function kubeClockOf(world: { readonly kernel: { readonly now: number }; readonly epochWallMs: number }): KubeClock {
  return { nowMs: () => world.kernel.now, epochWallMs: () => world.epochWallMs };
}

/** metav1.Time: Go's RFC 3339 in whole seconds. */
export function timestamp(clock: KubeClock, virtualMs: number): string {
  return rfc3339(clock.epochWallMs() + virtualMs);
}

/** metav1.MicroTime: always six fractional digits (not RFC3339Nano's trimmed fraction). */
export function microTimestamp(clock: KubeClock, virtualMs: number): string {
  return new Date(clock.epochWallMs() + virtualMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

const MiB = 1024 * 1024;
/** Talos's kubelet systemReserved (cpu 50m, memory 192Mi, ephemeral-storage 256Mi) and kubelet's hard eviction thresholds. */
const SYSTEM_RESERVED = { cpuMilli: 50, memory: 192 * MiB, ephemeral: 256 * MiB };
const EVICTION_MEMORY = 100 * MiB;
const MAX_PODS = 110;

export function nodeLabels(node: KubernetesNode): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': node.facts.arch,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': node.facts.arch,
    'kubernetes.io/hostname': node.name,
    'kubernetes.io/os': 'linux',
  };
  if (node.facts.controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
  return { ...labels, ...node.labels };
}

export function nodeTaints(node: KubernetesNode): Array<{ key: string; value?: string; effect: string; timeAdded?: string }> {
  const taints: Array<{ key: string; value?: string; effect: string }> = [];
  if (node.facts.controlPlane) taints.push({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' });
  for (const taint of node.taints) if (!taints.some((t) => t.key === taint.key && t.effect === taint.effect)) taints.push(taint);
  if (node.unschedulable) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  const status = node.readyCondition.status;
  if (status === 'False') taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' });
  if (status === 'Unknown') taints.push({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' });
  if (node.diskPressure.status === 'True') taints.push({ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' });
  return taints;
}

function kibibytes(bytes: number): string {
  return `${Math.floor(bytes / 1024)}Ki`;
}

export function nodeObject(kube: KubernetesCluster, node: KubernetesNode, clock: KubeClock): KubeObject {
  const facts = node.facts;
  const ownedLabels = Object.keys(node.labels).sort();
  const annotations: Record<string, string> = {
    'flannel.alpha.coreos.com/backend-data': 'null',
    'flannel.alpha.coreos.com/backend-type': 'host-gw',
    'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
    'flannel.alpha.coreos.com/public-ip': facts.internalIp,
    'node.alpha.kubernetes.io/ttl': '0',
    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
  };
  if (ownedLabels.length > 0) annotations['talos.dev/owned-labels'] = JSON.stringify(ownedLabels);
  const podCidr = `10.244.${node.index % 256}.0/24`;
  const spec: Record<string, unknown> = { podCIDR: podCidr, podCIDRs: [podCidr] };
  const taints = nodeTaints(node);
  if (taints.length > 0) spec.taints = taints;
  if (node.unschedulable) spec.unschedulable = true;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      uid: node.uid,
      resourceVersion: String(node.resourceVersion),
      creationTimestamp: timestamp(clock, node.registeredMs),
      labels: nodeLabels(node),
      annotations,
    },
    spec,
    status: {
      capacity: {
        cpu: String(facts.cpus),
        'ephemeral-storage': kibibytes(facts.ephemeralBytes),
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: kibibytes(facts.memoryBytes),
        pods: String(MAX_PODS),
      },
      allocatable: {
        cpu: `${facts.cpus * 1000 - SYSTEM_RESERVED.cpuMilli}m`,
        'ephemeral-storage': String(Math.floor((facts.ephemeralBytes - SYSTEM_RESERVED.ephemeral) * 0.9)),
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: kibibytes(facts.memoryBytes - SYSTEM_RESERVED.memory - EVICTION_MEMORY),
        pods: String(MAX_PODS),
      },
      conditions: nodeConditions(kube, node, clock),
      addresses: [
        { type: 'InternalIP', address: facts.internalIp },
        { type: 'Hostname', address: node.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: facts.machineId,
        systemUUID: facts.systemUuid,
        bootID: facts.bootId,
        kernelVersion: facts.kernelVersion,
        osImage: facts.osImage,
        containerRuntimeVersion: facts.containerRuntimeVersion,
        kubeletVersion: facts.kubeletVersion,
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: facts.arch,
      },
    },
  };
}

function nodeConditions(kube: KubernetesCluster, node: KubernetesNode, clock: KubeClock): unknown[] {
  const heartbeat = timestamp(clock, kube.lastHeartbeatMs(node));
  const unknownSince = node.otherConditionsUnknownMs;
  const other = (type: string, reason: string, message: string) =>
    unknownSince === undefined
      ? { type, status: 'False', lastHeartbeatTime: heartbeat, lastTransitionTime: timestamp(clock, node.registeredMs), reason, message }
      : { type, status: 'Unknown', lastHeartbeatTime: heartbeat, lastTransitionTime: timestamp(clock, unknownSince), reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' };
  const condition = (type: string, value: NodeCondition) => ({
    type, status: value.status, lastHeartbeatTime: heartbeat, lastTransitionTime: timestamp(clock, value.transitionMs), reason: value.reason, message: value.message,
  });
  return [
    other('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    condition('DiskPressure', node.diskPressure),
    other('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    condition('Ready', node.readyCondition),
  ];
}

export function leaseObject(kube: KubernetesCluster, node: KubernetesNode, clock: KubeClock): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: node.name,
      namespace: 'kube-node-lease',
      uid: node.uid.replace(/^.{8}/, (head) => [...head].reverse().join('')),
      resourceVersion: String(node.resourceVersion),
      creationTimestamp: timestamp(clock, node.registeredMs),
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid }],
    },
    spec: { holderIdentity: node.name, leaseDurationSeconds: NODE_LEASE_DURATION_S, renewTime: microTimestamp(clock, kube.lastHeartbeatMs(node)) },
  };
}

export function eventObject(event: KubeEvent, clock: KubeClock): KubeObject {
  const involved: Record<string, string> = { kind: event.involved.kind, name: event.involved.name, uid: event.involved.uid };
  if (event.involved.namespace) involved.namespace = event.involved.namespace;
  if (event.involved.kind === 'Node') involved.apiVersion = 'v1';
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: event.name,
      namespace: event.namespace,
      uid: event.uid,
      resourceVersion: String(event.resourceVersion),
      creationTimestamp: timestamp(clock, event.firstMs),
    },
    involvedObject: involved,
    reason: event.reason,
    message: event.message,
    source: event.source,
    firstTimestamp: timestamp(clock, event.firstMs),
    lastTimestamp: timestamp(clock, event.lastMs),
    count: event.count,
    type: event.type,
    eventTime: null,
    reportingComponent: event.source.component,
    reportingInstance: event.source.host ?? '',
  };
}

export const NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'] as const;

export function namespaceObject(name: string, index: number, createdMs: number, clock: KubeClock): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: `6b1f0e5a-0000-4000-8000-00000000000${index}`,
      resourceVersion: String(index + 1),
      creationTimestamp: timestamp(clock, createdMs),
      labels: { 'kubernetes.io/metadata.name': name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}
