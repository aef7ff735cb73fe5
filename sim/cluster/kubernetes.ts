// The Kubernetes control plane as a model: the API server answers when some control plane runs
// kube-apiserver and etcd has quorum with acceptable latency; kubelets register their nodes with
// labels, taints and the facts they report (addresses, capacity, nodeInfo); kubelet posts the
// node's conditions (Ready, DiskPressure...) and renews its Lease every 10 s while it reaches an
// API server; the node controller turns the conditions Unknown after the grace period; mirror
// pods of the control plane's static pods; Events; the few writes troubleshooters make (cordon,
// labels, deleting a mirror pod, evicting a coredns pod). Every change bumps one resourceVersion counter and is announced
// to listeners (the API edge's watches). Leaves out: scheduling, controllers' other logic,
// namespaces other than the built-in four.
import type { TraceRecorder } from '../kernel/trace.ts';
import type { RandomTree } from '../kernel/random-tree.ts';
import { ETCD_REQUEST_TIMEOUT_MS, type EtcdCluster } from './etcd-cluster.ts';
import { KubernetesEvents, type KeptEvents, type KubeChange, type KubeChangeType, type KubeEventSource } from './kubernetes-events.ts';
import { CorednsReplicas, type CorednsReplica } from './kubernetes-coredns.ts';
import type { NodeFacts } from '../../nodes/kubernetes-node-facts.ts';
import type { NodeKubernetes, WorkloadPodView } from '../../nodes/node-world.ts';
import { corednsPod, daemonPod } from './kubernetes-pod-identity.ts';

export type { NodeFacts };
export type { KubeChange, KubeChangeType, KubeObjectKind } from './kubernetes-events.ts';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface NodeCondition {
  status: ConditionStatus;
  reason: string;
  message: string;
  transitionMs: number;
}


export interface KubernetesNode {
  name: string;
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
  ready: boolean;
  registeredMs: number;
  uid: string;
  resourceVersion: number;
  unschedulable: boolean;
  facts: NodeFacts;
  /** Index among registrations (pod CIDR 10.244.<index>.0/24). */
  index: number;
  readyCondition: NodeCondition;
  diskPressure: NodeCondition;
  /** Memory and PID pressure: reported False by kubelet, Unknown once the node controller gives up. */
  otherConditionsUnknownMs: number | undefined;
  /** Kubelet's status updates and Lease renewals (every 10 s) run since this time... */
  heartbeatFromMs: number;
  /** ...until this time (undefined: they still reach an API server). */
  heartbeatLostMs: number | undefined;
}

export interface MirrorPod {
  name: string;
  node: string;
  component: string;
  uid: string;
  resourceVersion: number;
  createdMs: number;
  startedMs: number;
  ready: boolean;
  image: string;
  configVersion: string;
  /** kubelet's config hash of the static pod (its UID, the CRI sandbox's uid): the `kubernetes.io/config.hash` annotation. */
  configHash: string;
}


/** What the API server's objects in etcd keep across a power cut. */
export interface KeptKubernetes {
  revision: number;
  registrations: number;
  nodes: KubernetesNode[];
  mirrorPods: MirrorPod[];
  /** The coredns replicas' pods: where each was placed (absent in state kept before they were). */
  coredns?: CorednsReplica[];
  /** The Events (absent in state kept before they were). */
  events?: KeptEvents;
}

/** kubelet's nodeStatusUpdateFrequency and the Lease renew interval, ms. */
export const NODE_STATUS_UPDATE_MS = 10_000;
/** kubelet notices a deleted mirror pod at its next pod sync and creates it again, ms. */
const MIRROR_POD_RESYNC_MS = 1_000;
/** Lease duration kubelet asks for, s. */
export const NODE_LEASE_DURATION_S = 40;

