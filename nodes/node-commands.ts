// The node commands the gRPC API and the scenario runner share: ApplyConfiguration, Bootstrap,
// Reboot, Shutdown, Reset, Upgrade, service start/stop/restart and the debug-shell edit. Each
// checks what Talos checks, with Talos's error texts (TalosApiError), then drives the machines.
// An apply's reply comes once its config is persisted to STATE, which takes virtual time.
import type { ActiveConfig, VirtualNode } from './node.ts';
import type { HeardCommand } from './node-world.ts';
import { TalosApiError, goError } from './api-error.ts';
import { RT } from './resources/resource-types.ts';
import { API_ERRORS, APPLY_DETAILS, type ApplyMode, type RebootMode, type ServiceOperation } from './vocabulary.ts';
import { serviceDefinition } from './services/service-catalog.ts';
import { goDuration } from './go-format/duration.ts';
import { loadConfigForApply, classifyConfigChange, validateForNode, isAtLeastVersion, nodeValidationFacts, type ConfigChange, type LoadedConfig, type NodeValidation } from './config-bridge.ts';
import { dryRunConfigDiff } from './config/index.ts';
import { installChangeWarnings } from './config/install-change-warnings.ts';
import { unservableConfigMessage, type ServedConfigMetadata } from './served-config-size.ts';

export type { ApplyMode };

export interface ApplyRequest {
  /** The config stream: bytes as received (checked as UTF-8 the way Talos' decoder does) or text. */
  data: string | Uint8Array;
  mode: ApplyMode;
  dryRun: boolean;
  tryTimeoutMs?: number;
  /** The stream as the API edge already decoded it off the event loop (used while the node still has that config). */
  decoded?: PreDecoded;
}

/** A config stream decoded ahead of the apply, against the node's config (and version) of that moment. */
export interface PreDecoded {
  against: ActiveConfig | undefined;
  talosVersion: string;
  loaded?: LoadedConfig;
  change?: ConfigChange;
  /** The decoder's refusal (malformed stream), thrown where decoding would have thrown it. */
  refusal?: Error;
  /** Validation against the node's facts of that moment, and those facts as JSON (nodeValidationFacts). */
  validation?: NodeValidation;
  validatedFor?: string;
}

export interface ApplyReply {
  /** Mode actually used, as the reply's `mode` field. */
  mode: ApplyMode;
  modeDetails: string;
  warnings: string[];
}

/** An operation that completes at a later virtual time (the caller runs or awaits the kernel). */
export interface PendingOperation<T> {
  readonly done: boolean;
  readonly result?: T;
  readonly error?: Error;
  then(onDone: (result: T) => void, onError: (error: Error) => void): void;
}

class Operation<T> implements PendingOperation<T> {
  done = false;
  result?: T;
  error?: Error;
  private callbacks: Array<[(r: T) => void, (e: Error) => void]> = [];
  resolve(result: T): void {
    if (this.done) return;
    this.done = true;
    this.result = result;
    for (const [ok] of this.callbacks) ok(result);
  }
  reject(error: Error): void {
    if (this.done) return;
    this.done = true;
    this.error = error;
    for (const [, fail] of this.callbacks) fail(error);
  }
  then(onDone: (result: T) => void, onError: (error: Error) => void): void {
    if (this.done) {
      if (this.error) onError(this.error);
      else onDone(this.result as T);
    } else this.callbacks.push([onDone, onError]);
  }
}

function rejected<T>(error: Error): PendingOperation<T> {
  const operation = new Operation<T>();
  operation.reject(error);
  return operation;
}

export const DEFAULT_TRY_TIMEOUT_MS = 60_000;

export function applyConfiguration(node: VirtualNode, request: ApplyRequest): PendingOperation<ApplyReply> {
  const insecure = node.config === undefined;
  let operation: PendingOperation<ApplyReply>;
  try {
    operation = startApply(node, request);
  } catch (error) {
    operation = rejected(error as Error);
  }
  if (!request.dryRun) {
    const args = { data: request.data, mode: request.mode, tryTimeoutMs: request.tryTimeoutMs, insecure };
    node.world.commandJournal?.heard({ node: node.name, atMs: node.world.kernel.now, command: 'apply-config', args, outcome: operation });
  }
  return operation;
}

