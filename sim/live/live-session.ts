// A live cluster (`talsim up`): builds the cluster (from a scenario or the generated plan), binds
// every node's Talos API, writes the state directory, starts the live control service (loopback,
// token-guarded: control.json + control-token), powers the nodes on, fast-forwards to the
// warp point (performing the bootstrap a person would, or the scenario's steps), places the run on
// the calendar (see wall-epoch.ts), prints the banner and then keeps virtual time moving with the
// wall clock at `speed` until closed. The wall clock and the output are passed in.
import { dirname, resolve } from 'node:path';
import { SimCluster, UnservableConfigError } from '../cluster/cluster.ts';
import type { ClusterPlan, ScenarioPlan } from '../scenario/plan.ts';
import { RealTimePacer, type WallClock } from '../kernel/pacer.ts';
import { formatTime } from '../scenario/run-scenario.ts';
import { generatedClusterPlan } from './live-plan.ts';
import { LiveOptionError } from './live-errors.ts';
import { READY_WARP_LIMIT_MS, clusterSettled, clusterSettledCondition, describeWarpPoint, timelineWarpPoint, type WarpPoint } from './warp-point.ts';
import { provisionalEpochWallMs, settleEpoch } from './wall-epoch.ts';
import { fastForward } from './fast-forward.ts';
import { startAutoBootstrap, type AutoBootstrap } from './auto-bootstrap.ts';
import { runTimelineLive, timelineLimitMs, type StepReport } from './live-timeline.ts';
import { startApiEdge, type ApiEdge } from './api-edge.ts';
import { announceWhenEveryNodeServes } from './serving-announcer.ts';
import { lockStateDir } from './state-lock.ts';
import { checkResumable, forgetSavedCluster, keepNodeConfigs, keptNodeConfigs, readSavedCluster, resumedPlan, writeSavedCluster, type SavedCluster } from './resume.ts';
import { keepClusterState, keptVirtualNowMs, restoreKeptState } from './kept-state.ts';
import { removeLeftoverTemporaryFiles } from '../files/atomic-file.ts';
import { withYourFiles, mergeTalosconfigOut, type YourFiles } from './your-files.ts';
import { liveTalosconfig, stateFiles, talosctlNode, writeClusterFiles, writeControlToken, writeNodesJson, type LiveNodeEntry, type StateFiles } from './state-dir.ts';
import { plainLogLine } from './plain-log.ts';
import { startRecording, type SessionRecording } from './session-record.ts';
import { renderBanner } from './banner.ts';
import { startUpOver, startUpOverForLargeCluster } from './start-up-over.ts';
import { startLiveControl, type LiveControl } from './control-live.ts';
import { controlLogLine } from './control-log.ts';
import { startKmsEdge, type KmsEdge } from './kms-edge.ts';
import { attachKubeApi, bindKubeApi, planWithKubeEndpoint } from './kube-api-edge.ts';
import type { KubeApiServer } from '../kube-api/kube-api-server.ts';

export interface LiveOptions {
  seed: string;
  controlPlanes: number;
  workers: number;
  unconfigured: boolean;
  /** With a scenario: its cluster and timeline; `untilStep` ends the timeline early. */
  scenario?: ScenarioPlan;
  untilStep?: string;
  /** Default: `ready`, or the scenario's timeline. */
  warp?: WarpPoint;
  speed: number;
  stateDir: string;
  baseAddress: string;
  serverKeyAlgorithm?: 'ed25519' | 'ecdsa-p256';
  /** Your secrets, configs and patches (see your-files.ts). */
  yourFiles?: YourFiles;
  /** A talosconfig to merge the cluster's context into, as `talosctl config merge` does. */
  talosconfigOut?: string;
  /** `--record FILE`: write the session down as a scenario as it goes (see session-record.ts). */
  record?: string;
  /** The terminal UI will take the screen after the banner (its last line says how to stop and where to find it again). */
  ui?: boolean;
  /** `--fresh`: start a new cluster even where a previous `talsim up` left one to resume. */
  fresh?: boolean;
  /** `--seed` was given (else `seed` is drawn, or the kept cluster's when resuming). */
  seedGiven?: boolean;
}

