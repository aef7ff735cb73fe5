// What a controller sees of its node: the spec it reads (the active config and the settings
// derived from it), the hardware, the resources it reads and writes, the status writers it may
// call, the services' states, its per-boot memory, logging and scheduling through the world's
// kernel. Declared here, implemented by VirtualNode, so no controller imports the node (this is
// what keeps node.ts out of an import ring with its controllers). Leaves out: commands, the
// lifecycle machine and the API.
import type { RandomStream } from '../../sim/kernel/random-tree.ts';
import type { MemberInfo, NodeWorld } from '../node-world.ts';
import type { HardwareProfile } from '../hardware/hardware-profile.ts';
import type { Disk } from '../devices/disk.ts';
import type { Nic } from '../devices/nic.ts';
import type { ResourceStore } from '../resources/resource-store.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { LogStore } from '../logs/log-store.ts';
import type { NodeFaults } from '../node-faults.ts';
import type { NetworkSettings } from '../config-documents.ts';
import type { MachineStage, ServiceState } from '../vocabulary.ts';
import type { ActiveConfig, NodeStatus } from '../node-status.ts';
import type { ControllerInputs } from './controller-inputs.ts';
import type { NodeSpec } from '../node-spec.ts';
import type { PeriodicTimer, TimerHandle } from '../../sim/kernel/kernel.ts';

/** The services' states as controllers and the apply predicate read them. */
export interface ServiceView {
  state(id: string): ServiceState | undefined;
  isUp(id: string): boolean;
  /** The failing health check's message while a running service is unhealthy. */
  failingHealth(id: string): string | undefined;
}

export interface ControllerContext {
  readonly name: string;
  readonly world: NodeWorld;
  readonly resources: ResourceStore;
  readonly events: Pick<EventBus, 'publish'>;
  readonly logs: Pick<LogStore, 'write'>;
  readonly hardware: HardwareProfile;
  readonly disks: readonly Disk[];
  readonly nics: readonly Nic[];
  readonly faults: NodeFaults;
  /** The node's root stream (children drawn by name are stable per seed). */
  readonly random: RandomStream;
  readonly reservedIp: string;
  /** The node's status: its fields to read, its named writers to change them. */
  readonly status: NodeStatus;
  readonly talosVersion: string;
  readonly config: ActiveConfig | undefined;
  readonly timeSynced: boolean;
  readonly bootId: string;
  readonly services: ServiceView;
  /** Per-boot memory of the controllers. */
  readonly controllerState: ControllerMemory;
  /** The active config's typed spec (undefined in maintenance mode). */
  spec(): NodeSpec | undefined;
  stream(name: string): RandomStream;
  hostname(): string;
  addresses(): string[];
  primaryAddress(): string | undefined;
  systemDisk(): Disk | undefined;
  /** Network, time and /etc settings of the active config (cached per config). */
  networkSettings(): NetworkSettings;
  stage(): MachineStage;
  lifecycleState(): string;
  isControlPlane(): boolean;
  /** The node's own idea of the wall clock (true time plus any skew fault). */
  wallTimeMs(): number;
  controllerLog(controller: string, message: string, fields?: Record<string, unknown>, level?: string): void;
  /** Ask for another reconcile pass (coalesced) that checks the controllers in `wakes` (controller-wakeups.ts; default all). */
  requestReconcile(wakes?: number): void;
  /** Mark controllers (WAKE bits) whose inputs changed without a resource write; asks no pass. */
  wakeControllers(wakes: number): void;
  /** WAKE bits of the controllers the running pass checks (its own changes add to them as it goes). */
  readonly passWakes: number;
  /** The OOM handler killed a service's cgroup: its runner dies with `reason` (the restart loop follows). */
  killService(id: string, reason: string): void;
}

export interface NetworkControllerState {
  /** Links for which "link not found" was already logged (once per boot). */
  missingLinksLogged: Set<string>;
  routeErrorsLogged: Set<string>;
  /** DHCP client state per link this boot (created on first use). */
  dhcp?: Map<string, DhcpClientState>;
}

