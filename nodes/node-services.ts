// The node's service supervisor: one service machine per Talos service (plain state on kernel
// timers, nodes/machines/service-machine.ts), and the ServiceHost
// answers that tie them to the node (dependencies, conditions, etcd's join in its pre state,
// image pulls, crash and health faults, a full EPHEMERAL partition). Keeps each service's last 64
// events and health, writes the `Services` resources and the `service[id](State): msg` log lines.
import { ServiceMachine, type PreStateResult, type RunnerResult, type ServiceHealthTimings, type ServiceHost, type ServiceMachineState } from './machines/service-machine.ts';
import { SERVICE_DEFINITIONS, runnerName, serviceDefinition, type ServiceDefinition } from './services/service-catalog.ts';
import { RT } from './resources/resource-types.ts';
import type { ServiceState } from './vocabulary.ts';
import { shouldFailImagePull } from './node-faults.ts';
import { goDuration } from './go-format/duration.ts';
import type { NodeContext, ServiceRecord } from './node-context.ts';
import { ephemeralDisk } from './controllers/volume-controller.ts';
import { noteMissedWakeup, WAKE_ON_SERVICE, wakeupCheck, wakesOnService } from './controllers/controller-wakeups.ts';
import { conditionDueByClock } from './service-conditions.ts';
import { serviceMountsMoved } from './controllers/system-volumes.ts';
import { machineStatusReads } from './controllers/machine-status-controller.ts';
import type { PeriodicTimer, TimerHandle } from '../sim/kernel/kernel.ts';
import type { RandomStream } from '../sim/kernel/random-tree.ts';
import { flatString } from './flat-string.ts';

export const MAX_SERVICE_EVENTS = 64;
/** etcd warns about a slow disk past this fdatasync time, and about slow applies past this one (ms). */
const SLOW_FDATASYNC_MS = 1_000;
const SLOW_APPLY_MS = 100;
/** While EPHEMERAL is full, containerd's `no space left on device` error is logged at most this often. */
const NO_SPACE_LOG_EVERY_MS = 30_000;

export type { ServiceRecord };

export class NodeServices implements ServiceHost {
  /** Every started service's machine, in the order they were first started. */
  private readonly machines = new Map<string, ServiceMachine>();
  /** The periodic health check of each service that has one, armed while it runs (kept across its restarts). */
  private readonly healthTicks = new Map<string, PeriodicTimer>();
  /** The pending crash of each running runner that will crash (service-crash-loop). */
  private readonly crashTimers = new Map<string, TimerHandle>();
  readonly records = new Map<string, ServiceRecord>();
  private pid = 1000;
  private lastNoSpaceLogMs = -Infinity;

  /** Each service's random stream (`service/<id>` of the node), looked up once rather than by a new name string per step. */
  private readonly streams = new Map<string, RandomStream>();

  constructor(private readonly node: NodeContext) {}

  private stream(id: string): RandomStream {
    let stream = this.streams.get(id);
    if (!stream) this.streams.set(id, (stream = this.node.stream(`service/${id}`)));
    return stream;
  }

  /** Definitions that apply to this node (control-plane-only ones on control planes). */
  applicable(): ServiceDefinition[] {
    return SERVICE_DEFINITIONS.filter((d) => !d.controlPlaneOnly || this.node.isControlPlane());
  }

  start(id: string): void {
    let machine = this.machines.get(id);
    if (!machine) {
      machine = new ServiceMachine(id, this, this.node.world.kernel, `service ${this.node.name}/${id}`);
      this.machines.set(id, machine);
    }
    machine.send({ type: 'START' });
  }

  stop(id: string): void {
    this.machines.get(id)?.send({ type: 'STOP' });
  }

  /** The running runner dies now with `message` (an injected crash); the restart loop follows. */
  crash(id: string, message: string): void {
    this.machines.get(id)?.send({ type: 'CRASH', message });
  }

  stopAll(): void {
    for (const id of [...this.machines.keys()].reverse()) this.stop(id);
  }