/** The edges a live session touches: the calendar, the pacer's wall clock, and the output. */
export interface LiveIo {
  /** Calendar time (ms since 1970) for placing virtual time on the calendar. */
  calendarNowMs(): number;
  wall: WallClock;
  print(text: string): void;
  warn(text: string): void;
  /** Aborted when the user stops `talsim up` (a warp in progress stops at its next chunk). */
  abort?: AbortSignal;
}

export interface WarpSummary {
  point: WarpPoint;
  reached: boolean;
  /** Why the warp point was not reached. */
  detail?: string;
  warpedVirtualMs: number;
  warpWallMs: number;
  steps: StepReport[];
}

export interface LiveSession {
  readonly cluster: SimCluster;
  readonly files: StateFiles;
  readonly nodes: readonly LiveNodeEntry[];
  readonly api: ApiEdge;
  /** kube-apiserver's face (the kubeconfig's server). */
  readonly kubeApi: KubeApiServer;
  readonly pacer: RealTimePacer;
  readonly control: LiveControl;
  readonly warp: WarpSummary;
  /** The banner printed once the warp ended: how to reach the cluster (the UI's help screen shows it too). */
  readonly banner: string;
  /** With `--record`: the scenario being written. */
  readonly recording?: SessionRecording;
  /** The cluster's KMS server served over real gRPC on loopback (a scenario with `cluster.kms`). */
  readonly kms?: KmsEdge;
  close(): Promise<void>;
}

export async function startLiveSession(options: LiveOptions, io: LiveIo): Promise<LiveSession> {
  checkSpeed(options.speed);
  const point = chooseWarpPoint(options);
  const lock = lockStateDir(options.stateDir);
  // The directory is ours now: what a killed writer left half-made there goes.
  removeLeftoverTemporaryFiles(resolve(options.stateDir));
  let resume: ResumeDecision;
  let ownPlan: ClusterPlan;
  try {
    resume = decideResume(options);
    const basePlan = options.scenario?.cluster ?? generatedClusterPlan({ controlPlanes: options.controlPlanes, workers: options.workers, configured: !options.unconfigured });
    ownPlan = resume.resumed ? resumedPlan(basePlan, options.stateDir) : options.yourFiles ? withYourFiles(basePlan, options.yourFiles) : basePlan;
  } catch (error) {
    lock.release();
    throw error;
  }
  startUpOverForLargeCluster(ownPlan.nodes.length);
  const kubeApi = await bindKubeApi();
  const plan = planWithKubeEndpoint(ownPlan, kubeApi);
  const limitMs = warpLimitMs(point, options.scenario);
  let cluster: SimCluster;
  try {
    // A resumed cluster's virtual time starts where it stopped: the epoch goes back that much further.
    const resumedAtMs = resume.resumed ? keptVirtualNowMs(options.stateDir) : 0;
    cluster = new SimCluster(plan, {
      seed: options.seed,
      epochWallMs: provisionalEpochWallMs(io.calendarNowMs(), limitMs + resumedAtMs),
      baseDir: options.scenario ? dirname(options.scenario.file) : undefined,
    });
    if (resume.resumed) {
      const restored = restoreKeptState(cluster, options.stateDir);
      io.print(`talsim: resuming the cluster in ${resolve(options.stateDir)} (${describeResumed(resume.resumed, options.stateDir, restored)}); --fresh starts a new one there\n`);
    }
    attachKubeApi(kubeApi, cluster);
  } catch (error) {
    lock.release();
    await kubeApi.close();
    // A config grown past what the node could serve back by patches (a file alone is refused with its option).
    if (error instanceof UnservableConfigError) throw new LiveOptionError(`node ${error.node}`, 'a machine config small enough to be read back from the node', error.refusal);
    throw error;
  }
  let api: ApiEdge;
  try {
    api = await startApiEdge(cluster, { baseAddress: options.baseAddress, serverKeyAlgorithm: options.serverKeyAlgorithm });
    for (const line of api.moves) io.warn(`talsim: ${line}\n`);
  } catch (error) {
    lock.release();
    await kubeApi.close();
    throw error;
  }
  try {
    const session = await serve(cluster, api, kubeApi, point, limitMs, options, io, resume);
    return {
      ...session,
      async close() {
        await session.close();
        lock.release();
      },
    };
  } catch (error) {
    await api.close();
    await kubeApi.close();
    lock.release();
    throw error;
  }
}