export class KubernetesCluster implements NodeKubernetes {
  readonly nodes = new Map<string, KubernetesNode>();
  readonly mirrorPods = new Map<string, MirrorPod>();
  readonly events: KubernetesEvents;
  /** The coredns Deployment's replicas (placed as nodes turn Ready, moved only by eviction). */
  readonly coredns = new CorednsReplicas(() => this.bump());
  /** Control-plane nodes whose kube-apiserver static pod is running. */
  private readonly apiServers = new Set<string>();
  private revision = 1;
  private readonly listeners = new Set<(change: KubeChange) => void>();
  private registrations = 0;
  private commitsTimedOut = false;
  /** Changes of a node's Node object, heartbeats and mirror pods, by node name (what its kubelet reads of the API). */
  private readonly nodeChangeCounts = new Map<string, number>();
  /** Changes of which nodes run kube-apiserver, and restores. */
  private apiServerChangeCount = 0;

  constructor(
    private readonly etcd: EtcdCluster,
    private readonly trace: TraceRecorder,
    private readonly clock: { readonly now: number; schedule?(delayMs: number, label: string, action: () => void): unknown },
    private readonly random?: RandomTree,
  ) {
    this.events = new KubernetesEvents(() => this.bump(), (change) => this.emit(change), clock, (path) => this.uid(path));
  }

  /** The newest resourceVersion handed out. */
  get resourceVersion(): number {
    return this.revision;
  }

