// What a `talsim up` cluster keeps on disk besides its configs, so that the next `talsim up` in
// the state directory brings it back as real nodes come back after a power cut (see resume.ts):
//   world.json             virtual time, etcd's membership, data directories and term, the
//                          Kubernetes store's revision and mirror pods, and the faults that outlive
//                          a power cut (sim/faults/power-cut.ts), with their ids, what is left of
//                          their duration and, for a kind whose effect is on disk, its heal handle;
//                          and how many faults were injected, so ids go on where they stopped
//   nodes/<node>.json      what the node's boot partition holds: installed or not, the installed
//                          Talos version (an upgrade) and kernel arguments
//   kubernetes/<name>.json each Kubernetes Node object as etcd stores it (labels, taints, cordon,
//                          uid, registration time: the etcd keys are derived from these)
//   kubernetes-events.json the Kubernetes Events (written with the time, once a wall-clock second
//                          when they changed: no client is told of an Event, so none is lost that
//                          was acknowledged); the coredns pods' placement is in world.json
// Each file is written atomically and owner-only the moment what it holds changes, inside the
// kernel event that changed it, so anything a client was told (an etcd member removed, a node
// cordoned, a fault injected) is on disk before the reply leaves. Virtual time is written with
// every change and, while the cluster runs, once a wall-clock second (`TIME_KEEP_INTERVAL_MS`): a
// resumed cluster continues from the last instant written. That time-only write is atomic but not
// flushed to disk (no fsync: it survives a SIGKILL, a power cut of this machine may lose the last
// seconds of it; an fsync a second held the event loop, and the API calls in flight, 2-30 ms on a
// shared disk); the Events file is written the same way. The first writes, before any node powers
// on (a file per node), are one batch whose flushes run in parallel (writeFilesAtomic). During
// talsim up's warp to ready (a thousand nodes registering rewrite a thousand files), each file is
// written whole at once and flushed behind, in parallel (FlushBehind): a SIGKILL loses nothing,
// a power cut of this machine during the warp may lose its last writes; the warp ends, and the
// banner is printed, only once they are all flushed, and from then on every write is flushed
// before it returns, as above. Leaves out: the raft log, and anything
// held only in a node's memory (service states, leases, logs), which a power cut loses on real
// hardware too.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SimCluster } from '../cluster/cluster.ts';
import type { FaultTargetPlan } from '../cluster/cluster-plan.ts';
import type { KeptEtcd } from '../cluster/etcd-cluster.ts';
import type { KubernetesNode, MirrorPod } from '../cluster/kubernetes.ts';
import type { CorednsReplica } from '../cluster/kubernetes-coredns.ts';
import type { KeptEvents } from '../cluster/kubernetes-events.ts';
import { faultRegistryOf, type ActiveFault } from '../faults/active-faults.ts';
import { faultKind } from '../faults/fault-catalogue.ts';
import { survivesPowerCut } from '../faults/power-cut.ts';
import { FaultError } from '../faults/fault-error.ts';
import { FlushBehind, SECRET_FILE_MODE, writeFilesAtomic, writeSecretFile, type AtomicFileWrite, type AtomicWriteOptions } from '../files/atomic-file.ts';
import { LiveOptionError } from './live-errors.ts';

export const WORLD_FILE = 'world.json';
const EVENTS_FILE = 'kubernetes-events.json';
const NODE_DIR = 'nodes';
const KUBERNETES_DIR = 'kubernetes';
/** How often (wall clock) a running cluster writes its virtual time when nothing else changed. */
export const TIME_KEEP_INTERVAL_MS = 1_000;

/** A fault in force at the cut, as it is injected again on resume. */
export interface KeptFault {
  /** Its id (`f3`), which it keeps after the resume. */
  id?: string;
  name: string;
  kind: string;
  targets: ActiveFault['targets'];
  options: Record<string, unknown>;
  /** Virtual ms at which it heals by itself, if it does. */
  healsAtMs?: number;
  /** Its heal handle, for a kind whose effect is on disk (FaultKind.keep): it is resumed, not injected again. */
  handle?: unknown;
}

export interface KeptWorld {
  virtualNowMs: number;
  etcd: KeptEtcd;
  kubernetes: { revision: number; registrations: number; mirrorPods: MirrorPod[]; coredns?: CorednsReplica[] };
  faults: KeptFault[];
  /** How many faults had been injected (ids go on from `f<count+1>`). */
  faultsInjected?: number;
}