  /** Power loss: every machine stops at once, records stay for the next boot's history. */
  killAll(): void {
    for (const machine of this.machines.values()) machine.halt();
    this.machines.clear();
    for (const tick of this.healthTicks.values()) this.node.world.kernel.disarm(tick);
    for (const id of [...this.crashTimers.keys()]) this.disarmCrash(id);
    for (const record of this.records.values()) {
      record.state = 'Finished';
      record.health = { ...record.health, unknown: true, healthy: false };
      this.writeResource(record);
    }
    this.node.wakeControllers(WAKE_ON_SERVICE);
    this.node.world.etcd.setRunning(this.node.name, false);
  }

  /**
   * How many services have a timer of their own pending (a phase of start-up, stop or restart, or
   * a crash due); the rest wait for nothing but outside events and their health ticks. For tests
   * and benchmarks.
   */
  machinesWithTimers(): number {
    let busy = 0;
    for (const [id, machine] of this.machines) if (machine.waitsForTimer || this.crashTimers.has(id)) busy++;
    return busy;
  }

  /** The services whose periodic health check is armed (those running that have one). For tests and benchmarks. */
  healthChecksArmed(): string[] {
    return [...this.healthTicks].filter(([, tick]) => tick.armed).map(([id]) => id);
  }

  /** Where the service's machine rests (undefined: never started this boot). */
  machineState(id: string): ServiceMachineState | undefined {
    return this.machines.get(id)?.state;
  }

  /**
   * Tell services something changed. Only those whose next step depends on the node's state get
   * it; a running service notices health changes at its next periodic check, except etcd, whose
   * health follows the cluster and is rechecked at once.
   */
  recheckAll(waitsWoken = true): void {
    for (const [id, machine] of this.machines) {
      const state = machine.state;
      if (state === 'waiting') {
        // Nothing a waiting service reads changed since its last recheck (controller-wakeups.ts WAKE.serviceWaits): it would not act.
        if (!waitsWoken && this.waitSettled(id, machine.lastWaiting)) {
          if (!wakeupCheck() || !this.waitingChanged(id, machine.lastWaiting)) continue;
          noteMissedWakeup(`service ${id} waiting on ${this.node.name}`);
        }
        if (this.waitingChanged(id, machine.lastWaiting)) machine.send({ type: 'RECHECK' });
      } else if (state === 'failed' || state === 'preparing.decide') {
        // Of the pre state, only the decision after it reads the node (and may join etcd); before it, nothing listens.
        machine.send({ type: 'RECHECK' });
      } else if (id === 'etcd' && state === 'running.periodic') {
        // etcd's health follows the cluster: checked at once, and only a changed answer is an event.
        const failure = this.healthCheck(id);
        if ((failure === null) !== machine.healthy) machine.send({ type: 'HEALTH', failure });
      }
    }
  }

  /**
   * Whether a waiting service's last recheck stands while nothing it reads was woken: it found
   * the message it reports, and no condition it found missing can have come to hold by the clock.
   */
  private waitSettled(id: string, lastWaiting: string): boolean {
    const seen = this.waitsSeen.get(id);
    if (seen === undefined || seen.message !== lastWaiting) return false;
    for (const condition of seen.conditions) if (conditionDueByClock(this.node, condition)) return false;
    return true;
  }

  /**
   * Whether a waiting service would act on a recheck: its conditions now hold, or what it waits for
   * differs from what it last reported (the same question the machine's `reportWaiting` asks).
   */
  private waitingChanged(id: string, lastWaiting: string): boolean {
    const seen = this.waitsSeen.get(id);
    if (seen !== undefined && seen.message === lastWaiting && this.stillMissing(id, seen)) return false;
    const missing = this.missingFor(id);
    const count = missing.deps.length + missing.conditions.length + (missing.stuck ? 1 : 0);
    if (count === 0) return true;
    const message = `Waiting for ${waitingItems(missing).join(', ')}`;
    this.waitsSeen.set(id, { ...missing, message });
    return message !== lastWaiting;
  }

  /**
   * What each waiting service was last found missing on a recheck, with the message that makes:
   * a reconcile pass rechecks every waiting service, and while the same things are missing the
   * answer is read off this without building the message again.
   */
  private readonly waitsSeen = new Map<string, MissingForWait & { message: string }>();