/** Runs a synchronous command and tells the world's journal (if any) what it was and how it ended. */
export function heard<T>(node: VirtualNode, command: HeardCommand['command'], args: Record<string, unknown>, run: () => T): T {
  const journal = node.world.commandJournal;
  if (!journal) return run();
  const atMs = node.world.kernel.now;
  const operation = new Operation<T>();
  try {
    const result = run();
    operation.resolve(result);
    return result;
  } catch (error) {
    operation.reject(error as Error);
    throw error;
  } finally {
    journal.heard({ node: node.name, atMs, command, args, outcome: operation });
  }
}

function startApply(node: VirtualNode, request: ApplyRequest): PendingOperation<ApplyReply> {
  if (node.apply.inProgress) throw new TalosApiError('FailedPrecondition', API_ERRORS.applyInProgress);
  if (node.apply.rebootingForApply && guardsApplyWhileRebooting(node.talosVersion)) throw new TalosApiError('FailedPrecondition', API_ERRORS.applyWhileRebooting);
  // Talos cancels a pending try-mode rollback on any request that is not TRY, before reading its config.
  if (request.mode !== 'try') node.apply.cancelTry();
  const maintenance = node.config === undefined;
  let mode = request.mode;
  if (mode === 'reboot' && (maintenance || isAtLeastVersion(node.talosVersion, 'v1.14.0'))) {
    if (!maintenance) throw new TalosApiError('Unimplemented', API_ERRORS.rebootModeUnsupported);
  }
  const decoded = stillHolds(node, request.decoded);
  if (decoded?.refusal) throw decoded.refusal;
  const loaded = decoded?.loaded ?? loadConfigForApply(request.data, node.talosVersion, maintenance);
  const validation = decoded?.validation ?? validateForNode(loaded, node);
  if (validation.errors.length > 0) throw new TalosApiError('InvalidArgument', `configuration validation failed: ${validation.errorText}`);
  refuseUnservable(node, loaded.text);
  const change = (decoded?.loaded && decoded.change) || classifyConfigChange(node.config, loaded, node.talosVersion);
  const warnings = [...validation.warnings, ...installNotYetInEffect(node, change.changedPaths), ...change.deferredDocuments];
  // Up to v1.12 a separate maintenance server answered; from v1.13 machined answers in maintenance too.
  const separateMaintenanceServer = maintenance && !isAtLeastVersion(node.talosVersion, 'v1.13.0');
  if (maintenance) {
    if (request.dryRun && separateMaintenanceServer) return done({ mode: 'no-reboot', modeDetails: 'Dry run summary:\nNode is running in maintenance mode and does not have a config yet.', warnings });
    // machined (v1.13+) turns only REBOOT (and AUTO) into NO_REBOOT: TRY runs the config without
    // persisting it, STAGED persists it and the node waits in maintenance for the next boot.
    if (separateMaintenanceServer || (mode !== 'try' && mode !== 'staged')) mode = 'no-reboot';
  } else if (mode === 'auto') {
    mode = change.canApplyImmediately ? 'no-reboot' : 'reboot';
  } else if ((mode === 'no-reboot' || mode === 'try') && !change.canApplyImmediately) {
    throw new TalosApiError('InvalidArgument', change.rebootReason);
  }
  if (request.dryRun) {
    // machined's dry run: the mode's summary without the reboot reason or try notice, then the diff; no warnings.
    const diff = maintenance ? dryRunConfigDiff({ config: null, documents: [] }, loaded.parsed) : `Config diff:\n\n${change.diff || 'No changes.'}`;
    return done({ mode, modeDetails: `Dry run summary:\n${summary(mode)} (skipped in dry-run).\n${diff}`, warnings: [] });
  }
  const requested = request.mode.replace('-', '_');
  node.talosLog(`apply config request: mode ${request.mode === 'auto' ? `auto(${mode.replace('-', '_')})` : requested}`);
  const details = separateMaintenanceServer ? '' : describe(mode, change.rebootReason, request.tryTimeoutMs ?? DEFAULT_TRY_TIMEOUT_MS, request.mode === 'auto');
  return persist(node, loaded, { mode, modeDetails: details, warnings }, change.changedPaths, request);
}

