// Which controllers a change wakes, the way Talos's controller runtime queues a reconcile only for
// the controllers that watch what changed: a node keeps the set of its controllers woken since its
// last pass began (a bit each), and a pass looks at the inputs of those only. A resource write
// wakes the controllers that read its type (controller-resources.ts); a service's state or health
// the waits on services (the sequencer's, other services'), MachineStatus for a service it
// requires, Kubernetes for kubelet and the mount requests when the service took or dropped them
// (wakesOnService); an etcd change the VIP's owner and identity (its EtcdMember); a change of what
// controllers read besides resources (a status field, a task as it starts, the node's addresses)
// wakes them all without asking a pass, kubelet's status fields Kubernetes only; a controller's
// run wakes itself (RUN_WAKES: the volume manager also the disks' readers; MachineStatus nobody),
// Kubernetes's run MachineStatus; a controller's own timer only itself (DHCP, NTP, a volume's
// phase, kubelet's, the static pods', the CNI's, the node monitor's, an OOM sample); anything that
// asks a pass without saying who reads its change (a command, the lifecycle, a fault) wakes them
// all. What changes without waking anyone, the way a Talos controller requeues after a duration
// or watches another node, is an OutsideInputs the pass compares on every pass instead of the
// inputs: a time the inputs change at (a DHCP lease's renewal, the static pods' start, the CNI's
// readiness, a memory pressure's decay), a cluster-wide count (discovery's directory, the API's
// changes for this node's kubelet), the lifecycle's state, the Kubernetes Node, whether kubelet
// reaches a kube-apiserver and the API's availability (looked at on every pass while etcd's
// commits may time out: its commit latency moves with the virtual millisecond then). A
// controller that has not run this boot, or whose last inputs were `undefined` (it reads the
// clock then), is looked at on every pass, woken or not: skipping a look never skips a run a look
// would have made, so passes run the same controllers in the same order as when every pass looked
// at every one, and every trace is unchanged.
// Looked at on every pass, as before: running services' health that follows the cluster (etcd)
// and services deciding their pre state (etcd's membership).
// `setWakeupCheck(true)` makes a pass also compute the inputs of the controllers it skips and note
// any that moved (a change that woke nobody), and the waits and /etc files it skips answer again
// (wakeupCheck, noteMissedWakeup): test/node/controller-wakeups.test.ts runs the bundled scenarios
// that way.
import { PASS_RESOURCES } from './controller-resources.ts';
import { inputsChanged, incrementalControllers, sameInputs, type ControllerInputs } from './controller-inputs.ts';

/** The controllers a pass gates by wakeups, one bit each, in pass order. */
export const WAKE = {
  hardware: 1 << 0,
  volumeDiscovery: 1 << 1,
  network: 1 << 2,
  nodeAddress: 1 << 3,
  networkStatus: 1 << 4,
  time: 1 << 5,
  volumes: 1 << 6,
  mounts: 1 << 7,
  componentSpecs: 1 << 8,
  identity: 1 << 9,
  /**
   * The waits on services: the sequencer's tasks that wait for services to be up or finished
   * (nodes/sequences/sequencer.ts), and services waiting for their dependencies and conditions
   * (nodes/node-services.ts recheckAll).
   */
  serviceWaits: 1 << 10,
  machineStatus: 1 << 11,
  /** The /etc files (files.EtcFileController, nodes/filesystem/immutable-fs.ts). */
  etcFiles: 1 << 12,
  /** Kubernetes (kubelet, the static pods, the Node's labels): kubelet's state, its status fields and timers. */
  kubernetes: 1 << 13,
  /** The OOM handler's sampling timer (runtime.OOMController). */
  oom: 1 << 14,
} as const;

/** Every gated controller: what a change whose readers are not known wakes. */
export const WAKE_ALL = (1 << 15) - 1;

/**
 * Every service's state and health at once (power loss): the system volumes' mount requests follow
 * the services that hold them, the sequencer's tasks that wait for services read whether they are
 * up or finished, MachineStatus whether the required ones run and are healthy.
 */
export const WAKE_ON_SERVICE = WAKE.mounts | WAKE.serviceWaits | WAKE.machineStatus | WAKE.kubernetes;

/**
 * One service's state or health: the sequencer's waits always; the mounts when it took or dropped
 * its mount requests (system-volumes.ts); MachineStatus when it is one of those it requires;
 * Kubernetes when it is kubelet.
 */
export function wakesOnService(mountsMoved: boolean, machineStatusReads: boolean, kubelet = false): number {
  return WAKE.serviceWaits | (mountsMoved ? WAKE.mounts : 0) | (machineStatusReads ? WAKE.machineStatus : 0) | (kubelet ? WAKE.kubernetes : 0);
}

/** etcd's members or leader: the VIP follows the leader; identity writes this node's EtcdMember. */
export const WAKE_ON_ETCD = WAKE.network | WAKE.identity;

/** The gated controllers of controller-resources.ts's steps (the other steps run on every pass). */
const STEP_WAKES: Readonly<Record<string, number>> = {
  'hardware-controller': WAKE.hardware,
  'volume-discovery-controller': WAKE.volumeDiscovery,
  'network-controller': WAKE.network,
  'node-address-controller': WAKE.nodeAddress,
  'network-status-controller': WAKE.networkStatus,
  'time-controller': WAKE.time,
  'volume-controller': WAKE.volumes,
  'mount-controller': WAKE.mounts,
  'component-specs-controller': WAKE.componentSpecs,
  'kubernetes-controller': WAKE.kubernetes,
  'node-label-sync': WAKE.kubernetes,
};