  /** Whether exactly `seen`'s dependencies, conditions and stuck reason are missing now, in order. */
  private stillMissing(id: string, seen: MissingForWait): boolean {
    const definition = serviceDefinition(id)!;
    let index = 0;
    for (const dep of definition.dependsOn) if (!this.isUp(dep) && seen.deps[index++] !== dep) return false;
    if (index !== seen.deps.length) return false;
    index = 0;
    for (const condition of definition.conditions) if (!this.node.conditionHolds(condition) && seen.conditions[index++] !== condition) return false;
    if (index !== seen.conditions.length) return false;
    return this.node.faults.stuckWaiting.get(id) === seen.stuck;
  }

  private missingFor(id: string): MissingForWait {
    const definition = serviceDefinition(id)!;
    return {
      deps: definition.dependsOn.filter((dep) => !this.isUp(dep)),
      conditions: definition.conditions.filter((condition) => !this.node.conditionHolds(condition)),
      stuck: this.node.faults.stuckWaiting.get(id),
    };
  }

  state(id: string): ServiceState | undefined {
    return this.records.get(id)?.state;
  }

  isStarted(id: string): boolean {
    return this.machines.has(id);
  }

  /** Running, and its last health check failed (with this message); undefined otherwise. */
  failingHealth(id: string): string | undefined {
    const record = this.records.get(id);
    if (!record || record.state !== 'Running' || record.health.unknown || record.health.healthy) return undefined;
    return record.health.lastMessage || 'health check failed';
  }

  /** Running, and healthy when the service has a health check: Talos's "up". */
  isUp(id: string): boolean {
    const record = this.records.get(id);
    if (!record || record.state !== 'Running') return false;
    const definition = serviceDefinition(id);
    return !definition?.health || (!record.health.unknown && record.health.healthy);
  }

  allFinished(): boolean {
    return [...this.records.values()].every((r) => this.machines.has(r.id) === false || ['Finished', 'Failed', 'Initialized', 'Skipped'].includes(r.state));
  }

  // --- ServiceHost -------------------------------------------------------------------------

  waitingFor(id: string): string[] {
    return waitingItems(this.missingFor(id));
  }

  preState(id: string): PreStateResult {
    const node = this.node;
    const image = this.imageOf(id);
    if (image && shouldFailImagePull(node.faults, image)) {
      return { failed: `failed to pull image "${image}": 1 error(s) occurred:\n\tfailed to resolve reference "${image}": not found` };
    }
    if (image && !node.status.pulledImages.has(image) && this.ephemeralFull()) {
      return { failed: `failed to pull image "${image}": 1 error(s) occurred:\n\t${this.noSpaceError(image)}` };
    }
    if (image && !node.world.network.upstreamReachable(node.name) && !node.status.pulledImages.has(image)) {
      return { blocked: '' };
    }
    if (id === 'etcd') return node.etcdPreState();
    return { ready: true };
  }

  private imageOf(id: string): string | undefined {
    const spec = this.node.spec();
    if (!spec) return undefined;
    if (id === 'kubelet') return spec.kubeletImage;
    if (id === 'etcd') return spec.etcdImage;
    return undefined;
  }

  startRunner(id: string): RunnerResult {
    const definition = serviceDefinition(id)!;
    const pid = ++this.pid;
    const image = this.imageOf(id);
    if (image) this.node.status.imagePulled(image);
    const crash = this.node.faults.crashLoops.get(id);
    let startedMessage = `Started task ${id} (PID ${pid}) for container ${id}`;
    if (definition.runner.kind === 'goroutine') startedMessage = 'Service started as goroutine';
    if (definition.runner.kind === 'process') startedMessage = `Process ${runnerName(definition)} started with PID ${pid}`;
    if (id === 'etcd') this.node.world.etcd.setRunning(this.node.name, true);
    return crash ? { startedMessage, crashAfterMs: crash.crashAfterMs, crashMessage: crash.message } : { startedMessage };
  }

