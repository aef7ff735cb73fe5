// MachineService Containers and Stats (`talosctl containers`, `talosctl stats`, each with -k): the
// node's containers as machined's inspectors see them. Namespace `system` (containerd driver): one
// row per running containerised service (apid, trustd, etcd, kubelet), id = pod id = service id,
// status RUNNING; apid and trustd run from the root filesystem, so their image is empty. Namespace
// `k8s.io` (CRI driver): one ready sandbox per running static pod (`kube-system/<pod>-<hostname>`,
// the pause image, SANDBOX_READY, no network namespace: static pods use the host's) and its container (`<pod id>:<name>:<12 hex of its id>`,
// CONTAINER_RUNNING); then the same for the workload pods the Kubernetes model binds to the node
// (kube-proxy and kube-flannel on every registered node, coredns where it was scheduled), named as
// `kubectl get pods` names them, with the pod's uid and the container id its containerStatuses
// carry; coredns's sandbox names its CNI network namespace (`cni-<uuid>`, the base name as Talos's
// CRI inspector reports it; the container row leaves it empty, as there). PIDs, CPU and memory are
// those `talosctl processes` shows for the same process; a static pod's sandbox uid is kubelet's
// config hash of its manifest (pod-sandboxes.ts); static pods' container ids are seeded per node,
// boot and pod. Leaves out: exited containers, and the pause containers' own processes (they read zero,
// as CRI reports them).
import { goError, TalosApiError } from '../api-error.ts';
import type { UnaryHandler } from './api-contract.ts';
import type { VirtualNode } from '../node.ts';
import { single } from './handler-support.ts';
import { processTable, runningWorkloadPods, workloadProcessName, type ProcessEntry } from './machine-processes.ts';
import { podNetworkNamespace, staticPodUid } from './pod-sandboxes.ts';

/** Services machined runs through its containerd runner (the rest are processes of machined itself). */
const CONTAINERISED_SERVICES = ['apid', 'etcd', 'kubelet', 'trustd'] as const;
const SYSTEM_NAMESPACE = 'system';
const K8S_NAMESPACE = 'k8s.io';
const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
/** common.ContainerDriver as protobufjs hands it over (enum names). */
const CRI = 'CRI';

export interface ContainerRow {
  namespace: string;
  id: string;
  podId: string;
  name: string;
  image: string;
  pid: number;
  status: string;
  internalId: string;
  uid: string;
  networkNamespace: string;
  /** CPU time, ns, and memory in use, bytes (Stats); zero for a sandbox. */
  cpuNs: number;
  memoryBytes: number;
}

function systemImage(node: VirtualNode, service: string): string {
  const spec = node.spec();
  if (service === 'etcd' && spec) return spec.etcdImage;
  if (service === 'kubelet' && spec) return spec.kubeletImage;
  return '';
}

/** containerd's 64-hex container id, drawn from a stream of this node, boot and name (draws nothing elsewhere). */
function containerId(node: VirtualNode, name: string): string {
  return node.random.child(`containers/${node.bootId}/${name}`).hex(64);
}

function fromProcess(process: ProcessEntry | undefined): Pick<ContainerRow, 'pid' | 'cpuNs' | 'memoryBytes'> {
  return { pid: process?.pid ?? 0, cpuNs: Math.round((process?.cpuSeconds ?? 0) * 1e9), memoryBytes: process?.rssBytes ?? 0 };
}

function systemContainers(node: VirtualNode, processes: Map<string, ProcessEntry>): ContainerRow[] {
  return CONTAINERISED_SERVICES.filter((service) => node.services.records.get(service)?.state === 'Running').map((service) => ({
    namespace: SYSTEM_NAMESPACE,
    id: service,
    podId: service,
    name: service,
    image: systemImage(node, service),
    status: 'RUNNING',
    internalId: service,
    uid: '',
    networkNamespace: '',
    ...fromProcess(processes.get(service)),
  }));
}

function staticPodImage(node: VirtualNode, pod: string): string {
  const apiServer = node.spec()!.apiServerImage;
  if (pod === 'kube-apiserver') return apiServer;
  return `registry.k8s.io/${pod}:${/:(v[^@]+)/.exec(apiServer)?.[1] ?? 'v1.35.0'}`;
}

