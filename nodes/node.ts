// A virtual Talos node: emulated hardware, the lifecycle machine running Talos's sequences, the
// service supervisor, controllers writing resources, logs, events, an immutable filesystem and
// the apply machine. Commands (apply, bootstrap, reboot...) live in node-commands.ts and are the
// one path shared by the gRPC API and the scenario runner.
import { createActor, type Actor } from 'xstate';
import type { NodeWorld } from './node-world.ts';
import type { NodeContext } from './node-context.ts';
import type { RandomStream } from '../sim/kernel/random-tree.ts';
import type { TimerHandle } from '../sim/kernel/kernel.ts';
import type { HardwareProfile } from './hardware/hardware-profile.ts';
import { Disk } from './devices/disk.ts';
import { Nic } from './devices/nic.ts';
import { LogStore } from './logs/log-store.ts';
import { writeBootKmsg } from './logs/boot-kmsg.ts';
import { ResourceStore } from './resources/resource-store.ts';
import { EventBus, sequenceEventPayload } from './events/event-bus.ts';
import { NodeServices } from './node-services.ts';
import { lifecycleMachine, type LifecycleHost } from './machines/lifecycle-machine.ts';
import { Sequencer } from './sequences/sequencer.ts';
import { SEQUENCES, type SequenceName } from './sequences/sequence-catalog.ts';
import { runTask } from './node-tasks.ts';
import { noNodeFaults, type NodeFaults } from './node-faults.ts';
import { runControllers } from './controllers/run-controllers.ts';
import { passReads } from './controllers/controller-resources.ts';
import { noteMissedWakeup, WAKE, WAKE_ALL, wakeupCheck, wakesOnWrite } from './controllers/controller-wakeups.ts';
import { freshControllerMemory } from './controllers/controller-context.ts';
import { machineStatusController } from './controllers/machine-status-controller.ts';
import { ImmutableFilesystem } from './filesystem/immutable-fs.ts';
import { NodeApply } from './node-apply.ts';
import { nodeSpec, type NodeSpec } from './node-spec.ts';
import { NodeStatus, type ActiveConfig } from './node-status.ts';
import { networkSettings, type NetworkSettings } from './config-documents.ts';
import { ephemeralLayout } from './controllers/volume-specs.ts';
import type { PreStateResult } from './machines/service-machine.ts';
import type { MachineStage, MachineType } from './vocabulary.ts';
import { conditionHolds, EtcdJoinWait } from './service-conditions.ts';
import { noteHeartbeat, staticPodStates, type StaticPodState } from './controllers/kubernetes-controller.ts';

export type { ActiveConfig };

export interface NodeOptions {
  name: string;
  index: number;
  hardware: HardwareProfile;
  world: NodeWorld;
  talosVersion: string;
  /** Address the LAN's DHCP server reserves for the first NIC. */
  reservedIp: string;
  /** Config already on the node's STATE partition (a configured, installed node). */
  config?: ActiveConfig;
}

interface LifecycleView {
  readonly snapshot: unknown;
  readonly state: string;
  readonly stage: MachineStage;
}

/** Guard against a controller loop that never settles within one virtual millisecond. */
const MAX_RECONCILES_PER_MS = 1_000;
/** Kernel start to the first `[talos]` line (shared timings §0.2). */
const KERNEL_BOOT_MEAN_MS = 4_000;

export class VirtualNode implements NodeContext {
  readonly name: string;
  readonly index: number;
  readonly hardware: HardwareProfile;
  readonly world: NodeWorld;
  readonly random: RandomStream;
  readonly logs: LogStore;
  readonly resources: ResourceStore;
  readonly events: EventBus;
  readonly disks: Disk[];
  readonly nics: Nic[];
  readonly services: NodeServices;
  readonly fs: ImmutableFilesystem;
  readonly apply: NodeApply;
  readonly faults: NodeFaults = noNodeFaults();
  readonly reservedIp: string;
  readonly lifecycle: Actor<typeof lifecycleMachine>;

