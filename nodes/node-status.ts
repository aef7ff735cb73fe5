// What is observable about one node besides its resources: the config it runs and has staged,
// what is installed on its disk, this boot's facts (id, time sync, mounts) and kubelet's side of
// Kubernetes. Every field is read-only from outside; each change goes through one named writer
// here, so "who sets X" is answered by grepping the writer's name. Leaves out: resources (the
// ResourceStore), service states (NodeServices) and the lifecycle stage (the lifecycle machine).
import type { MachineConfig, OtherDocument } from './config/index.ts';

/** A config the node holds: its text, the decoded v1alpha1 document and the stream's other documents. */
export interface ActiveConfig {
  text: string;
  object: MachineConfig;
  /** The stream's other documents (HostnameConfig, LinkConfig, ...), as decoded. */
  documents?: readonly OtherDocument[];
}

/** kubelet's side of Kubernetes, per boot. */
export interface KubeletStatus {
  readonly staticPodsRenderedMs: number | undefined;
  /** How long the rendered static pods take to start (image pulls). */
  readonly staticPodStartDelayMs: number;
  readonly cniReadyMs: number | undefined;
  readonly registered: boolean;
  readonly statusUpdatePending: boolean;
  /** When kubelet's heartbeats stopped reaching an API server (undefined: they do). */
  readonly heartbeatLostAtMs: number | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What a reset wipes (machine.ResetRequest as Talos's Reset handler resolves it). */
export interface ResetTargets {
  /** The system disk and the disks STATE and EPHEMERAL are on, whole (no partition labels given). */
  systemDisks: boolean;
  /** Only these system partitions (by VolumeStatus label), their signatures wiped. */
  systemLabels: readonly string[];
  /** User disks wiped whole, by device path. */
  userDisks: readonly string[];
}

export const WHOLE_SYSTEM_DISK: ResetTargets = Object.freeze({ systemDisks: true, systemLabels: [], userDisks: [] });

export class NodeStatus {
  #talosVersion: string;
  #installedVersion: string | undefined;
  #installed: boolean;
  #installedKernelArgs: readonly string[] = [];
  #bootedKernelArgs: readonly string[] = [];
  #pendingUpgradeImage: string | undefined;
  #config: ActiveConfig | undefined;
  #stagedConfig: ActiveConfig | undefined;
  /** Whether the staged config reached STATE: without a STATE partition (nothing installed) machined keeps it in memory only. */
  #stagedOnState = true;
  /** The config on STATE while a try-mode config runs (Talos's `persistent` MachineConfig is behind the active one). */
  #tryPersisted: ActiveConfig | undefined;
  /** A try-mode config is running: STATE holds #tryPersisted (none, after a try in maintenance), not the active config. */
  #trying = false;
  #timeSynced = false;
  #volumesMounted = false;
  #bootId = '';
  #bootStartedMs = 0;
  #bootstrapRequested = false;
  #resetPowersOff = false;
  #resetTargets: ResetTargets = WHOLE_SYSTEM_DISK;
  readonly #pulledImages = new Set<string>();
  readonly #kube: Mutable<KubeletStatus> = freshKubelet();

  /**
   * `onChange` is told before a change controllers read (each named writer but the kubelet's and
   * the image store's): what they read here changes without a resource write, so the node wakes
   * them (controller-wakeups.ts); `onKubeletChange` before a change of kubelet's fields and the
   * image store, which only Kubernetes reads.
   */
  constructor(talosVersion: string, config: ActiveConfig | undefined, installed: boolean, installedKernelArgs: readonly string[], private readonly onChange: () => void = () => {}, private readonly onKubeletChange: () => void = () => {}) {
    this.#talosVersion = talosVersion;
    this.#config = config;
    this.#installed = installed;
    this.#installedVersion = installed ? talosVersion : undefined;
    this.#installedKernelArgs = installed ? installedKernelArgs : [];
  }

  /** Version booted now. */
  get talosVersion(): string { return this.#talosVersion; }
  /** Version on the boot partition (undefined: not installed). */
  get installedVersion(): string | undefined { return this.#installedVersion; }
  get installed(): boolean { return this.#installed; }
  /** Kernel arguments written to the bootloader by the last install/upgrade. */
  get installedKernelArgs(): readonly string[] { return this.#installedKernelArgs; }
  /** Kernel arguments of this boot. */
  get bootedKernelArgs(): readonly string[] { return this.#bootedKernelArgs; }
  /** Installer image of an upgrade in progress. */
  get pendingUpgradeImage(): string | undefined { return this.#pendingUpgradeImage; }
  get config(): ActiveConfig | undefined { return this.#config; }
  get stagedConfig(): ActiveConfig | undefined { return this.#stagedConfig; }
  /** The config on STATE, which the next boot runs: ahead of the active one when staged, behind it during a try. */
  get persistedConfig(): ActiveConfig | undefined { return this.#stagedConfig ?? (this.#trying ? this.#tryPersisted : this.#config); }
  get timeSynced(): boolean { return this.#timeSynced; }
  get volumesMounted(): boolean { return this.#volumesMounted; }
  get bootId(): string { return this.#bootId; }
  get bootStartedMs(): number { return this.#bootStartedMs; }
  /** Set by the Bootstrap API until etcd's pre state picks it up. */
  get bootstrapRequested(): boolean { return this.#bootstrapRequested; }
  /** A reset without reboot powers off instead of booting again. */
  get resetPowersOff(): boolean { return this.#resetPowersOff; }
  /** What the reset in progress wipes. */
  get resetTargets(): ResetTargets { return this.#resetTargets; }
  /** Images already in containerd's store (first pulls take long). */
  get pulledImages(): ReadonlySet<string> { return this.#pulledImages; }
  get kube(): KubeletStatus { return this.#kube; }

  // --- boot ----------------------------------------------------------------------------------

  /** The kernel starts: a new boot id, per-boot facts cleared, a staged config, an upgraded version and the installed kernel arguments take effect. */
  kernelStarted(bootId: string, nowMs: number): void {
    this.onChange();
    this.#bootStartedMs = nowMs;
    this.#bootId = bootId;
    // An installed node boots the version its boot partition holds (an upgrade wrote a new one).
    if (this.#installed && this.#installedVersion) this.#talosVersion = this.#installedVersion;
    this.#timeSynced = false;
    this.#volumesMounted = false;
    this.#kube.staticPodsRenderedMs = undefined;
    this.#kube.cniReadyMs = undefined;
    this.#kube.registered = false;
    this.#bootstrapRequested = false;
    // A config staged where no STATE partition existed was never written: this boot finds no config at all.
    this.#config = this.#stagedConfig && !this.#stagedOnState ? undefined : this.persistedConfig;
    this.#stagedConfig = undefined;
    this.#stagedOnState = true;
    this.#tryPersisted = undefined;
    this.#trying = false;
    this.#bootedKernelArgs = this.#installed ? [...this.#installedKernelArgs] : [];
  }

  // --- config --------------------------------------------------------------------------------

  /** An apply (or a try-mode revert, or a fault rewriting the stored config) makes `config` the active and the persisted one now. */
  activateConfig(config: ActiveConfig): void {
    this.onChange();
    this.#config = config;
    this.#stagedConfig = undefined;
    this.#tryPersisted = undefined;
    this.#trying = false;
  }

  /** A try-mode apply: `config` runs now, STATE keeps what the next boot runs (Talos sets only the active config). */
  tryConfig(config: ActiveConfig): void {
    this.onChange();
    this.#tryPersisted = this.persistedConfig;
    this.#trying = true;
    this.#stagedConfig = undefined;
    this.#config = config;
  }

  /** A try made in maintenance mode timed out: machined rolls back to the config it had, none (SetConfig(nil) destroys the active MachineConfig). */
  dropTriedConfig(): void {
    this.onChange();
    this.#config = undefined;
    this.#tryPersisted = undefined;
    this.#trying = false;
  }

  /**
   * A staged or reboot-mode apply: `config` becomes the `persistent` MachineConfig and takes effect at the next
   * boot, if `onState` (a STATE partition to write it to; machined's PersistenceController waits for one forever).
   */
  stageConfig(config: ActiveConfig, onState = true): void {
    this.onChange();
    this.#stagedConfig = config;
    this.#stagedOnState = onState;
    this.#tryPersisted = undefined;
    this.#trying = false;
  }

  // --- install, upgrade, reset ---------------------------------------------------------------

  /** The installer wrote the running version to disk with these kernel arguments. */
  installedToDisk(kernelArgs: readonly string[]): void {
    this.onChange();
    this.#installed = true;
    this.#installedVersion = this.#talosVersion;
    this.#installedKernelArgs = kernelArgs;
  }

  /** An upgrade was requested with this installer image. */
  upgradeRequested(image: string): void {
    this.onChange();
    this.#pendingUpgradeImage = image;
  }

  /** The upgrade task ran: `version` (when the image names one) runs now and is on disk. */
  upgradeInstalled(version: string | undefined, kernelArgs: readonly string[]): void {
    this.onChange();
    if (version) {
      this.#talosVersion = version;
      this.#installedVersion = version;
    }
    this.#pendingUpgradeImage = undefined;
    this.#installedKernelArgs = kernelArgs;
  }

  /** LifecycleService/Upgrade wrote `version`'s boot assets: they take effect at the next boot. */
  upgradeArtifactsWritten(version: string, kernelArgs: readonly string[]): void {
    this.onChange();
    this.#installedVersion = version;
    this.#installedKernelArgs = kernelArgs;
  }

  /** Reset wiped the system disk: no config, nothing installed. */
  systemDiskWiped(): void {
    this.onChange();
    this.#config = undefined;
    this.#stagedConfig = undefined;
    this.#tryPersisted = undefined;
    this.#trying = false;
    this.#installed = false;
    this.#installedVersion = undefined;
  }

  /** What the boot partition kept across a power cut (a resumed `talsim up`): set before the first boot. */
  restoredFromDisk(disk: { installed: boolean; installedVersion: string | undefined; installedKernelArgs: readonly string[] }): void {
    this.onChange();
    this.#installed = disk.installed;
    this.#installedVersion = disk.installed ? disk.installedVersion : undefined;
    this.#installedKernelArgs = disk.installed ? [...disk.installedKernelArgs] : [];
  }

  /** Reset wiped the STATE partition only: the config is gone, Talos stays installed. */
  stateWiped(): void {
    this.onChange();
    this.#config = undefined;
    this.#stagedConfig = undefined;
    this.#tryPersisted = undefined;
    this.#trying = false;
  }

  /** Reset wiped the EPHEMERAL partition only: containerd's image store went with it. */
  ephemeralWiped(): void {
    this.onChange();
    this.#pulledImages.clear();
  }

  /** A reset was accepted: what its wipe phase is to wipe. */
  resetRequested(targets: ResetTargets): void {
    this.onChange();
    this.#resetTargets = targets;
  }

  /** A reset asked not to reboot. */
  powerOffAfterReset(): void {
    this.onChange();
    this.#resetPowersOff = true;
  }

  // --- this boot -----------------------------------------------------------------------------

  /** time.SyncController: the first NTP answer arrived (or time sync is disabled). */
  markTimeSynced(): void {
    this.onChange();
    this.#timeSynced = true;
  }

  /** EPHEMERAL mounted (true) or the system disks unmounted (false). */
  setVolumesMounted(mounted: boolean): void {
    this.onChange();
    this.#volumesMounted = mounted;
  }

  /** The Bootstrap API was called on this node. */
  requestBootstrap(): void {
    this.onChange();
    this.#bootstrapRequested = true;
  }

  /** containerd has this image now. */
  imagePulled(image: string): void {
    this.onKubeletChange();
    this.#pulledImages.add(image);
  }

  // --- kubelet -------------------------------------------------------------------------------

  /** k8s.StaticPodServerController rendered the static pods; they start after `startDelayMs`. */
  staticPodsRendered(nowMs: number, startDelayMs: number): void {
    this.onChange();
    this.#kube.staticPodsRenderedMs = nowMs;
    this.#kube.staticPodStartDelayMs = startDelayMs;
  }

  /** A cluster.* change: the static pods are rendered anew at the next pass. */
  staticPodsOutdated(): void {
    this.onChange();
    this.#kube.staticPodsRenderedMs = undefined;
  }

  /** kubelet registered the node; the CNI becomes ready at `cniReadyMs`. */
  kubeletRegistered(cniReadyMs: number): void {
    this.onKubeletChange();
    this.#kube.registered = true;
    this.#kube.cniReadyMs = cniReadyMs;
  }

  /** kubelet's heartbeats stopped reaching an API server at `atMs` (undefined: they reach it again). */
  heartbeatLost(atMs: number | undefined): void {
    this.onKubeletChange();
    this.#kube.heartbeatLostAtMs = atMs;
  }

  /** kubelet's next status update is scheduled (true) or ran (false). */
  statusUpdateScheduled(pending: boolean): void {
    this.onKubeletChange();
    this.#kube.statusUpdatePending = pending;
  }
}

function freshKubelet(): Mutable<KubeletStatus> {
  return { staticPodsRenderedMs: undefined, staticPodStartDelayMs: 0, cniReadyMs: undefined, registered: false, statusUpdatePending: false, heartbeatLostAtMs: undefined };
}