/**
 * A valid config whose MachineConfig resource could not be sent back within Talos's message cap
 * is refused (served-config-size.ts), with ResourceExhausted, the code gRPC gives an oversized
 * message; checked after validation, so an invalid config gets Talos's validation error.
 */
function refuseUnservable(node: VirtualNode, text: string): void {
  const refusal = unservableConfigMessage(text, servedConfigMetadata(node));
  if (refusal !== undefined) throw new TalosApiError('ResourceExhausted', refusal);
}

/** The node's MachineConfig metadata as a COSI Get would send it (a first one if it has none yet). */
export function servedConfigMetadata(node: VirtualNode): ServedConfigMetadata {
  const metadata = node.resources.get('config', RT.machineConfig, 'v1alpha1')?.metadata;
  const now = node.world.kernel.now;
  const wallMs = (virtualMs: number) => node.world.epochWallMs + virtualMs + node.faults.clockSkewMs;
  return {
    version: metadata?.version ?? 1,
    owner: metadata?.owner ?? '',
    phase: metadata?.phase ?? 'running',
    createdWallMs: wallMs(metadata?.createdMs ?? now),
    updatedWallMs: wallMs(metadata?.updatedMs ?? now),
    labels: metadata?.labels ?? {},
  };
}

/** Talos v1.12.9+ and v1.13.3+ refuse an apply once a reboot-mode apply has started its reboot (v1.14 has no reboot mode). */
function guardsApplyWhileRebooting(talosVersion: string): boolean {
  if (isAtLeastVersion(talosVersion, 'v1.14.0')) return false;
  return isAtLeastVersion(talosVersion, 'v1.13.3') || (isAtLeastVersion(talosVersion, 'v1.12.9') && !isAtLeastVersion(talosVersion, 'v1.13.0'));
}

/** A decoding done ahead, if the node still is what it was decoded and validated against. */
function stillHolds(node: VirtualNode, decoded: PreDecoded | undefined): PreDecoded | undefined {
  if (!decoded || decoded.against !== node.config || decoded.talosVersion !== node.talosVersion) return undefined;
  if (decoded.validatedFor !== undefined && decoded.validatedFor !== JSON.stringify(nodeValidationFacts(node))) return undefined;
  return decoded;
}

/** machine.install changes on an installed node: accepted, in effect only at the next upgrade. */
export function installNotYetInEffect(node: VirtualNode, changedPaths: readonly string[]): string[] {
  if (!node.config || !node.installed) return [];
  return installChangeWarnings(changedPaths);
}

/** The first line of mode_details for the mode the apply runs in. */
function summary(mode: ApplyMode): string {
  if (mode === 'staged') return APPLY_DETAILS.staged;
  if (mode === 'reboot') return APPLY_DETAILS.withReboot;
  return APPLY_DETAILS.withoutReboot;
}

/** mode_details of an apply that ran: an AUTO that reboots says why; TRY says when it reverts. */
function describe(mode: ApplyMode, rebootReason: string, tryTimeoutMs: number, fromAuto: boolean): string {
  if (mode === 'reboot' && fromAuto && rebootReason) return `${APPLY_DETAILS.withReboot}: ${rebootReason}`;
  if (mode === 'try') return `${APPLY_DETAILS.withoutReboot}\n${APPLY_DETAILS.tryNotice(goDuration(tryTimeoutMs))}`;
  return summary(mode);
}

function done(reply: ApplyReply): PendingOperation<ApplyReply> {
  const operation = new Operation<ApplyReply>();
  operation.resolve(reply);
  return operation;
}