  healthCheck(id: string): string | null {
    const fault = this.node.faults.failingHealth.get(id);
    if (fault) return fault;
    if (id === 'etcd') return this.etcdHealth();
    if (id === 'kubelet' && this.ephemeralFull()) {
      this.logNoSpace();
      // Approximation: a real kubelet's healthz stays OK; talsim also fails its health check so the
      // service list shows the pressure (the Node gets DiskPressure and reports NotReady).
      return 'kubelet has disk pressure';
    }
    return null;
  }

  startHealthTicks(id: string): void {
    const kernel = this.node.world.kernel;
    let tick = this.healthTicks.get(id);
    if (!tick) {
      const machineAt = () => this.machines.get(id);
      // One flat label for all of this service's ticks, not a new tree of joins per tick: the
      // timer lives as long as the node, long enough at 10,000 nodes to be copied by the young collection.
      tick = kernel.periodicTimer(flatString(`service ${this.node.name}/${id}`), () => {
        const machine = machineAt();
        if (!machine) return;
        const failure = this.healthCheck(id);
        if ((failure === null) !== machine.healthy) machine.send({ type: 'HEALTH', failure });
        // Re-armed after the check, as a tick scheduled here would be, unless the check restarted the ticks.
        if (!tick!.armed && machineAt() === machine) kernel.arm(tick!, this.healthPeriodMs(id));
      });
      this.healthTicks.set(id, tick);
    }
    kernel.arm(tick, this.healthPeriodMs(id));
  }

  private healthPeriodMs(id: string): number {
    return this.healthTimings(id)?.periodMs ?? 5_000;
  }

  stopHealthTicks(id: string): void {
    this.node.world.kernel.disarm(this.healthTicks.get(id));
  }

  armCrash(id: string, afterMs: number, message: string): void {
    this.disarmCrash(id);
    this.crashTimers.set(id, this.node.world.kernel.schedule(Math.max(0, afterMs), `service ${this.node.name}/${id}`, () => {
      this.crashTimers.delete(id);
      this.machines.get(id)?.send({ type: 'CRASH', message });
    }));
  }

  disarmCrash(id: string): void {
    this.node.world.kernel.cancel(this.crashTimers.get(id));
    this.crashTimers.delete(id);
  }

  /** The EPHEMERAL partition (/var, containerd's store) has no space left. */
  private ephemeralFull(): boolean {
    return ephemeralDisk(this.node)?.faults.ephemeralFull ?? false;
  }

  private noSpaceError(image: string): string {
    const layer = this.node.random.child(`layer/${image}`).hex(64);
    return `failed to extract layer sha256:${layer}: write /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/${this.pid}/fs/usr/bin/.tmp: no space left on device`;
  }

  /** containerd (CRI) fails writing under /var; logged when kubelet's checks notice, at most every 30 s. */
  private logNoSpace(): void {
    const now = this.node.world.kernel.now;
    if (now - this.lastNoSpaceLogMs < NO_SPACE_LOG_EVERY_MS) return;
    this.lastNoSpaceLogMs = now;
    const time = new Date(this.node.wallTimeMs()).toISOString();
    this.node.logs.write('cri', `time="${time}" level=error msg="failed to write container log" error="write /var/log/containers/kube-proxy.log: no space left on device"`);
    this.node.logs.write('cri', `time="${time}" level=error msg="failed to garbage collect" error="open /var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db: no space left on device"`);
  }

  /**
   * etcd's health check, plus the warnings etcd itself logs when its disk or peers are slow
   * (`slow fdatasync`, `apply request took too long`), as `talosctl logs etcd` shows them.
   */
  private etcdHealth(): string | null {
    const etcd = this.node.world.etcd;
    const latencyMs = etcd.hasQuorum() ? etcd.commitLatencyMs() : 0;
    const ts = new Date(this.node.wallTimeMs()).toISOString();
    if (latencyMs > SLOW_FDATASYNC_MS) {
      this.node.logs.write('etcd', JSON.stringify({ level: 'warn', ts, caller: 'wal/wal.go:805', msg: 'slow fdatasync', took: goDuration(latencyMs), 'expected-duration': '1s' }));
    } else if (latencyMs > SLOW_APPLY_MS) {
      this.node.logs.write('etcd', JSON.stringify({ level: 'warn', ts, caller: 'etcdserver/util.go:170', msg: 'apply request took too long', took: goDuration(latencyMs), 'expected-duration': '100ms' }));
    }
    return etcd.healthFailure(this.node.name, latencyMs);
  }