/** Everything after the API is bound: files, power-on, the warp, the calendar, the banner, pacing. */
async function serve(cluster: SimCluster, api: ApiEdge, kubeApi: KubeApiServer, point: WarpPoint, limitMs: number, options: LiveOptions, io: LiveIo, resume: ResumeDecision): Promise<LiveSession> {
  const files = stateFiles(options.stateDir);
  const nodes = liveNodeEntries(cluster, api);
  writeClusterFiles(files, cluster, nodes);
  const saved = resume.resumed ?? resume.toSave;
  if (saved) writeSavedCluster(options.stateDir, saved);
  // A recorded session is not kept for a resume; the directory says whose it was (resume.ts refuses to resume it).
  else if (options.record !== undefined && !options.scenario) writeSavedCluster(options.stateDir, { seed: options.seed, controlPlanes: options.controlPlanes, workers: options.workers, unconfigured: options.unconfigured, recording: resolve(options.record) });
  const [stopKeepingConfigs, keptState] = saved ? await Promise.all([keepNodeConfigs(cluster, options.stateDir), keepClusterState(cluster, options.stateDir, { flushBehindUntilSettled: true })]) : [undefined, undefined];
  if (options.talosconfigOut !== undefined) {
    for (const line of mergeTalosconfigOut(options.talosconfigOut, liveTalosconfig(cluster, nodes))) io.warn(`${line}\n`);
  }
  const controlToken = writeControlToken(files);
  const announcer = announceWhenEveryNodeServes(cluster, api, () => writeNodesJson(files, cluster, nodes));
  const recording = options.record !== undefined ? startRecording(options.record, cluster, options.seed) : undefined;
  const stopLog = cluster.world.trace.subscribe((entry) => {
    const line = plainLogLine(entry) ?? controlLogLine(entry);
    if (line !== undefined) io.print(`${line}\n`);
  });
  cluster.powerOnAll();
  // A resumed cluster whose etcd kept its members needs no bootstrap: the members start with their data.
  const configuredBefore = resume.resumed !== undefined && [...cluster.nodes.values()].some((node) => node.isControlPlane());
  const bootstrapper = !options.scenario && !cluster.world.etcd.bootstrapped && (!options.unconfigured || configuredBefore) ? startAutoBootstrap(cluster) : undefined;
  const pacer = new RealTimePacer(cluster.world.kernel, options.speed, io.wall);
  const talosctlNodes = new Map(nodes.map((node) => [node.name, talosctlNode(node, nodes)]));
  const control = await startLiveControl({ cluster, pacer, api, files, token: controlToken, talosctlNodes });
  const kmsServer = cluster.world.kms.server;
  const kms = kmsServer === undefined ? undefined : await startKmsEdge(kmsServer);
  const warp = await runWarp(cluster, pacer, point, limitMs, options, io, bootstrapper).catch(async (error: unknown) => {
    control.close();
    await kms?.close();
    recording?.abandon();
    throw error;
  });
  // What the warp wrote to the state directory is on disk before the banner says the cluster is up.
  await keptState?.settle();
  control.warpEnded();
  settleEpoch(cluster.world, io.calendarNowMs());
  // Listeners catch up after the epoch settled: anything they issue from now on is dated on the settled calendar.
  await announcer.settle();
  await api.refresh();
  const bannerText = banner(cluster.plan, files, nodes, warp, options, control, kubeApi, kms);
  if (!io.abort?.aborted) {
    io.print(bannerText);
    pacer.start();
  }
  startUpOver();
  return {
    cluster,
    files,
    nodes,
    api,
    kubeApi,
    pacer,
    control,
    warp,
    banner: bannerText,
    recording,
    kms,
    async close() {
      control.close();
      await kms?.close();
      pacer.stop();
      recording?.finish();
      stopLog();
      stopKeepingConfigs?.();
      await keptState?.settle();
      keptState?.stop();
      announcer.stop();
      bootstrapper?.stop();
      await api.close();
      await kubeApi.close();
    },
  };
}