  /** Config, install, this boot's facts and kubelet's state: read here, changed only through its named writers. */
  readonly status: NodeStatus;
  /** Per-boot memory of controllers (what was logged, when NTP answers). */
  controllerState = freshControllerMemory();
  private sequencer: Sequencer | undefined;
  private reconcilePending: TimerHandle | undefined;
  /** The reconcile pass's kernel label and action, made once (a pass is asked ~100 times per node in a boot). */
  private reconcileLabel: string | undefined;
  private readonly reconcileAction = (): void => this.reconcile();
  /** The lifecycle machine's timers' kernel label, made once. */
  private lifecycleLabel: string | undefined;
  /** The controllers woken since the last pass began (controller-wakeups.ts WAKE bits). */
  private woken = 0;
  /** The controllers the running pass checks: woken before it began, or by its own changes so far. */
  passWakes = 0;
  private reconcilesThisMs = 0;
  private reconcileMs = -1;
  private readonly etcdJoinWait = new EtcdJoinWait(this);
  private lastStage: MachineStage = 'unknown';
  private lastPhase = 'off';
  private readonly streams = new Map<string, RandomStream>();
  /** Hostname Talos makes up when the config sets none (stable per node and seed). */
  readonly defaultHostname: string;
  /** Identity for cluster discovery (Talos's NodeIdentity, 43 characters). */
  readonly nodeId: string;

  constructor(options: NodeOptions) {
    this.name = options.name;
    this.index = options.index;
    this.hardware = structuredClone(options.hardware);
    this.world = options.world;
    this.reservedIp = options.reservedIp;
    this.random = options.world.random.stream(`node/${options.name}`);
    this.hardware.system.uuid ??= this.random.child('smbios/uuid').uuid();
    const kernel = options.world.kernel;
    this.logs = new LogStore(kernel);
    this.resources = new ResourceStore(kernel);
    const machineId = this.random.child('machine-id').hex(10).match(/../g)!.map((h) => parseInt(h, 16));
    this.events = new EventBus(kernel, () => this.wallTimeMs(), machineId);
    this.defaultHostname = `talos-${this.random.child('hostname').hex(3)}-${this.random.child('hostname2').hex(3)}`;
    this.nodeId = this.random.child('node-id').hex(43);
    this.disks = this.hardware.disks.map((profile) => new Disk(profile, this.random.child(`disk/${profile.name}`)));
    this.nics = this.hardware.nics.map((profile, index) => new Nic(profile, index + 2, this.random.child(`nic/${profile.name}`), () => this.requestReconcile()));
    if (this.nics[0]) this.world.network.reserve(this.nics[0].mac, this.reservedIp);
    const installed = options.config !== undefined && this.hardware.bootMedium === 'disk';
    this.status = new NodeStatus(options.talosVersion, options.config, installed, installed ? nodeSpec(options.config!).extraKernelArgs : [], () => this.wakeControllers(WAKE_ALL), () => this.wakeControllers(WAKE.kubernetes));
    const systemDisk = installed ? this.systemDisk() : undefined;
    systemDisk?.partitionForTalos(options.talosVersion, ephemeralLayout(options.config!.documents ?? [], systemDisk.profile.sizeBytes, options.config!.object.machine?.systemDiskEncryption));
    this.services = new NodeServices(this);
    this.fs = new ImmutableFilesystem(this);
    this.apply = new NodeApply(this);
    // A write wakes the controllers only when a step of the pass reads its type (controller-resources.ts).
    this.resources.watch((event) => {
      const type = event.resource.metadata.type;
      if (passReads(type)) this.requestReconcile(wakesOnWrite(type));
    });
    this.lifecycle = createActor(lifecycleMachine, {
      input: { host: this.lifecycleHost() },
      clock: { setTimeout: (fn, ms) => kernel.schedule(ms, (this.lifecycleLabel ??= `lifecycle ${this.name}`), fn), clearTimeout: (h) => kernel.cancel(h as TimerHandle) },
    });
    this.lifecycle.start();
  }