/** Persisting to STATE takes a few fsyncs; a failing disk fails the apply and changes nothing. */
function persist(node: VirtualNode, loaded: ActiveConfig, reply: ApplyReply, changedPaths: string[], request: ApplyRequest): PendingOperation<ApplyReply> {
  const operation = new Operation<ApplyReply>();
  const disk = node.systemDisk();
  node.apply.inProgress = true;
  const writeMs = 20 + (disk ? disk.drawFsyncLatencyMs() * 3 : 5);
  const bootId = node.bootId;
  node.world.kernel.schedule(writeMs, `persist config ${node.name}`, () => {
    node.apply.inProgress = false;
    if (node.bootId !== bootId || !node.isPoweredOn()) {
      operation.reject(new TalosApiError('Unavailable', 'error reading from server: EOF'));
      return;
    }
    if (disk && node.installed && disk.shouldFailWrite()) {
      operation.reject(new TalosApiError('Internal', `failed to write config: write /system/state/config.yaml: ${disk.writable ? 'input/output error' : 'read-only file system'}`));
      return;
    }
    commit(node, loaded, reply, changedPaths, request);
    operation.resolve(reply);
  });
  return operation;
}

function commit(node: VirtualNode, loaded: ActiveConfig, reply: ApplyReply, changedPaths: string[], request: ApplyRequest): void {
  const previous = node.config;
  const trace = { mode: reply.mode, requested: request.mode };
  node.world.trace.record(node.name, 'apply.acknowledged', trace);
  if (reply.mode === 'staged') {
    node.status.stageConfig(loaded, hasStatePartition(node));
    node.apply.acknowledged.push({ timeMs: node.world.kernel.now, mode: reply.mode, text: loaded.text, whenEffective: 'next-boot' });
    node.requestReconcile();
    return;
  }
  if (reply.mode === 'reboot') {
    node.status.stageConfig(loaded);
    node.apply.acknowledged.push({ timeMs: node.world.kernel.now, mode: reply.mode, text: loaded.text, whenEffective: 'next-boot' });
    node.apply.rebootingForApply = true;
    node.apply.rebootRequired();
    node.world.kernel.schedule(100, `apply reboot ${node.name}`, () => node.lifecycle.send({ type: 'REBOOT' }));
    return;
  }
  // A try-mode config runs without being persisted: a reboot before the rollback boots the persisted
  // one (none after a try in maintenance on v1.13+: the node comes back in maintenance).
  if (request.mode === 'try' && (previous || reply.mode === 'try')) node.status.tryConfig(loaded);
  else node.status.activateConfig(loaded);
  node.world.configGeneration++;
  node.fs.configChanged();
  node.apply.acknowledged.push({ timeMs: node.world.kernel.now, mode: reply.mode, text: loaded.text, whenEffective: 'now' });
  if (request.mode === 'try') node.apply.startTry(previous, request.tryTimeoutMs ?? DEFAULT_TRY_TIMEOUT_MS);
  else node.apply.cancelTry();
  if (!previous) {
    node.controllerLog('config.AcquireController', 'machine config loaded successfully', { sources: ['maintenance'] });
    node.lifecycle.send({ type: 'CONFIG_RECEIVED' });
    return;
  }
  if (changedPaths.some((p) => p.startsWith('machine.kubelet'))) restartKubelet(node);
  if (node.isControlPlane() && changedPaths.some((p) => p.startsWith('cluster.'))) node.status.staticPodsOutdated();
  node.apply.appliedImmediately(changedPaths);
  node.requestReconcile();
}

/** Whether the node has a STATE partition to persist a config to (none before Talos is installed). */
function hasStatePartition(node: VirtualNode): boolean {
  return node.systemDisk()?.partitions.some((partition) => partition.label === 'STATE') ?? false;
}

function restartKubelet(node: VirtualNode): void {
  if (!node.services.isStarted('kubelet')) return;
  node.services.stop('kubelet');
  node.world.kernel.schedule(2_000, `kubelet restart ${node.name}`, () => node.services.start('kubelet'));
}