/** What a node's boot partition holds. */
export interface KeptDisk {
  installed: boolean;
  installedVersion?: string;
  installedKernelArgs: string[];
}

const at = (stateDir: string, ...parts: string[]) => join(resolve(stateDir), ...parts);

function readJson<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new LiveOptionError('--state-dir', 'a state directory talsim up wrote (its files readable), or --fresh to start over there', `${path}: ${(error as Error).message}`);
  }
}

/** The virtual instant the kept cluster stopped at (0: nothing kept). */
export function keptVirtualNowMs(stateDir: string): number {
  return readJson<KeptWorld>(at(stateDir, WORLD_FILE))?.virtualNowMs ?? 0;
}

/** `--fresh`: forgets everything kept here. */
export function forgetKeptState(stateDir: string): void {
  rmSync(at(stateDir, WORLD_FILE), { force: true });
  rmSync(at(stateDir, EVENTS_FILE), { force: true });
  rmSync(at(stateDir, KUBERNETES_DIR), { recursive: true, force: true });
}

function keptFaults(cluster: SimCluster): KeptFault[] {
  const registry = faultRegistryOf(cluster);
  return registry
    .list()
    .filter(survivesPowerCut)
    .map((fault) => {
      const handle = registry.keptHandle(fault.id);
      return {
        id: fault.id,
        name: fault.name,
        kind: fault.kind,
        targets: fault.targets,
        options: fault.options,
        ...(fault.healsAtMs !== undefined ? { healsAtMs: fault.healsAtMs } : {}),
        ...(handle !== undefined ? { handle } : {}),
      };
    });
}

function keptDisk(cluster: SimCluster, name: string): KeptDisk {
  const status = cluster.node(name).status;
  return { installed: status.installed, ...(status.installedVersion ? { installedVersion: status.installedVersion } : {}), installedKernelArgs: [...status.installedKernelArgs] };
}

/**
 * Brings back what was kept, before any node is powered on: the boot partitions, virtual time
 * (the kernel jumps to the instant of the cut), etcd, the Kubernetes store, then the surviving
 * faults (each injected again with the rest of its duration). Returns what was restored, for the
 * resume line.
 */
export function restoreKeptState(cluster: SimCluster, stateDir: string): { virtualNowMs: number; etcdMembers: number; faults: string[] } {
  for (const name of cluster.nodes.keys()) {
    const disk = readJson<KeptDisk>(at(stateDir, NODE_DIR, `${name}.json`));
    if (disk) cluster.node(name).status.restoredFromDisk({ installed: disk.installed, installedVersion: disk.installedVersion, installedKernelArgs: disk.installedKernelArgs ?? [] });
  }
  const world = readJson<KeptWorld>(at(stateDir, WORLD_FILE));
  if (!world) return { virtualNowMs: 0, etcdMembers: 0, faults: [] };
  cluster.world.kernel.runUntil(world.virtualNowMs);
  cluster.world.etcd.restore(world.etcd);
  const kubeNodes = existsSync(at(stateDir, KUBERNETES_DIR))
    ? readdirSync(at(stateDir, KUBERNETES_DIR)).filter((file) => file.endsWith('.json')).map((file) => readJson<KubernetesNode>(at(stateDir, KUBERNETES_DIR, file))!)
    : [];
  const events = readJson<KeptEvents>(at(stateDir, EVENTS_FILE));
  cluster.world.kubernetes.restore({ ...world.kubernetes, nodes: kubeNodes, ...(events ? { events } : {}) }, world.virtualNowMs);
  const registry = faultRegistryOf(cluster);
  registry.continueNumbering(world.faultsInjected ?? 0);
  const restored: string[] = [];
  for (const fault of world.faults) {
    const remainingMs = fault.healsAtMs === undefined ? undefined : fault.healsAtMs - world.virtualNowMs;
    if (remainingMs !== undefined && remainingMs <= 0) continue;
    const label = fault.name === fault.kind ? fault.kind : `${fault.name} (${fault.kind})`;
    try {
      registry.inject(fault.kind, targetPlan(fault), fault.options, remainingMs, fault.name, fault.id === undefined ? undefined : { id: fault.id, kept: fault.handle });
      restored.push(label);
    } catch (error) {
      if (!(error instanceof FaultError)) throw error;
      restored.push(`${label} not injected again: ${error.message}`);
    }
  }
  return { virtualNowMs: world.virtualNowMs, etcdMembers: world.etcd.members.length, faults: restored };
}

