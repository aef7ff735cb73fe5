// What a node needs from the world it lives in, declared by the node layer and implemented by the
// cluster (sim/cluster/world.ts): the kernel, seeded streams and trace, the LAN as the node sees it
// (DHCP, its addresses, who it can reach), the cluster's etcd and Kubernetes API as a member uses
// them, and discovery's member directory. Nodes and the API edge type their world with these
// interfaces only, so nothing under nodes/ imports the cluster. Leaves out: fault controls and
// whatever only the cluster, faults or scenarios touch.
import type { Kernel } from '../sim/kernel/kernel.ts';
import type { RandomTree } from '../sim/kernel/random-tree.ts';
import type { TraceRecorder } from '../sim/kernel/trace.ts';
import type { NodeFacts } from './kubernetes-node-facts.ts';

/** The simulated client (talosctl) as a network endpoint. */
export const CLIENT_ENDPOINT = 'client';
/** The cluster's KMS server (a scenario's `cluster.kms`) as a network endpoint. */
export const KMS_ENDPOINT = 'kms';

/** One KMSService call (siderolabs/kms-client's Request): the caller's machine UUID and the bytes to seal or unseal. */
export interface KmsRequest {
  nodeUuid: string;
  data: Uint8Array;
}

/** What a node's KMS key handler gets back: the response's data, or the error text Talos's gRPC client returns. */
export type KmsAnswer = { data: Uint8Array } | { error: string };

/** KMS endpoints as a node's encryption key handler reaches them over the LAN. */
export interface NodeKms {
  /** Calls `method` at `endpoint` (a key's `kms.endpoint`, as Talos parses it) from `node`. */
  call(node: string, endpoint: string, method: 'Seal' | 'Unseal', request: KmsRequest): KmsAnswer;
}

/** The LAN as nodes use it: their leases and addresses, and which paths carry traffic. */
export interface NodeNetwork {
  readonly subnet: string;
  readonly gateway: string;
  readonly prefixLength: number;
  /** Grows whenever any node's addresses or a partition change. */
  readonly version: number;
  /** Grows whenever a partition is made or healed. */
  readonly partitionVersion: number;
  /** Whether an IPv4 address lies in the LAN's subnet. */
  inSubnet(ip: string): boolean;
  reserve(mac: string, ip: string): void;
  dhcpLease(mac: string): string | undefined;
  setAddresses(node: string, link: string, cidrs: string[]): void;
  clearNode(node: string): void;
  addressesOf(node: string): string[];
  nodeAt(ip: string): string | undefined;
  canReach(from: string, to: string): boolean;
  canTalk(a: string, b: string): boolean;
  latencyMs(from: string, to: string): number;
  upstreamReachable(node: string): boolean;
}

export interface EtcdMemberState {
  node: string;
  /** 16 hex digits, as `talosctl etcd members` prints. */
  id: string;
  peerUrl: string;
  clientUrl: string;
  isLearner: boolean;
  /** The etcd process on the node is up. */
  running: boolean;
}

/** The cluster's etcd as its members and the API see it. */
export interface NodeEtcd {
  readonly members: ReadonlyMap<string, EtcdMemberState>;
  /** Nodes whose etcd data directory holds data (bootstrap there fails with AlreadyExists). */
  readonly dataDirectories: ReadonlySet<string>;
  readonly leader: string | undefined;
  readonly term: number;
  readonly bootstrapped: boolean;
  bootstrap(node: string, ip: string): EtcdMemberState;
  canJoin(node: string): boolean;
  join(node: string, ip: string): EtcdMemberState;
  setRunning(node: string, running: boolean): void;
  remove(node: string): boolean;
  wipeData(node: string): void;
  hasQuorum(): boolean;
  commitLatencyMs(): number;
  healthFailure(node: string, commitLatencyMs?: number): string | null;
  reevaluate(): void;
  /** Hands leadership from `node` to another voter (etcd's MoveLeader); the successor, or undefined when `node` does not lead. */
  moveLeader(node: string): string | undefined;
}

/** What nodes and the API edge read of a Kubernetes Node object (the cluster's holds more). */
export interface KubernetesNodeView {
  name: string;
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
  ready: boolean;
  registeredMs: number;
  /** Grows on every write of the Node (what the Kubernetes controller's inputs compare). */
  readonly resourceVersion: number;
  /** Since when kubelet's heartbeats stopped reaching an API server, if they did. */
  readonly heartbeatLostMs: number | undefined;
}

/** A workload pod kubelet runs on a node (DaemonSet and Deployment pods; static pods are the node's own). */
export interface WorkloadPodView {
  namespace: string;
  name: string;
  uid: string;
  /** Its one container's name and image. */
  container: string;
  image: string;
  /** containerd's 64-hex id of that container. */
  containerId: string;
  /** Runs in the host's network namespace (no pod network namespace of its own). */
  hostNetwork: boolean;
  /** Its address in the pod network, for a pod with its own network namespace. */
  podIp?: string;
}