interface ResumeDecision {
  /** The kept cluster this session resumes. */
  resumed?: SavedCluster;
  /** What to keep for a later resume (a generated cluster), when not resuming. */
  toSave?: SavedCluster;
}

/** Resume the cluster kept in the state directory, start over (`--fresh`), or start a new one. */
function decideResume(options: LiveOptions): ResumeDecision {
  const ownClusterFlags = [...(options.scenario ? ['--scenario'] : []), ...(options.record !== undefined ? ['--record'] : [])];
  const yourFlags = Object.entries(options.yourFiles ?? {}).flatMap(([key, value]) => {
    const flag = `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`).replace(/^configs$/, 'config')}`;
    const given: readonly string[] = typeof value === 'string' ? [value] : (value ?? []);
    return given.map((text) => `${flag} ${text}`);
  });
  const shape: SavedCluster = { seed: options.seed, controlPlanes: options.controlPlanes, workers: options.workers, unconfigured: options.unconfigured, ...(yourFlags.length > 0 ? { yourFlags } : {}) };
  if (options.fresh) forgetSavedCluster(options.stateDir);
  else {
    const saved = readSavedCluster(options.stateDir);
    if (saved) {
      checkResumable(options.stateDir, saved, { ...shape, seed: options.seedGiven ? options.seed : undefined, ownClusterFlags, yourFlags });
      return { resumed: saved };
    }
  }
  return ownClusterFlags.length === 0 ? { toSave: shape } : {};
}

function describeResumed(saved: SavedCluster, stateDir: string, restored: ReturnType<typeof restoreKeptState>): string {
  const kept = keptNodeConfigs(stateDir);
  const faults = restored.faults.length > 0 ? `; faults still in force: ${restored.faults.join(', ')}` : '';
  return `seed ${saved.seed}; kept configs: ${kept.length > 0 ? kept.join(', ') : 'none'}; etcd members: ${restored.etcdMembers}; virtual time ${formatTime(restored.virtualNowMs)}${faults}`;
}

function checkSpeed(speed: number): void {
  if (!Number.isFinite(speed) || speed <= 0) throw new LiveOptionError('--speed', 'a positive number (1 = wall-clock pace)', String(speed));
}

/** A scenario's warp point is its timeline; everything else defaults to `ready`. */
function chooseWarpPoint(options: LiveOptions): WarpPoint {
  if (options.record !== undefined && options.scenario) {
    throw new LiveOptionError('--record', 'no --record with --scenario (a recording starts from a cluster of its own: --control-planes/--workers, your files, --unconfigured)', `--record ${options.record}`);
  }
  if (options.untilStep !== undefined && !options.scenario) throw new LiveOptionError('--until', 'to be used with --scenario', `--until ${options.untilStep}`);
  if (!options.scenario) return options.warp ?? { kind: 'ready' };
  if (options.warp !== undefined) {
    throw new LiveOptionError('--warp', 'no --warp with --scenario (the warp point is the --until step, or the end of the scenario\'s steps)', `--warp ${options.warp.kind}`);
  }
  return timelineWarpPoint(options.scenario, options.untilStep);
}

/** The most virtual time the warp may take (also how far before now virtual zero is provisionally placed). */
function warpLimitMs(point: WarpPoint, scenario: ScenarioPlan | undefined): number {
  switch (point.kind) {
    case 'none':
      return 0;
    case 'ready':
      return READY_WARP_LIMIT_MS;
    case 'duration':
      return point.virtualMs;
    case 'timeline':
      return timelineLimitMs(scenario!, point.untilStep);
  }
}

async function runWarp(
  cluster: SimCluster,
  pacer: RealTimePacer,
  point: WarpPoint,
  limitMs: number,
  options: LiveOptions,
  io: LiveIo,
  bootstrapper: AutoBootstrap | undefined,
): Promise<WarpSummary> {
  const kernel = cluster.world.kernel;
  const forward = (condition: () => boolean, maxVirtualMs: number) => fastForward(pacer, kernel, condition, maxVirtualMs, io.abort);
  const startedWallMs = io.wall.nowMs();
  const startedVirtualMs = kernel.now;
  const summary: WarpSummary = { point, reached: true, warpedVirtualMs: 0, warpWallMs: 0, steps: [] };
  if (point.kind === 'ready') {
    summary.reached = await forward(clusterSettledCondition(cluster), limitMs);
    if (!summary.reached) summary.detail = bootstrapper?.refusal ?? clusterSettled(cluster).detail;
  } else if (point.kind === 'duration') {
    await forward(() => false, point.virtualMs);
  } else if (point.kind === 'timeline') {
    summary.steps = await runTimelineLive(options.scenario!, cluster, point.untilStep, forward, (report) => reportStep(report, io), io.abort);
    const failed = summary.steps.find((report) => report.problem !== null);
    if (failed) {
      summary.reached = false;
      summary.detail = `step "${failed.name}": ${failed.problem}`;
    }
  }
  summary.warpedVirtualMs = kernel.now - startedVirtualMs;
  summary.warpWallMs = io.wall.nowMs() - startedWallMs;
  return summary;
}

function reportStep(report: StepReport, io: LiveIo): void {
  if (report.problem !== null) io.warn(`talsim: step "${report.name}" at ${formatTime(report.atMs)}: ${report.problem}\n`);
}

function liveNodeEntries(cluster: SimCluster, api: ApiEdge): LiveNodeEntry[] {
  return cluster.plan.nodes.map((plan) => {
    const listener = api.endpoints.get(plan.name);
    if (!listener) throw new Error(`the API edge started no listener for node ${plan.name}`);
    return { name: plan.name, role: plan.role, address: cluster.node(plan.name).reservedIp, apiAddress: listener.address, apiPort: listener.port };
  });
}

function banner(plan: ClusterPlan, files: StateFiles, nodes: LiveNodeEntry[], warp: WarpSummary, options: LiveOptions, control: LiveControl, kubeApi: KubeApiServer, kms: KmsEdge | undefined): string {
  return renderBanner({
    clusterName: plan.name,
    warpPoint: describeWarpPoint(warp.point, plan.nodes.every((node) => !node.configured)),
    notReached: warp.reached ? undefined : warp.detail,
    warpedVirtualMs: warp.warpedVirtualMs,
    warpWallMs: warp.warpWallMs,
    talosconfigPath: files.talosconfig,
    controlplanePath: files.controlplane,
    nodes,
    unconfigured: plan.nodes.every((node) => !node.configured),
    speed: options.speed,
    control: { ...control.endpoint, stateDir: options.stateDir },
    kms: kms === undefined || plan.kms === undefined ? undefined : { simulated: plan.kms.address, served: kms.address },
    kubernetes: plan.endpoint === kubeApi.url ? { server: kubeApi.url, stateDir: files.dir } : undefined,
    ui: options.ui,
  });
}