/**
 * What a controller's run changes besides resources, for the controllers that read it: the volume
 * manager partitions and formats disks (which hardware and discovery read) and readies EPHEMERAL
 * (which the sequencer's mount task reads, on every pass). MachineStatus's run changes nothing it
 * reads (it writes only its own status, which no step of a pass reads). Any other run wakes only
 * itself (its next look sees what it changed of its own inputs); addresses and status fields wake
 * all where they change.
 */
const RUN_WAKES: Readonly<Record<number, number>> = {
  [WAKE.volumes]: WAKE.hardware | WAKE.volumeDiscovery | WAKE.volumes,
  [WAKE.machineStatus]: 0,
};

const readersByType = new Map<string, number>();
for (const [step, declaration] of Object.entries(PASS_RESOURCES)) {
  for (const type of declaration.reads) readersByType.set(type, (readersByType.get(type) ?? 0) | (STEP_WAKES[step] ?? 0));
}

/** The gated controllers a write of `type` wakes (0: only steps that run on every pass read it). */
export function wakesOnWrite(type: string): number {
  return readersByType.get(type) ?? 0;
}

interface WakeableNode {
  readonly name: string;
  readonly controllerState: { readonly inputs: ControllerInputs; readonly outsideNoted: Map<string, unknown> };
  readonly passWakes: number;
  wakeControllers(wakes: number): void;
}

let checking = false;
const missed: string[] = [];

/** Also compute the inputs of every controller a pass skips, noting those that moved without a wake (tests). */
export function setWakeupCheck(on: boolean): void {
  checking = on;
  missed.length = 0;
}

/** `<controller> on <node>` for every skip whose inputs had moved, since the check was switched on. */
export function missedWakeups(): readonly string[] {
  return missed;
}

/**
 * What a controller's inputs follow that changes without waking it, the way a Talos controller
 * requeues itself after a duration or watches another node's state: a number noted at each look
 * (a virtual time the inputs change at, a cluster-wide change count) and whether it has moved
 * since. A pass looks at the controller when it moved, woken or not.
 */
export interface OutsideInputs<Node, Noted = number> {
  note(node: Node): Noted;
  moved(node: Node, noted: Noted): boolean;
}

/**
 * Whether the pass runs the controller `name` (its WAKE `bit`): woken (or not run this boot, or
 * its last inputs undefined, or what `outside` follows moved) and its inputs changed
 * (controller-inputs.ts). Its inputs are computed only then. A run wakes itself (RUN_WAKES: the
 * volume manager also the disks' readers), so its next look sees what it changed of its own inputs.
 */
export function controllerDue<Node extends WakeableNode, Noted>(node: Node, bit: number, name: string, inputsOf: (node: Node) => readonly unknown[] | undefined, outside?: OutsideInputs<Node, Noted>): boolean {
  if (lookSkipped(node, bit, name, inputsOf, outside)) return false;
  const inputs = inputsOf(node);
  if (outside) noteOutside(node, name, outside);
  if (!inputsChanged(node, name, inputs)) return false;
  node.wakeControllers(RUN_WAKES[bit] ?? bit);
  return true;
}

/**
 * Whether a pass skips the look at the controller `name` (its WAKE `bit`): not woken, its inputs
 * on record (it ran this boot and they were not undefined) and what `outside` follows has not
 * moved. Under setWakeupCheck a skip computes the inputs anyway and notes them if they moved. For
 * a controller that looks itself (Kubernetes remembers what it reads after its run):
 * controllerDue is this, the look and the run.
 */
export function lookSkipped<Node extends WakeableNode, Noted>(node: Node, bit: number, name: string, inputsOf: (node: Node) => readonly unknown[] | undefined, outside?: OutsideInputs<Node, Noted>): boolean {
  if ((node.passWakes & bit) !== 0 || !incrementalControllers() || !node.controllerState.inputs.has(name) || outsideMoved(node, name, outside)) return false;
  if (checking) noteIfMoved(node, name, inputsOf(node));
  return true;
}

/** Notes what `outside` follows, as it is when the inputs on record were read. */
export function noteOutside<Node extends WakeableNode, Noted>(node: Node, name: string, outside: OutsideInputs<Node, Noted>): void {
  node.controllerState.outsideNoted.set(name, outside.note(node));
}

function outsideMoved<Node extends WakeableNode, Noted>(node: Node, name: string, outside: OutsideInputs<Node, Noted> | undefined): boolean {
  if (outside === undefined) return false;
  const noted = node.controllerState.outsideNoted;
  return !noted.has(name) || outside.moved(node, noted.get(name) as Noted);
}

/** Whether skipped looks are checked (setWakeupCheck): a caller that gates a look of its own checks it too. */
export function wakeupCheck(): boolean {
  return checking;
}

/** A skipped look that would have acted (a caller's own check, under setWakeupCheck). */
export function noteMissedWakeup(what: string): void {
  missed.push(what);
}

function noteIfMoved(node: WakeableNode, name: string, inputs: readonly unknown[] | undefined): void {
  const last = node.controllerState.inputs.get(name)!;
  if (inputs !== undefined && sameInputs(last, inputs)) return;
  missed.push(`${name} on ${node.name}`);
}