function targetPlan(fault: KeptFault): FaultTargetPlan | undefined {
  const targets = faultKind(fault.kind).targets;
  if (targets === 'cluster') return undefined;
  if (!Array.isArray(fault.targets)) return { kind: 'link', from: fault.targets.from, to: fault.targets.to };
  return { kind: 'nodes', nodes: { kind: 'names', names: fault.targets } };
}

/**
 * What of a Node object is rewritten on disk when it changes: what clients write or read back
 * (labels, taints, cordon), its identity and registration, and the flips of its conditions; the
 * status kubelet posts every 10 s between flips (timestamps, facts) is written with them, not on
 * its own, so a cluster of a thousand nodes does not write a file per heartbeat.
 */
function lastingNodeFields(node: KubernetesNode): string {
  const { name, labels, taints, unschedulable, uid, registeredMs, index, ready } = node;
  return JSON.stringify([name, labels, taints, unschedulable, uid, registeredMs, index, ready, node.readyCondition.status, node.diskPressure.status, node.facts.bootId]);
}

/**
 * Where kept files go: straight to disk, or, while the first writes of a keeper are made, into
 * one batch written with its flushes in parallel (`writeFilesAtomic`).
 */
export interface KeptWriter {
  batch: AtomicFileWrite[] | undefined;
  /** Until the cluster first settles (`KeptState.settle`): written whole at once, flushed behind. */
  behind: FlushBehind | undefined;
}

/** A file rewritten only when its content (less what changes all the time) differs from what is on disk. */
class KeptFile {
  private onDisk: string | undefined;
  constructor(
    private readonly path: string,
    private readonly writer: KeptWriter,
  ) {}
  write(compared: string, content: () => string, options: AtomicWriteOptions = {}): void {
    if (compared === this.onDisk) return;
    if (this.writer.batch) this.writer.batch.push({ path: this.path, content: content(), mode: SECRET_FILE_MODE });
    else if (this.writer.behind) this.writer.behind.write(this.path, content(), SECRET_FILE_MODE);
    else writeSecretFile(this.path, content(), options);
    this.onDisk = compared;
  }
  forget(): void {
    if (this.onDisk === undefined && !existsSync(this.path)) return;
    rmSync(this.path, { force: true });
    this.onDisk = undefined;
  }
}

/** A keeper of the cluster's state on disk (keepClusterState). */
export interface KeptState {
  /**
   * With `flushBehindUntilSettled`: waits until every file written so far is flushed, and from
   * then on flushes each write before it returns. Otherwise nothing to wait for.
   */
  settle(): Promise<void>;
  /** Stops keeping and writes the last instant. */
  stop(): void;
}

export interface KeepOptions {
  /**
   * Until `settle()` (talsim up: the end of the warp, before the banner), write each file whole at
   * once and flush it behind (FlushBehind: a SIGKILL loses nothing, a power cut of this machine may
   * lose the last writes): a thousand nodes registering with Kubernetes during the warp rewrite a
   * thousand files, and an fsync each held the warp ~10 ms a file on a shared disk.
   */
  flushBehindUntilSettled?: boolean;
}

/**
 * Writes world.json, nodes/<node>.json and kubernetes/<name>.json as the cluster changes (see
 * the file comment); resolves once the first writes are on disk. The first writes (a file per
 * node: 1,000 at `--workers 1000`) are one batch with their flushes in parallel; a change
 * meanwhile joins the batch.
 */