export function bootstrap(node: VirtualNode): void {
  return heard(node, 'bootstrap', {}, () => {
    if (!node.config) throw new TalosApiError('FailedPrecondition', API_ERRORS.bootstrapNoMachineType);
    if (!node.isControlPlane()) throw new TalosApiError('Unimplemented', API_ERRORS.bootstrapWorker);
    if (!node.spec()!.hasEtcdCa) throw new TalosApiError('InvalidArgument', API_ERRORS.bootstrapNoEtcd);
    if (node.world.etcd.dataDirectories.has(node.name) || node.world.etcd.members.has(node.name)) {
      throw new TalosApiError('AlreadyExists', API_ERRORS.etcdDataNotEmpty);
    }
    if (node.services.state('etcd') !== 'Preparing') throw new TalosApiError('FailedPrecondition', API_ERRORS.bootstrapNotAvailable);
    if (!node.timeSynced) throw new TalosApiError('FailedPrecondition', API_ERRORS.bootstrapTimeNotSynced);
    node.talosLog('bootstrap request received');
    node.status.requestBootstrap();
    node.world.etcd.bootstrap(node.name, node.primaryAddress()!);
    node.requestReconcile();
  });
}

function newActor(node: VirtualNode): string {
  const actorId = node.stream('actor').uuid();
  node.events.currentActorId = actorId;
  return actorId;
}

export function reboot(node: VirtualNode, mode: RebootMode = 'default'): string {
  return heard(node, 'reboot', { mode }, () => {
    const actorId = newActor(node);
    node.talosLog(`reboot via API received. actor id: ${actorId}`);
    node.lifecycle.send({ type: 'REBOOT', powercycle: mode === 'powercycle' });
    return actorId;
  });
}

export function shutdown(node: VirtualNode): string {
  return heard(node, 'shutdown', {}, () => {
    const actorId = newActor(node);
    node.talosLog(`shutdown via API received. actor id: ${actorId}`);
    node.lifecycle.send({ type: 'SHUTDOWN' });
    return actorId;
  });
}

/** talosctl's `--wipe-mode` words for machine.ResetRequest.WipeMode (ALL, SYSTEM_DISK, USER_DISKS). */
export type WipeMode = 'all' | 'system-disk' | 'user-disks';

export interface ResetOptions {
  graceful: boolean;
  reboot: boolean;
  /** Default `all`. */
  wipeMode?: WipeMode;
  /** Whole user disks to wipe (device paths); not with `system-disk`. */
  userDisksToWipe?: readonly string[];
  /** Wipe only these system partitions (VolumeStatus ids: STATE, EPHEMERAL, META...); not with `user-disks`. */
  systemLabelsToWipe?: readonly string[];
  /** Partitions a ResetRequest names with `wipe: false`: checked like the others, not wiped. */
  systemLabelsKept?: readonly string[];
}

/** Reset's input checks (v1alpha1_server.go Reset at v1.13.9), with Talos's texts. */
function checkReset(node: VirtualNode, wipeMode: WipeMode, userDisks: readonly string[], labels: readonly string[]): void {
  if (userDisks.length > 0) {
    if (wipeMode === 'system-disk') throw goError("reset failed: invalid input, wipe mode SYSTEM_DISK doesn't support UserDisksToWipe parameter");
    const system = node.systemDisk();
    for (const path of userDisks) {
      const disk = node.disks.find((candidate) => candidate.present && candidate.devPath === path);
      if (!disk) throw goError(`reset user disk failed: device ${path} wasn't found`);
      if (!disk.writable) throw goError(`reset user disk failed: device ${path} is readonly`);
      if (disk === system && node.installed) throw goError(`reset user disk failed: device ${path} is the system disk`);
    }
  }
  if (labels.length > 0) {
    if (wipeMode === 'user-disks') throw goError("reset failed: invalid input, wipe mode USER_DISKS doesn't support SystemPartitionsToWipe parameter");
    for (const label of labels) checkSystemLabel(node, label);
  }
}