export interface DhcpClientState {
  lease?: { address: string; renewAtMs: number; expiresAtMs: number };
  /** No new DHCP request before this time (after a failed one). */
  nextAttemptMs: number;
  /** Wakes the network controller at the lease's renewal time; made at the first lease, re-armed by every lease after it. */
  renewal?: PeriodicTimer;
}

export interface TimeControllerState {
  syncAtMs: number | undefined;
  lastFailureLogMs: number;
}

export interface VolumeControllerState {
  /** Phase shown and when it was entered, per volume id this boot. */
  phases: Map<string, { phase: string; sinceMs: number }>;
  /** The boot sequence asked for EPHEMERAL (mountEphemeralPartition ran). */
  ephemeralRequested: boolean;
  /** LUKS2 partitions opened this boot and the slot that opened them: Talos does not ask the key handlers again while the mapping exists. */
  opened: WeakMap<object, number>;
}

/** How far the labels of one labels object (one config) are realised (node-label-sync.ts). */
export interface NodeLabelSync {
  readonly wanted: Readonly<Record<string, string>>;
  readonly keys: readonly string[];
  /** NodeLabelSpecs written, in `keys` order. */
  specsWritten: number;
  /** NodeLabelSpec ids present once every wanted one was written (empty: none is stale; undefined: still writing). */
  existingIds: string[] | undefined;
  staleChecked: number;
  /** The Node's labels object the patch went into: replaced (kubectl label, a new registration), the patch starts over. */
  patchedInto: object | undefined;
  patched: number;
  /** Virtual ms of the last pass of each kind that did work. */
  passMs: { specs: number; patch: number };
  nextPass: TimerHandle | undefined;
}

export interface MountControllerState {
  /** Swap devices switched on this boot and the priority the kernel gave each (-2, -3...). */
  swapPriorities: Map<string, number>;
}

/** runtime.OOMController's memory this boot (oom-controller.ts). */
export interface OomControllerState {
  /** The next sample, while sampling. */
  timer: TimerHandle | undefined;
  /** Virtual ms of the last action (undefined: never, as Go's zero time). */
  triggeredMs: number | undefined;
  /** The previous sample's figures, for the d_ rates. */
  oldValues: Map<string, number>;
  actionLog: Array<{ id: number; triggerContext: string; score: number; processes: string[] }>;
  nextId: number;
  /** The sample interval the timer runs at, ms. */
  intervalMs: number;
}

/** What controllers remember within one boot (what was logged, when NTP answers, Members written). */
export interface ControllerMemory {
  network: NetworkControllerState;
  time: TimeControllerState;
  membersVersion: string;
  /** This node's own directory entry when Members was last written (past the listing limit it is listed apart). */
  membersSelf: MemberInfo | undefined;
  /** The directory entries Members was last written from, by node name, and the partition version then. */
  membersWritten: { partitions: number; entries: Map<string, unknown> };
  volumes: VolumeControllerState;
  mounts: MountControllerState;
  /** What each incremental controller read on its last run this boot (controller-inputs.ts). */
  inputs: ControllerInputs;
  /** What each controller's outside inputs were at its last look (controller-wakeups.ts OutsideInputs). */
  outsideNoted: Map<string, unknown>;
  /** How far this boot's machine.nodeLabels are realised (node-label-sync.ts). */
  nodeLabels?: NodeLabelSync;
  oom: OomControllerState;
}

export function freshControllerMemory(): ControllerMemory {
  return {
    network: { missingLinksLogged: new Set<string>(), routeErrorsLogged: new Set<string>() },
    time: { syncAtMs: undefined, lastFailureLogMs: -Infinity },
    membersVersion: '',
    membersSelf: undefined,
    membersWritten: { partitions: -1, entries: new Map<string, unknown>() },
    volumes: { phases: new Map<string, { phase: string; sinceMs: number }>(), ephemeralRequested: false, opened: new WeakMap() },
    mounts: { swapPriorities: new Map<string, number>() },
    inputs: new Map<string, readonly unknown[]>(),
    outsideNoted: new Map<string, unknown>(),
    oom: { timer: undefined, triggeredMs: undefined, oldValues: new Map<string, number>(), actionLog: [], nextId: 0, intervalMs: 0 },
  };
}
