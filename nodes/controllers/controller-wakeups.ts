// Which controllers a change wakes, the way Talos's controller runtime queues a reconcile only for
// the controllers that watch what changed: a node keeps the set of its controllers woken since its
// last pass began (a bit each), and a pass looks at the inputs of those only. A resource write
// wakes the controllers that read its type (controller-resources.ts), a service's state or health
// the mount requests, an etcd change the VIP's owner; a change of what controllers read besides
// resources (a status field, a task as it starts, the node's addresses) wakes them all without
// asking a pass, a controller's run wakes itself (RUN_WAKES: the volume manager also the disks'
// readers), and anything that asks a pass without saying who reads its change (a command, the
// lifecycle, a fault, a timer) wakes them all too. A controller that has not run this boot, or
// whose last inputs were `undefined` (it reads the clock then), is looked at on every pass, woken
// or not: skipping a look never skips a run a look would have made, so passes run the same
// controllers in the same order as when every pass looked at every one, and every trace is
// unchanged.
// Looked at on every pass, as before (run-controllers.ts): Kubernetes, identity and MachineStatus
// (they read other nodes' state: the API's availability, discovery, the Kubernetes Node), the
// network while it holds a DHCP lease (its inputs follow the lease's times), the /etc files and the
// OOM handler (their own checks are a comparison each).
// `setWakeupCheck(true)` makes a pass also compute the inputs of the controllers it skips and note
// any that moved (a change that woke nobody): test/node/controller-wakeups.test.ts runs the bundled
// scenarios that way.
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
} as const;

/** Every gated controller: what a change whose readers are not known wakes. */
export const WAKE_ALL = (1 << 9) - 1;

/** A service's state or health: the system volumes' mount requests follow the services that hold them. */
export const WAKE_ON_SERVICE = WAKE.mounts;

/** etcd's members or leader: the VIP follows the leader. */
export const WAKE_ON_ETCD = WAKE.network;

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
};

/**
 * What a controller's run changes besides resources, for the controllers that read it: the volume
 * manager partitions and formats disks (which hardware and discovery read). Any other run wakes only
 * itself (its next look sees what it changed of its own inputs); addresses and status fields wake
 * all where they change.
 */
const RUN_WAKES: Readonly<Record<number, number>> = {
  [WAKE.volumes]: WAKE.hardware | WAKE.volumeDiscovery | WAKE.volumes,
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
  readonly controllerState: { readonly inputs: ControllerInputs };
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
 * Whether the pass runs the controller `name` (its WAKE `bit`): woken (or not run this boot, or
 * its last inputs undefined) and its inputs changed (controller-inputs.ts). Its inputs are
 * computed only then. A run wakes itself (RUN_WAKES: the volume manager also the disks' readers),
 * so its next look sees what it changed of its own inputs.
 */
export function controllerDue<Node extends WakeableNode>(node: Node, bit: number, name: string, inputsOf: (node: Node) => readonly unknown[] | undefined): boolean {
  if ((node.passWakes & bit) === 0 && incrementalControllers() && node.controllerState.inputs.has(name)) {
    if (checking) noteIfMoved(node, name, inputsOf(node));
    return false;
  }
  if (!inputsChanged(node, name, inputsOf(node))) return false;
  node.wakeControllers(RUN_WAKES[bit] ?? bit);
  return true;
}

function noteIfMoved(node: WakeableNode, name: string, inputs: readonly unknown[] | undefined): void {
  const last = node.controllerState.inputs.get(name)!;
  if (inputs !== undefined && sameInputs(last, inputs)) return;
  missed.push(`${name} on ${node.name}`);
}