  onChange(listener: (change: KubeChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many kubelets ever registered (the next one's pod CIDR index). */
  get registrationCount(): number {
    return this.registrations;
  }

  /** The stored objects as etcd holds them. */
  kept(): KeptKubernetes {
    return {
      revision: this.revision,
      registrations: this.registrations,
      nodes: [...this.nodes.values()].map((node) => structuredClone(node)),
      mirrorPods: [...this.mirrorPods.values()].map((pod) => ({ ...pod })),
      coredns: this.coredns.replicas.map((replica) => ({ ...replica })),
      events: this.events.kept(),
    };
  }

  /**
   * The stored objects back as etcd kept them, before any node runs: every kubelet's heartbeats
   * stopped at `cutMs` (the node controller marks the nodes Unknown once its grace period passes,
   * unless the kubelets post again first), no kube-apiserver running.
   */
  restore(kept: KeptKubernetes, cutMs: number): void {
    this.revision = Math.max(this.revision, kept.revision);
    this.registrations = kept.registrations;
    for (const node of kept.nodes) this.nodes.set(node.name, { ...structuredClone(node), heartbeatLostMs: node.heartbeatLostMs ?? cutMs });
    for (const pod of kept.mirrorPods) this.mirrorPods.set(pod.name, { ...pod, configHash: pod.configHash ?? '' });
    if (kept.coredns) this.coredns.restore(kept.coredns);
    if (kept.events) this.events.restore(kept.events);
    this.apiServerChangeCount++;
  }

  /**
   * A count that grows whenever something a kubelet reads of the API about `name` changes without
   * the kubelet doing it (or with it): its Node (object, resourceVersion, heartbeats), its mirror
   * pods; also which nodes run kube-apiserver and a restore. The Kubernetes controller's looks
   * follow it (nodes/controllers/kubernetes-controller.ts kubernetesOutside).
   */
  changesFor(name: string): number {
    return (this.nodeChangeCounts.get(name) ?? 0) + this.apiServerChangeCount;
  }

  private nodeChanged(name: string): void {
    this.nodeChangeCounts.set(name, (this.nodeChangeCounts.get(name) ?? 0) + 1);
  }

  /**
   * A key of what apiUnavailableReason() answers that moves when it can answer differently
   * (kube-apiserver running anywhere, etcd's quorum), or NaN when it can move with the clock: etcd's
   * commits may time out (etcd-cluster.ts commitsMayTimeOut) or were last seen timing out. Reading
   * it draws nothing and leaves `apiAnswering` as it was.
   */
  availabilityKey(): number {
    if (this.apiServers.size === 0) return 0;
    if (!this.etcd.hasQuorum()) return 1;
    return this.commitsTimedOut || this.etcd.commitsMayTimeOut() ? NaN : 2;
  }

  /** Control-plane nodes whose kube-apiserver runs (what a kubelet can post its status to). */
  /** The nodes whose kube-apiserver runs (one array kept until that changes: kubelet asks on every pass). */
  apiServerNodes(): readonly string[] {
    return (this.apiServerList ??= [...this.apiServers]);
  }

  private apiServerList: readonly string[] | undefined;

  setApiServerRunning(node: string, running: boolean): void {
    if (running === this.apiServers.has(node)) return;
    if (running) this.apiServers.add(node);
    else this.apiServers.delete(node);
    this.apiServerList = undefined;
    this.apiServerChangeCount++;
    this.emit({ kind: 'Node', type: 'MODIFIED', key: '', resourceVersion: this.revision });
  }

  /** Why the API is not available from `node`, or null when it answers. */
  apiUnavailableReason(): string | null {
    if (this.apiServers.size === 0) return 'kube-apiserver is not running';
    if (!this.etcd.hasQuorum()) return 'etcd has no quorum';
    this.commitsTimedOut = this.etcd.commitLatencyMs() > ETCD_REQUEST_TIMEOUT_MS;
    if (this.commitsTimedOut) return 'etcd requests time out (slow commits)';
    return null;
  }

  /**
   * Whether the API answers, for readers outside the simulation (the API edge): like
   * `apiAvailable` but without drawing a commit latency (that would shift the disks' random
   * streams); slow commits count as last seen by the simulation.
   */
  get apiAnswering(): boolean {
    return this.apiServers.size > 0 && this.etcd.hasQuorum() && !this.commitsTimedOut;
  }

  get apiAvailable(): boolean {
    return this.apiUnavailableReason() === null;
  }

  /** kubelet registers (or re-registers) its node; only while the API answers. */
  register(name: string, taints: Readonly<KubernetesNode['taints']>, facts?: NodeFacts): boolean {
    if (!this.apiAvailable) return false;
    const existing = this.nodes.get(name);
    if (existing) {
      if (facts && facts.bootId !== existing.facts.bootId) {
        existing.facts = facts;
        this.touchNode(existing);
        this.events.record({ kind: 'Node', name, uid: name }, 'Starting', 'Starting kubelet.', 'Normal', kubeletSource(name));
      }
      return true;
    }
    const now = this.clock.now;
    const kubeletReported = (reason: string, message: string): NodeCondition => ({ status: 'False', reason, message, transitionMs: now });
    const node: KubernetesNode = {
      name,
      labels: {},
      taints: [...taints],
      ready: false,
      registeredMs: now,
      uid: this.uid(`node/${name}`),
      resourceVersion: 0,
      unschedulable: false,
      facts: facts ?? defaultFacts(),
      index: this.registrations++,
      readyCondition: kubeletReported('KubeletNotReady', 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'),
      diskPressure: kubeletReported('KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      otherConditionsUnknownMs: undefined,
      heartbeatFromMs: now,
      heartbeatLostMs: undefined,
    };
    this.nodes.set(name, node);
    this.touchNode(node, 'ADDED');
    this.trace.record(name, 'k8s.node-registered', { taints: taints.length });
    const source = kubeletSource(name);
    const involved = { kind: 'Node', name, uid: name };
    this.events.record(involved, 'Starting', 'Starting kubelet.', 'Normal', source);
    this.events.record(involved, 'NodeHasSufficientMemory', `Node ${name} status is now: NodeHasSufficientMemory`, 'Normal', source);
    this.events.record(involved, 'NodeHasNoDiskPressure', `Node ${name} status is now: NodeHasNoDiskPressure`, 'Normal', source);
    this.events.record(involved, 'NodeHasSufficientPID', `Node ${name} status is now: NodeHasSufficientPID`, 'Normal', source);
    this.events.record(involved, 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods', 'Normal', source);
    this.events.record({ kind: 'Node', name, uid: node.uid }, 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`, 'Normal', { component: 'node-controller' });
    return true;
  }

  /** Talos's NodeApplyController: set the labels and taints the config asks for. */
  /** Nodes whose labels a patch in pieces changed since their last resourceVersion. */
  private readonly labelsPatched = new Set<string>();

  /**
   * One piece of Talos's label patch (k8s.NodeApplyController): sets `keys` of `labels` on the
   * Node in place, so a patch in pieces costs what its pieces hold. The Node gets one new
   * resourceVersion (one watch event, one write of the kept state) when the `last` piece lands,
   * as for one PATCH. False when the API is down.
   */
  patchLabels(name: string, labels: Readonly<Record<string, string>>, keys: readonly string[], last: boolean): boolean {
    const node = this.nodes.get(name);
    if (!node || !this.apiAvailable) return false;
    for (const key of keys) {
      const value = labels[key]!;
      if (node.labels[key] === value) continue;
      node.labels[key] = value;
      this.labelsPatched.add(name);
      this.nodeChanged(name);
    }
    if (last && this.labelsPatched.delete(name)) this.touchNode(node);
    return true;
  }

  applyTaints(name: string, taints: Readonly<KubernetesNode['taints']>): boolean {
    const node = this.nodes.get(name);
    if (!node || !this.apiAvailable) return false;
    if (JSON.stringify(taints) !== JSON.stringify(node.taints)) {
      node.taints = [...taints];
      this.touchNode(node);
    }
    return true;
  }

  /** kubelet's own view of readiness (True: KubeletReady; False: KubeletNotReady with why). */
  setReady(name: string, ready: boolean, notReadyMessage?: string): void {
    const node = this.nodes.get(name);
    if (!node) return;
    const condition = node.readyCondition;
    const reason = ready ? 'KubeletReady' : 'KubeletNotReady';
    const message = ready ? 'kubelet is posting ready status' : (notReadyMessage ?? condition.message);
    const wasUnknown = node.otherConditionsUnknownMs !== undefined;
    if (node.ready === ready && condition.reason === reason && condition.message === message && !wasUnknown) return;
    // Only a flip of Ready evaluates the full availability (it draws a commit latency); the rest reads it.
    if (node.ready !== ready ? !this.apiAvailable : !this.apiAnswering) return;
    const changed = node.ready !== ready || wasUnknown;
    node.readyCondition = { status: ready ? 'True' : 'False', reason, message, transitionMs: changed || condition.status === 'Unknown' ? this.clock.now : condition.transitionMs };
    node.otherConditionsUnknownMs = undefined;
    const wasReady = node.ready;
    node.ready = ready;
    this.touchNode(node);
    if (ready) this.placeCoredns();
    if (wasReady !== ready) {
      this.trace.record(name, ready ? 'k8s.node-ready' : 'k8s.node-not-ready', {});
      const status = ready ? 'NodeReady' : 'NodeNotReady';
      this.events.record({ kind: 'Node', name, uid: name }, status, `Node ${name} status is now: ${status}`, 'Normal', kubeletSource(name));
    }
  }

  /** The node controller: kubelet stopped posting status for longer than the grace period. */
  markUnknown(name: string): void {
    const node = this.nodes.get(name);
    if (!node || node.otherConditionsUnknownMs !== undefined || (node.ready ? !this.apiAvailable : !this.apiAnswering)) return;
    const now = this.clock.now;
    node.readyCondition = { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', transitionMs: now };
    node.diskPressure = { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', transitionMs: now };
    node.otherConditionsUnknownMs = now;
    const wasReady = node.ready;
    node.ready = false;
    this.touchNode(node);
    if (wasReady) this.trace.record(name, 'k8s.node-not-ready', {});
    this.events.record({ kind: 'Node', name, uid: node.uid }, 'NodeNotReady', `Node is not ready`, 'Normal', { component: 'node-controller' });
  }

  /** kubelet's DiskPressure condition (the EPHEMERAL partition, /var, is full). */
  setDiskPressure(name: string, pressure: boolean): void {
    const node = this.nodes.get(name);
    if (!node || node.otherConditionsUnknownMs !== undefined) return;
    const status = pressure ? 'True' : 'False';
    if (node.diskPressure.status === status || !this.apiAnswering) return;
    node.diskPressure = pressure
      ? { status, reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure', transitionMs: this.clock.now }
      : { status, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', transitionMs: this.clock.now };
    this.touchNode(node);
    const reason = pressure ? 'NodeHasDiskPressure' : 'NodeHasNoDiskPressure';
    this.events.record({ kind: 'Node', name, uid: name }, reason, `Node ${name} status is now: ${reason}`, 'Normal', kubeletSource(name));
  }

  /** kubelet's status updates and Lease renewals reach an API server (true) or stopped (false). */
  heartbeat(name: string, reaching: boolean): void {
    const node = this.nodes.get(name);
    if (!node) return;
    if (reaching && node.heartbeatLostMs !== undefined) {
      this.nodeChanged(name);
      node.heartbeatLostMs = undefined;
      node.heartbeatFromMs = this.clock.now;
      this.emit({ kind: 'Lease', type: 'MODIFIED', key: name, resourceVersion: this.bump() });
    } else if (!reaching && node.heartbeatLostMs === undefined) {
      this.nodeChanged(name);
      node.heartbeatLostMs = this.clock.now;
    }
  }

  /** Last time kubelet posted status / renewed its Lease (a 10 s cadence since heartbeats began). */
  lastHeartbeatMs(node: KubernetesNode, nowMs = this.clock.now): number {
    const end = Math.min(nowMs, node.heartbeatLostMs ?? nowMs);
    return node.heartbeatFromMs + Math.floor((end - node.heartbeatFromMs) / NODE_STATUS_UPDATE_MS) * NODE_STATUS_UPDATE_MS;
  }

  /** kubelet's mirror of a static pod it runs (created once the API answers). */
  setMirrorPod(node: string, component: string, state: { running: boolean; ready: boolean; image: string; configVersion: string; configHash: string }): void {
    const name = `${component}-${node}`;
    const existing = this.mirrorPods.get(name);
    if (!state.running) {
      if (existing) this.deleteMirror(existing);
      return;
    }
    if (!this.nodes.has(node)) return;
    if (existing && existing.ready === state.ready && existing.image === state.image && existing.configVersion === state.configVersion && existing.configHash === state.configHash) return;
    if (!this.apiAnswering) return;
    const pod: MirrorPod = existing
      ? { ...existing, ready: state.ready, image: state.image, configVersion: state.configVersion, configHash: state.configHash }
      : { name, node, component, uid: this.uid(`pod/${name}/${this.clock.now}`), resourceVersion: 0, createdMs: this.clock.now, startedMs: this.clock.now, ready: state.ready, image: state.image, configVersion: state.configVersion, configHash: state.configHash };
    pod.resourceVersion = this.bump();
    this.mirrorPods.set(name, pod);
    this.nodeChanged(node);
    this.emit({ kind: 'Pod', type: existing ? 'MODIFIED' : 'ADDED', key: `kube-system/${name}`, resourceVersion: pod.resourceVersion });
  }

  /** `kubectl delete pod` of a mirror pod: gone now, kubelet recreates it on its next sync. */
  deleteMirrorPod(name: string): MirrorPod | undefined {
    const pod = this.mirrorPods.get(name);
    if (!pod) return undefined;
    this.deleteMirror(pod);
    this.clock.schedule?.(MIRROR_POD_RESYNC_MS, `kubelet mirror pod ${name}`, () => {
      if (!this.mirrorPods.has(name) && this.nodes.has(pod.node)) this.setMirrorPod(pod.node, pod.component, { running: true, ready: pod.ready, image: pod.image, configVersion: pod.configVersion, configHash: pod.configHash });
    });
    return pod;
  }

  /** `kubectl cordon` / `uncordon`. */
  setUnschedulable(name: string, unschedulable: boolean): KubernetesNode | undefined {
    const node = this.nodes.get(name);
    if (!node) return undefined;
    if (node.unschedulable !== unschedulable) {
      node.unschedulable = unschedulable;
      this.touchNode(node);
      if (!unschedulable) this.placeCoredns();
      this.events.record({ kind: 'Node', name, uid: name }, unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable', `Node ${name} status is now: ${unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable'}`, 'Normal', kubeletSource(name));
    }
    return node;
  }

  /** `kubectl label node`: null removes a label. */
  editLabels(name: string, changes: Record<string, string | null>): KubernetesNode | undefined {
    const node = this.nodes.get(name);
    if (!node) return undefined;
    const labels = { ...node.labels };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete labels[key];
      else labels[key] = value;
    }
    if (!sameRecord(labels, node.labels)) {
      node.labels = labels;
      this.touchNode(node);
    }
    return node;
  }

  remove(name: string): void {
    this.nodes.delete(name);
    this.nodeChanged(name);
    this.apiServers.delete(name);
    this.apiServerList = undefined;
    this.apiServerChangeCount++;
    this.coredns.forget(name, this.clock.now);
    this.placeCoredns();
  }

  workloadPods(name: string): WorkloadPodView[] {
    const node = this.nodes.get(name);
    if (!node) return [];
    const placed = this.coredns.replicas.filter((replica) => replica.node === name).map((replica) => corednsPod(replica, node.index));
    return [daemonPod('kube-flannel', node), daemonPod('kube-proxy', node), ...placed];
  }

  /** The Eviction API on a coredns pod: deleted, its successor created and scheduled. */
  evictCoredns(replica: CorednsReplica): void {
    const before = replica.generation;
    this.emit({ kind: 'Pod', type: 'DELETED', key: `kube-system/coredns#${replica.index}.${before}`, resourceVersion: this.bump() });
    this.coredns.recreate(replica, this.clock.now);
    this.placeCoredns();
    this.emit({ kind: 'Pod', type: 'ADDED', key: `kube-system/coredns#${replica.index}.${replica.generation}`, resourceVersion: replica.resourceVersion });
  }

  private placeCoredns(): void {
    if (this.coredns.place(this.nodes.values(), this.clock.now)) this.emit({ kind: 'Pod', type: 'MODIFIED', key: 'kube-system/coredns', resourceVersion: this.revision });
  }

  private deleteMirror(pod: MirrorPod): void {
    this.mirrorPods.delete(pod.name);
    this.nodeChanged(pod.node);
    this.emit({ kind: 'Pod', type: 'DELETED', key: `kube-system/${pod.name}`, resourceVersion: this.bump() });
  }

  private touchNode(node: KubernetesNode, type: KubeChangeType = 'MODIFIED'): void {
    this.nodeChanged(node.name);
    node.resourceVersion = this.bump();
    this.emit({ kind: 'Node', type, key: node.name, resourceVersion: node.resourceVersion });
  }

  private bump(): number {
    return ++this.revision;
  }

  private emit(change: KubeChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private uid(path: string): string {
    return this.random ? this.random.stream(`kubernetes/uid/${path}`).uuid() : `00000000-0000-4000-8000-${String(this.revision).padStart(12, '0')}`;
  }
}

function kubeletSource(node: string): KubeEventSource {
  return { component: 'kubelet', host: node };
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

function defaultFacts(): NodeFacts {
  return {
    internalIp: '', cpus: 2, memoryBytes: 2 * 1024 ** 3, ephemeralBytes: 10 * 1024 ** 3, arch: 'amd64', machineId: '', systemUuid: '', bootId: '',
    kernelVersion: '', osImage: '', kubeletVersion: '', containerRuntimeVersion: '', controlPlane: false,
  };
}