  // --- identity and time -------------------------------------------------------------------

  get talosVersion(): string { return this.status.talosVersion; }
  get config(): ActiveConfig | undefined { return this.status.config; }
  get installed(): boolean { return this.status.installed; }
  get timeSynced(): boolean { return this.status.timeSynced; }
  get bootId(): string { return this.status.bootId; }
  get bootStartedMs(): number { return this.status.bootStartedMs; }

  /** What the active config asks of this node, typed (undefined in maintenance mode). */
  spec(): NodeSpec | undefined {
    return this.config && nodeSpec(this.config);
  }

  /** A named stream of this node that keeps drawing across calls (cheap: created once). */
  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (!stream) this.streams.set(name, (stream = this.random.child(name)));
    return stream;
  }

  isControlPlane(): boolean {
    return this.spec()?.controlPlane ?? false;
  }

  machineType(): MachineType {
    return this.spec()?.machineType ?? 'unknown';
  }

  /** The node's own idea of the wall clock: true time plus any skew fault. */
  wallTimeMs(): number {
    return this.world.epochWallMs + this.world.kernel.now + this.faults.clockSkewMs;
  }

  hostname(): string {
    return this.spec()?.hostname ?? this.defaultHostname;
  }

  /** Network, time and /etc settings from the active config's v1alpha1 fields and documents, cached per config. */
  networkSettings(): NetworkSettings {
    if (this.settingsCache === undefined || this.settingsCache.config !== this.config) {
      const settings = networkSettings(this.spec(), this.config?.documents ?? [], this.nics);
      this.settingsCache = { config: this.config, settings };
    }
    return this.settingsCache!.settings;
  }

  private settingsCache: { config: ActiveConfig | undefined; settings: NetworkSettings } | undefined;

  addresses(): string[] {
    return this.world.network.addressesOf(this.name);
  }

  primaryAddress(): string | undefined {
    return this.addresses()[0];
  }

  systemDisk(): Disk | undefined {
    const wanted = this.spec()?.installDisk;
    return this.disks.find((d) => d.devPath === wanted) ?? (wanted ? undefined : this.disks[0]);
  }

  stage(): MachineStage {
    return this.lifecycleView().stage;
  }

  lifecycleState(): string {
    return this.lifecycleView().state;
  }

  isPoweredOn(): boolean {
    return this.lifecycleView().state !== 'off';
  }

  /**
   * The lifecycle snapshot's state name and stage tag, worked out once per snapshot (xstate makes
   * a new one per transition) rather than on every read: a reconcile pass reads them several times.
   */
  private lifecycleView(): LifecycleView {
    const snapshot = this.lifecycle.getSnapshot();
    let view = this.lifecycleSeen;
    if (view === undefined || view.snapshot !== snapshot) {
      const value = snapshot.value;
      let stage: MachineStage = 'unknown';
      for (const tag of snapshot.tags) {
        stage = tag as MachineStage;
        break;
      }
      this.lifecycleSeen = view = { snapshot, state: typeof value === 'string' ? value : JSON.stringify(value), stage };
    }
    return view;
  }

  private lifecycleSeen: LifecycleView | undefined;

  /** apid answers once the node has an address and apid runs. */
  apiReachable(): boolean {
    return this.isPoweredOn() && this.services.isUp('apid') && this.addresses().length > 0;
  }

  /** The design card's phase: init, maintenance, install, etcd-ready, Reconciling, running, rebooting... */
  phase(): string {
    const { stage, state } = this.lifecycleView();
    if (stage === 'unknown') return 'off';
    if (state === 'firmware' || state === 'kernel' || state === 'initialize') return 'init';
    if (stage === 'installing') return 'install';
    const apply = this.apply.state();
    if (apply === 'Reconciling' || apply === 'stuck') return 'Reconciling';
    if (stage === 'booting' && this.isControlPlane() && this.services.isUp('etcd')) return 'etcd-ready';
    return stage;
  }

  staticPodStates(): Record<string, StaticPodState> {
    return staticPodStates(this);
  }

  // --- logging -----------------------------------------------------------------------------

  /** A machined line: `[talos] <msg>` to the kernel ring buffer and machined's log. */
  talosLog(message: string): void {
    this.logs.writeKmsg('user', 'warning', `[talos] ${message}`);
    this.logs.write('machined', `[talos] ${message}`);
  }

  killService(id: string, reason: string): void {
    this.services.crash(id, reason);
  }

  /** A controller-runtime line with its controller's name and fields. */
  controllerLog(controller: string, message: string, fields: Record<string, unknown> = {}, level = 'INFO'): void {
    const extra = Object.entries(fields).map(([k, v]) => `, ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join('');
    const tail = `{"component": "controller-runtime", "controller": "${controller}"${extra}}`;
    this.logs.writeKmsg('user', 'warning', `[talos] ${message} ${tail}`);
    this.logs.write('controller-runtime', `${level} ${message} ${tail}`);
  }

  // --- the reconcile loop ------------------------------------------------------------------

  /**
   * Ask for a reconcile pass (coalesced into one kernel event) that checks the controllers in
   * `wakes` (controller-wakeups.ts; all of them unless the caller knows who reads its change).
   */
  requestReconcile(wakes: number = WAKE_ALL): void {
    this.wakeControllers(wakes);
    if (this.reconcilePending) return;
    this.reconcilePending = this.world.kernel.schedule(0, (this.reconcileLabel ??= `reconcile ${this.name}`), this.reconcileAction);
  }

  /**
   * Mark controllers whose inputs changed without a resource write (a status field, a disk, an
   * address), for the next pass to check: no pass is asked (whatever asks one checks them then, as
   * a pass that checked every controller would have).
   */
  wakeControllers(wakes: number): void {
    this.woken |= wakes;
    this.passWakes |= wakes;
  }

  private reconcile(): void {
    this.reconcilePending = undefined;
    const now = this.world.kernel.now;
    if (now !== this.reconcileMs) {
      this.reconcileMs = now;
      this.reconcilesThisMs = 0;
    }
    if (++this.reconcilesThisMs > MAX_RECONCILES_PER_MS) {
      throw new Error(`node ${this.name}: controllers did not settle within ${MAX_RECONCILES_PER_MS} passes at ${now} ms`);
    }
    this.passWakes = this.woken;
    this.woken = 0;
    if (this.isPoweredOn()) runControllers(this, this.fs);
    // Powered off, only MachineStatus follows (stage unknown): a stale `running, ready` must not
    // greet the next power-on before its first controller pass.
    else machineStatusController(this);
    this.services.recheckAll((this.passWakes & WAKE.serviceWaits) !== 0);
    // The sequencer's waits for services look only when a service changed (controller-wakeups.ts
    // WAKE.serviceWaits), read again here: a service the recheck above moved wakes them.
    this.sequencer?.recheck((this.passWakes & WAKE.serviceWaits) !== 0, wakeupCheck() ? (task) => noteMissedWakeup(`${task} on ${this.name}`) : undefined);
    this.apply.recheck();
    const stage = this.stage();
    const phase = this.phase();
    if (stage !== this.lastStage || phase !== this.lastPhase) {
      this.lastStage = stage;
      this.lastPhase = phase;
      this.world.trace.record(this.name, 'stage', { stage, phase });
    }
  }

  // --- conditions services wait for (nodes/service-conditions.ts) ----------------------------

  conditionHolds(condition: string): boolean {
    return conditionHolds(this, condition);
  }

  /** etcd's pre state: bootstrap, join, or wait (printing the join hint every 30 s). */
  etcdPreState(): PreStateResult {
    return this.etcdJoinWait.preState();
  }

  // --- lifecycle -----------------------------------------------------------------------------

  powerOn(): void {
    if (this.faults.powerLost) return;
    this.lifecycle.send({ type: 'POWER_ON' });
  }

  powerOff(): void {
    this.lifecycle.send({ type: 'POWER_OFF' });
  }

  private lifecycleHost(): LifecycleHost {
    return {
      hasConfig: () => this.config !== undefined,
      isInstalled: () => this.installed,
      firmwareMs: () => this.random.durationMs(this.hardware.firmwareDurationMs * this.faults.bootSlowdownFactor, 0.1),
      kernelMs: () => this.random.durationMs(KERNEL_BOOT_MEAN_MS * this.faults.bootSlowdownFactor, 0.3),
      runSequence: (name, onDone, onFail) => this.runSequence(name, onDone, onFail),
      powerLost: () => this.onPowerLost(),
      kernelStarting: () => this.onKernelStart(),
      sequenceFailed: (error) => this.onSequenceFailed(error),
    };
  }

  private runSequence(name: SequenceName, onDone: () => void, onFail: (error: string) => void): () => void {
    const sequencer = new Sequencer(
      SEQUENCES[name],
      {
        kernel: this.world.kernel,
        random: this.stream(`sequence/${name}`),
        log: (message) => this.talosLog(message),
        runTask: (task, context) => runTask(this, name, task, context),
        emitEvent: (kind, itemName, action, error) => this.emitSequenceEvent(kind, itemName, action, error),
      },
      () => {
        this.requestReconcile();
        onDone();
      },
      (error) => {
        this.requestReconcile();
        onFail(error);
      },
    );
    this.sequencer = sequencer;
    this.world.trace.record(this.name, 'sequence', { name });
    sequencer.start();
    this.requestReconcile();
    return () => {
      sequencer.cancel();
      if (this.sequencer === sequencer) this.sequencer = undefined;
    };
  }

  private emitSequenceEvent(kind: 'sequence' | 'phase' | 'task', name: string, action: 'START' | 'STOP', error?: string): void {
    // A task does its work when it starts (runTask): disks, controller state, what its wait reads.
    if (kind === 'task' && action === 'START') this.wakeControllers(WAKE_ALL);
    this.events.publish(sequenceEventPayload(kind, name, action, error));
  }

  private onKernelStart(): void {
    this.status.kernelStarted(this.stream('boot').uuid(), this.world.kernel.now);
    this.events.newBoot();
    this.controllerState = freshControllerMemory();
    this.apply.onBoot();
    this.fs.onBoot();
    writeBootKmsg(this.logs, this.fs.cmdline(), this.hardware, this.disks, this.nics);
    this.talosLog(`[initramfs] booting Talos ${this.talosVersion}`);
    this.talosLog('[initramfs] executing /sbin/init');
    this.world.trace.record(this.name, 'kernel', { bootId: this.bootId });
    this.requestReconcile();
  }

  private onPowerLost(): void {
    this.sequencer?.cancel();
    this.sequencer = undefined;
    this.services.killAll();
    this.world.network.clearNode(this.name);
    this.world.kubernetes.setApiServerRunning(this.name, false);
    if (this.config) noteHeartbeat(this, false);
    this.apply.onPowerLost();
    this.world.trace.record(this.name, 'power', { on: false });
    this.requestReconcile();
  }

  private onSequenceFailed(error: string): void {
    this.talosLog(error);
    for (let seconds = 10; seconds >= 0; seconds--) {
      this.world.kernel.schedule((10 - seconds) * 1000, `countdown ${this.name}`, () => this.talosLog(`rebooting in ${seconds} seconds`));
    }
    this.world.kernel.schedule(10_000, `shutdown ${this.name}`, () => {
      this.services.killAll();
      this.world.network.clearNode(this.name);
    });
  }
}