/** A system partition a reset may wipe by label: its VolumeStatus exists and it is located. */
export function checkSystemLabel(node: VirtualNode, label: string): void {
  const status = node.resources.get('runtime', RT.volumeStatus, label);
  if (status === undefined) throw goError(`failed to get volume status with label "${label}": resource ${RT.volumeStatus}(runtime/${label}@undefined) doesn't exist`);
  if ((status.spec as { location?: string }).location === '') throw goError(`failed to reset: volume "${label}" is not located`);
}

export function reset(node: VirtualNode, options: ResetOptions): string {
  const wipeMode = options.wipeMode ?? 'all';
  const userDisks = options.userDisksToWipe ?? [];
  const labels = options.systemLabelsToWipe ?? [];
  const recorded = {
    graceful: options.graceful, reboot: options.reboot,
    ...(wipeMode === 'all' ? {} : { wipeMode }), ...(userDisks.length > 0 ? { userDisksToWipe: userDisks } : {}), ...(labels.length > 0 ? { systemLabelsToWipe: labels } : {}),
  };
  return heard(node, 'reset', recorded, () => {
    checkReset(node, wipeMode, userDisks, [...labels, ...(options.systemLabelsKept ?? [])]);
    const actorId = newActor(node);
    node.talosLog(`reset request received. actorID: ${actorId}`);
    node.status.resetRequested({ systemDisks: wipeMode !== 'user-disks' && labels.length === 0, systemLabels: labels, userDisks: wipeMode === 'system-disk' ? [] : userDisks });
    if (!options.graceful) node.world.etcd.remove(node.name);
    node.lifecycle.send({ type: 'RESET' });
    if (!options.reboot) node.status.powerOffAfterReset();
    return actorId;
  });
}

export function upgrade(node: VirtualNode, image: string, stage: boolean): { actorId: string; ack: string } {
  return heard(node, 'upgrade', { image, stage }, () => {
    if (!node.installed) throw new TalosApiError('FailedPrecondition', API_ERRORS.notInstalled);
    const actorId = newActor(node);
    node.talosLog(`upgrade request received: staged ${stage}, force false, reboot mode DEFAULT`);
    node.status.upgradeRequested(image);
    node.lifecycle.send({ type: stage ? 'REBOOT' : 'UPGRADE' });
    return { actorId, ack: 'Upgrade request received' };
  });
}

/**
 * The installer of LifecycleService/Upgrade (image `image`) wrote `version`'s boot assets with the
 * kernel arguments of the config in force: both take effect at the next boot, not now. Heard as a
 * staged upgrade (what it amounts to), at the time the installer finished.
 */
export function writeUpgradeArtifacts(node: VirtualNode, image: string, version: string): void {
  heard(node, 'upgrade', { image, stage: true }, () => {
    node.status.upgradeArtifactsWritten(version, node.spec()?.extraKernelArgs ?? []);
    node.world.trace.record(node.name, 'upgrade.staged', { version });
  });
}

export function serviceOperation(node: VirtualNode, id: string, operation: ServiceOperation): string {
  return heard(node, 'service', { id, operation }, () => {
    const definition = serviceDefinition(id);
    if (!definition || (definition.controlPlaneOnly && !node.isControlPlane())) throw new TalosApiError('Unknown', API_ERRORS.serviceNotDefined(id));
    if (!definition.apiOperations.includes(operation)) throw new TalosApiError('Unknown', API_ERRORS.serviceOperationUnsupported(id, operation));
    const past = { start: 'started', stop: 'stopped', restart: 'restarted' }[operation];
    if (operation === 'start' && node.services.state(id) === 'Running') return `Service "${id}" ${past}`;
    if (operation === 'stop' || operation === 'restart') node.services.stop(id);
    if (operation === 'start') node.services.start(id);
    if (operation === 'restart') node.world.kernel.schedule(2_000, `service restart ${node.name}/${id}`, () => node.services.start(id));
    return `Service "${id}" ${past}`;
  });
}

export function debugShellEdit(node: VirtualNode, path: string, content: string): void {
  return heard(node, 'debug-shell-edit', { path, content }, () => {
    node.fs.debugEdit(path, content);
    node.requestReconcile();
  });
}