  preStateMs(id: string): number {
    const random = this.stream(id);
    const preMs = random.durationMs(serviceDefinition(id)!.preStateMeanMs);
    const image = this.imageOf(id);
    return preMs + (image && !this.node.status.pulledImages.has(image) ? random.durationMs(20_000, 0.5) : 0);
  }

  runnerMs(id: string): number {
    return this.stream(id).durationMs(serviceDefinition(id)!.runnerMeanMs);
  }

  stopMs(id: string): number {
    return this.stream(id).durationMs(serviceDefinition(id)!.stopMeanMs);
  }

  healthTimings(id: string): ServiceHealthTimings | undefined {
    return serviceDefinition(id)!.health;
  }

  stopMessage(id: string): string {
    const definition = serviceDefinition(id)!;
    if (definition.runner.kind === 'container') return `Sending SIGTERM to task ${id} (PID ${this.pid}, container ${id})`;
    return runnerName(definition);
  }

  runnerName(id: string): string {
    return runnerName(serviceDefinition(id)!);
  }

  onEvent(id: string, state: ServiceState, message: string): void {
    const record = this.record(id);
    const previous = record.state;
    record.state = state;
    record.events.push({ message, state, timeMs: this.node.world.kernel.now });
    if (record.events.length > MAX_SERVICE_EVENTS) record.events.shift();
    if (state !== 'Running') record.health = { ...record.health, unknown: true, healthy: false };
    if (id === 'etcd' && previous === 'Running' && state !== 'Running') this.node.world.etcd.setRunning(this.node.name, false);
    this.node.talosLog(`service[${id}](${state}): ${message}`);
    this.node.events.publish({
      type: 'machine.ServiceStateEvent',
      service: id,
      action: state.toUpperCase(),
      message,
      healthy: record.health.unknown ? undefined : record.health.healthy,
      unknown: record.health.unknown,
    });
    this.node.world.trace.record(this.node.name, 'service', { id, state, message });
    this.writeResource(record);
    // The mounts look only when the service takes or drops its mount requests (system-volumes.ts).
    this.node.requestReconcile(wakesOnService(serviceMountsMoved(id, previous, state), machineStatusReads(id), id === 'kubelet'));
  }

  onHealth(id: string, healthy: boolean, message: string): void {
    const record = this.record(id);
    record.health = { unknown: false, healthy, lastMessage: message, lastChangeMs: this.node.world.kernel.now };
    this.writeResource(record);
    this.node.requestReconcile(wakesOnService(false, machineStatusReads(id), id === 'kubelet'));
  }

  private record(id: string): ServiceRecord {
    let record = this.records.get(id);
    if (!record) {
      record = { id, state: 'Initialized', events: [], health: { unknown: true, healthy: false, lastMessage: '', lastChangeMs: 0 } };
      this.records.set(id, record);
    }
    return record;
  }

  private writeResource(record: ServiceRecord): void {
    this.node.resources.put('runtime', RT.service, record.id, {
      running: record.state === 'Running',
      healthy: !record.health.unknown && record.health.healthy,
      unknown: record.health.unknown,
    });
  }
}

/** What a waiting service misses: dependencies not up, conditions not holding, a stuck fault's reason. */
interface MissingForWait {
  deps: string[];
  conditions: string[];
  stuck: string | undefined;
}

/** The items of its `Waiting for ...` message, in Talos's order. */
function waitingItems(missing: MissingForWait): string[] {
  const items = missing.deps.map((dep) => `service "${dep}" to be "up"`);
  for (const condition of missing.conditions) items.push(condition);
  if (missing.stuck) items.push(missing.stuck);
  return items;
}