function kubernetesContainers(node: VirtualNode, processes: Map<string, ProcessEntry>): ContainerRow[] {
  if (!node.config || !node.services.isUp('cri')) return [];
  const rows: ContainerRow[] = [];
  for (const [pod, state] of Object.entries(node.staticPodStates())) {
    if (state === 'pending') continue;
    const podName = `kube-system/${pod}-${node.hostname()}`;
    const sandboxId = containerId(node, `${podName}/sandbox`);
    const id = containerId(node, `${podName}/${pod}`);
    const uid = staticPodUid(node, pod);
    const process = processes.get(pod);
    rows.push(
      { namespace: K8S_NAMESPACE, id: podName, podId: podName, name: podName, image: PAUSE_IMAGE, pid: process ? process.pid - 1 : 0, status: 'SANDBOX_READY', internalId: sandboxId, uid, networkNamespace: '', cpuNs: 0, memoryBytes: 0 },
      { namespace: K8S_NAMESPACE, id: `${podName}:${pod}:${id.slice(0, 12)}`, podId: podName, name: pod, image: staticPodImage(node, pod), status: 'CONTAINER_RUNNING', internalId: id, uid: '', networkNamespace: '', ...fromProcess(process) },
    );
  }
  for (const pod of runningWorkloadPods(node)) {
    const podName = `${pod.namespace}/${pod.name}`;
    const process = processes.get(workloadProcessName(pod));
    const networkNamespace = podNetworkNamespace(node, pod);
    rows.push(
      { namespace: K8S_NAMESPACE, id: podName, podId: podName, name: podName, image: PAUSE_IMAGE, pid: process ? process.pid - 1 : 0, status: 'SANDBOX_READY', internalId: containerId(node, `${podName}/sandbox`), uid: pod.uid, networkNamespace, cpuNs: 0, memoryBytes: 0 },
      { namespace: K8S_NAMESPACE, id: `${podName}:${pod.container}:${pod.containerId.slice(0, 12)}`, podId: podName, name: pod.container, image: pod.image, status: 'CONTAINER_RUNNING', internalId: pod.containerId, uid: '', networkNamespace: '', ...fromProcess(process) },
    );
  }
  return rows;
}

/** containerd's own inspector on the CRI namespace: pod sandboxes and containers by their labels. */
function containerdView(rows: ContainerRow[]): ContainerRow[] {
  return rows.map((row) => ({ ...row, id: row.id === row.podId ? row.podId : `${row.podId}:${row.name}`, status: 'RUNNING' }));
}

/** getContainerInspector: the driver and namespace pick the inspector (machined's texts). */
export function containerRows(node: VirtualNode, namespace: string, driver: string): ContainerRow[] {
  if (namespace === '') throw new TalosApiError('InvalidArgument', "namespace can't be empty");
  const processes = new Map(processTable(node).map((entry) => [entry.name, entry]));
  if (driver === CRI) {
    if (namespace !== K8S_NAMESPACE) throw goError('CRI inspector is supported only for K8s namespace');
    return kubernetesContainers(node, processes);
  }
  if (namespace === SYSTEM_NAMESPACE) return systemContainers(node, processes);
  if (namespace === K8S_NAMESPACE) return containerdView(kubernetesContainers(node, processes));
  return [];
}

const containers: UnaryHandler = (request: { namespace: string; driver: string }, { node }) =>
  single({
    containers: containerRows(node, request.namespace, request.driver).map((row) => ({
      namespace: row.namespace,
      id: row.id,
      image: row.image,
      pid: row.pid,
      status: row.status,
      pod_id: row.podId,
      name: row.name,
      network_namespace: row.networkNamespace,
      internal_id: row.internalId,
      uid: row.uid,
    })),
  });

const stats: UnaryHandler = (request: { namespace: string; driver: string }, { node }) =>
  single({
    stats: containerRows(node, request.namespace, request.driver).map((row) => ({
      namespace: row.namespace,
      id: row.id,
      memory_usage: row.memoryBytes,
      cpu_usage: row.cpuNs,
      pod_id: row.podId,
      name: row.name,
    })),
  });

export const containerHandlers: Record<string, UnaryHandler> = { Containers: containers, Stats: stats };