export async function keepClusterState(cluster: SimCluster, stateDir: string, keepOptions: KeepOptions = {}): Promise<KeptState> {
  mkdirSync(at(stateDir, NODE_DIR), { recursive: true, mode: 0o700 });
  mkdirSync(at(stateDir, KUBERNETES_DIR), { recursive: true, mode: 0o700 });
  const { kernel, kubernetes, etcd } = cluster.world;
  const writer: KeptWriter = { batch: [], behind: undefined };
  const worldFile = new KeptFile(at(stateDir, WORLD_FILE), writer);
  let timeOnDisk = -1;
  let lastingOnDisk: string | undefined;
  const writeWorld = (force = false) => {
    const lasting = {
      etcd: etcd.kept(),
      faults: keptFaults(cluster),
      faultsInjected: faultRegistryOf(cluster).injectedSoFar,
      kubernetes: { registrations: kubernetes.registrationCount, mirrorPods: [...kubernetes.mirrorPods.values()], coredns: kubernetes.coredns.replicas },
    };
    const compared = JSON.stringify(lasting);
    const now = kernel.now;
    // Only the time moved (the once-a-second write): not flushed to disk, which would hold the
    // event loop (and every API call) for an fsync each second; a change of what lasts is.
    const timeOnly = compared === lastingOnDisk;
    worldFile.write(
      force && now !== timeOnDisk ? `${compared}@${now}` : compared,
      () => {
        timeOnDisk = now;
        lastingOnDisk = compared;
        const world: KeptWorld = { virtualNowMs: now, ...lasting, kubernetes: { ...lasting.kubernetes, revision: kubernetes.resourceVersion } };
        return `${JSON.stringify(world)}\n`;
      },
      { durable: !timeOnly },
    );
  };
  const diskFiles = new Map<string, KeptFile>();
  const writeDisk = (name: string) => {
    if (!cluster.nodes.has(name)) return;
    let file = diskFiles.get(name);
    if (!file) diskFiles.set(name, (file = new KeptFile(at(stateDir, NODE_DIR, `${name}.json`), writer)));
    const text = `${JSON.stringify(keptDisk(cluster, name))}\n`;
    file.write(text, () => text);
  };
  const eventsFile = new KeptFile(at(stateDir, EVENTS_FILE), writer);
  let eventsChanged = true;
  const writeEvents = () => {
    if (!eventsChanged) return;
    eventsChanged = false;
    const text = `${JSON.stringify(kubernetes.events.kept())}\n`;
    eventsFile.write(text, () => text, { durable: false }); // as the time: no client was told of an Event
  };
  const kubeFiles = new Map<string, KeptFile>();
  const writeKubeNode = (name: string) => {
    let file = kubeFiles.get(name);
    if (!file) kubeFiles.set(name, (file = new KeptFile(at(stateDir, KUBERNETES_DIR, `${encodeURIComponent(name)}.json`), writer)));
    const node = kubernetes.nodes.get(name);
    if (!node) return file.forget();
    file.write(lastingNodeFields(node), () => `${JSON.stringify(node)}\n`);
  };
  for (const name of cluster.nodes.keys()) writeDisk(name);
  for (const name of kubernetes.nodes.keys()) writeKubeNode(name);
  writeWorld(true);
  writeEvents();
  const stops = [
    cluster.world.trace.subscribe((entry) => writeDisk(entry.node)),
    kubernetes.onChange((change) => {
      if (change.kind === 'Node' && change.key !== '') writeKubeNode(change.key);
      else if (change.kind === 'Pod' && change.key.startsWith('kube-system/')) writeWorld();
      else if (change.kind === 'Event') eventsChanged = true;
      if (kubeFiles.size > kubernetes.nodes.size) for (const name of kubeFiles.keys()) if (!kubernetes.nodes.has(name)) writeKubeNode(name);
    }),
    faultRegistryOf(cluster).onChange(() => writeWorld()),
  ];
  let keeping = true;
  etcd.onChange(() => {
    if (keeping) writeWorld();
  });
  const timer = setInterval(() => {
    writeWorld(true);
    writeEvents();
  }, TIME_KEEP_INTERVAL_MS);
  timer.unref();
  try {
    await writeFilesAtomic(writer.batch!);
  } catch (error) {
    keeping = false;
    clearInterval(timer);
    for (const stop of stops) stop();
    throw error;
  } finally {
    writer.batch = undefined;
  }
  if (keepOptions.flushBehindUntilSettled) writer.behind = new FlushBehind();
  const settle = async () => {
    const behind = writer.behind;
    if (!behind) return;
    await behind.flushed();
    writer.behind = undefined;
  };
  return {
    settle,
    stop() {
      if (!keeping) return;
      keeping = false;
      writer.behind = undefined; // the last instant is flushed as it is written
      clearInterval(timer);
      for (const stop of stops) stop();
      writeWorld(true);
      writeEvents();
    },
  };
}