/** The Kubernetes API as kubelets and the API edge use it. */
export interface NodeKubernetes {
  readonly nodes: ReadonlyMap<string, KubernetesNodeView>;
  /** Mirror pods by name (`<component>-<node>`); an entry is replaced, not changed, when it changes. */
  readonly mirrorPods: ReadonlyMap<string, unknown>;
  readonly apiAvailable: boolean;
  apiServerNodes(): readonly string[];
  setApiServerRunning(node: string, running: boolean): void;
  apiUnavailableReason(): string | null;
  /** Grows whenever what a kubelet reads of the API about `name` changes (its Node, heartbeats, mirror pods, which nodes run kube-apiserver). */
  changesFor(name: string): number;
  /** Moves when apiUnavailableReason() can answer differently; NaN while it can move with the clock (draws nothing). */
  availabilityKey(): number;
  /** kubelet registers the Node (labels come after, from NodeApplyController). */
  register(name: string, taints: Readonly<KubernetesNodeView['taints']>, facts?: NodeFacts): boolean;
  /** Sets `keys` of `labels` on the Node in place (one piece of NodeApplyController's patch, the `last` one publishes it); false when the API does not answer. */
  patchLabels(name: string, labels: Readonly<Record<string, string>>, keys: readonly string[], last: boolean): boolean;
  applyTaints(name: string, taints: Readonly<KubernetesNodeView['taints']>): boolean;
  setReady(name: string, ready: boolean, notReadyMessage?: string): void;
  markUnknown(name: string): void;
  setDiskPressure(name: string, pressure: boolean): void;
  /** kubelet's status updates and Lease renewals reach an API server (or stop reaching one). */
  heartbeat(name: string, reaching: boolean): void;
  setMirrorPod(node: string, component: string, state: { running: boolean; ready: boolean; image: string; configVersion: string; configHash: string }): void;
  /** The workload pods bound to the Kubernetes node `name` (kube-proxy, kube-flannel, coredns replicas placed there). */
  workloadPods(name: string): WorkloadPodView[];
  remove(name: string): void;
}

/** One member of discovery's directory. */
export interface MemberInfo {
  name: string;
  nodeId: string;
  hostname: string;
  addresses: string[];
  machineType: string;
  version: string;
}

/** A command that reached a node (through the API, the UI or the auto-bootstrap), as a journal hears it. */
export interface HeardCommand {
  node: string;
  /** Virtual ms when the command reached the node. */
  atMs: number;
  command: 'apply-config' | 'bootstrap' | 'reboot' | 'shutdown' | 'reset' | 'upgrade' | 'service' | 'debug-shell-edit' | 'etcd' | 'kubectl';
  /** Its arguments, named as a scenario step names them. */
  args: Record<string, unknown>;
  /** How it ended: settled already for a synchronous command; an apply settles once its config is persisted. */
  outcome: {
    readonly done: boolean;
    readonly error?: Error;
    readonly result?: unknown;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    then(onDone: (result: any) => void, onError: (error: Error) => void): void;
  };
}

/** Hears every node command of a cluster (`talsim up --record`); absent, nobody listens. */
export interface CommandJournal {
  heard(command: HeardCommand): void;
}

export interface NodeWorld {
  readonly kernel: Kernel;
  readonly random: RandomTree;
  readonly trace: TraceRecorder;
  readonly network: NodeNetwork;
  readonly etcd: NodeEtcd;
  readonly kubernetes: NodeKubernetes;
  /** KMS endpoints (the cluster's declared KMS server, if any). */
  readonly kms: NodeKms;
  /** Wall-clock ms that virtual time 0 stands for. */
  readonly epochWallMs: number;
  /** Discovery: the configured, powered nodes of the cluster; recomputed only when `directoryVersion()` moves. */
  memberDirectory(): MemberInfo[];
  /** The members every node lists once the cluster is larger than `limit` (see sim/cluster/world.ts). */
  listedMembers(limit: number): { shared: MemberInfo[]; byName: { get(name: string): MemberInfo | undefined } };
  /** Changes whenever the directory may have changed (addresses, partitions, configs). */
  directoryVersion(): string;
  /** Grows on every change that may move `directoryVersion()` or a directory entry (an address, a partition, a config): cheaper to compare than the version. */
  directoryChanges(): number;
  /** Bumped when a node's config (machine type, hostname) changes. */
  configGeneration: number;
  /** The latency of an fsync issued at virtual time `atMs` on a node's system disk, ms (keyed: reading draws nothing). */
  fsyncLatencyMs(node: string, atMs: number): number;
  /** Who hears the commands that reach the nodes (`talsim up --record`); usually nobody. */
  commandJournal?: CommandJournal;
}
