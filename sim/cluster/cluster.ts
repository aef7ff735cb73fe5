// A simulated cluster built from a plan: the shared world, the secrets bundle and generated
// configs (as `talosctl gen config` would make them), and one virtual node per planned node with
// its hardware, reserved address and (for configured nodes) its config on disk.
import {
  parseConfig, applyPatches as patchConfig, renderConfigStream, DEFAULT_TALOS_VERSION, applyConfigPatchesEncoded, loadPatch,
} from '../../nodes/config/index.ts';
import { stringify } from 'yaml';
import type { ClusterPlan, NodePlan } from './cluster-plan.ts';
import { createWorld, DEFAULT_EPOCH_WALL_MS, type World, type MemberInfo } from './world.ts';
import { MemberDirectory, type DirectoryNode } from './member-directory.ts';
import { MAX_MEMBERS_LISTED } from '../../nodes/controllers/identity-controller.ts';
import { WAKE_ALL, WAKE_ON_ETCD } from '../../nodes/controllers/controller-wakeups.ts';
import { VirtualNode, type ActiveConfig } from '../../nodes/node.ts';
import { loadHardwareProfile } from '../../nodes/hardware/hardware-profile.ts';
import { generateSecretsBundle, generateConfig, secretsBundleFromYaml, type SecretsBundle } from '../../nodes/pki/index.ts';
import type { GeneratedConfig } from '../../nodes/pki/machine-config-generator.ts';
import { activeConfigFromText } from '../../nodes/config-bridge.ts';
import { RoleConfigs } from './role-configs.ts';
import { firstConfigMetadata, unservableConfigMessage } from '../../nodes/served-config-size.ts';

/** A planned node's config (file, patches) that the node could not serve back: no node takes it (nodes/served-config-size.ts). */
export class UnservableConfigError extends Error {
  constructor(
    readonly node: string,
    readonly refusal: string,
  ) {
    super(`node ${JSON.stringify(node)}: ${refusal}`);
    this.name = 'UnservableConfigError';
  }
}

export interface ClusterOptions {
  seed: string;
  /** Wall-clock ms virtual zero stands for (default: a fixed date, for reproducible runs). */
  epochWallMs?: number;
  /** Directory hardware profile paths are relative to. */
  baseDir?: string;
}

export class SimCluster {
  readonly world: World;
  readonly nodes = new Map<string, VirtualNode>();
  readonly secrets: SecretsBundle;
  readonly generated: GeneratedConfig;
  readonly endpoint: string;

  constructor(
    readonly plan: ClusterPlan,
    readonly options: ClusterOptions,
  ) {
    this.world = createWorld(options.seed, plan.subnet, options.epochWallMs ?? DEFAULT_EPOCH_WALL_MS, plan.kms?.address);
    const firstControlPlane = plan.nodes.findIndex((n) => n.role === 'controlplane');
    this.endpoint = plan.endpoint || `https://${this.addressOf(Math.max(0, firstControlPlane))}:6443`;
    const notBefore = new Date(this.world.epochWallMs);
    this.secrets = plan.secrets ? secretsBundleFromYaml(plan.secrets.text) : generateSecretsBundle(this.world.random.stream('secrets'), notBefore);
    this.generated = generateConfig({
      bundle: this.secrets,
      clusterName: plan.name,
      endpoint: this.endpoint,
      talosVersion: plan.talosVersion,
      stream: this.world.random.stream('talosconfig'),
      now: notBefore,
    });
    plan.nodes.forEach((nodePlan, index) => this.addNode(nodePlan, index));
    this.world.fsyncLatencyMs = (name, atMs) => this.nodes.get(name)?.systemDisk()?.fsyncLatencyMsAt(atMs) ?? 2;
    this.world.fsyncLatencyBoundMs = (name) => this.nodes.get(name)?.systemDisk()?.fsyncLatencyMsMax() ?? 2;
    const directory = new MemberDirectory(this.directoryNodes());
    let addressChanges = 0;
    this.world.network.onAddressesChanged = (name) => {
      addressChanges++;
      directory.noteChanged(name);
      // What its controllers read of the network moved without a resource write.
      this.nodes.get(name)?.wakeControllers(WAKE_ALL);
    };
    let controlPlanesGeneration = -1;
    let controlPlanes: string[] = [];
    const refreshed = () => {
      const generation = this.world.configGeneration;
      directory.refresh(generation);
      if (generation !== controlPlanesGeneration) {
        controlPlanesGeneration = generation;
        controlPlanes = [...this.nodes.values()].filter((n) => n.machineType() === 'controlplane' || this.planOf(n.name)?.role === 'controlplane').map((n) => n.name);
      }
      return directory;
    };
    this.world.directoryVersion = () => `${refreshed().version(MAX_MEMBERS_LISTED, controlPlanes)}/${this.world.network.partitionVersion}/${this.world.configGeneration}`;
    // The directory refreshes on an address change or a new config generation; partitions change what each node lists. Each only grows.
    this.world.directoryChanges = () => addressChanges + this.world.network.partitionVersion + this.world.configGeneration;
    this.world.memberDirectory = () => refreshed().all();
    // One answer object while the shared subset keeps its array: every node's identity inputs ask
    // for it on every reconcile pass.
    const byName = { get: (name: string) => directory.entry(name) };
    let listed: { shared: MemberInfo[]; byName: typeof byName } = { shared: [], byName };
    this.world.listedMembers = (limit) => {
      const shared = refreshed().sharedSubset(limit, controlPlanes).members;
      if (listed.shared !== shared) listed = { shared, byName };
      return listed;
    };
    this.world.etcd.onChange(() => {
      for (const node of this.nodes.values()) node.requestReconcile(WAKE_ON_ETCD);
    });
  }

  /** The nodes as discovery reads them. */
  private directoryNodes(): ReadonlyMap<string, DirectoryNode> {
    const nodes = new Map<string, DirectoryNode>();
    for (const [name, n] of this.nodes) {
      nodes.set(name, {
        name,
        nodeId: n.nodeId,
        talosVersion: n.talosVersion,
        isMember: () => n.config !== undefined && n.isPoweredOn() && n.addresses().length > 0,
        hostname: () => n.hostname(),
        addresses: () => n.addresses(),
        machineType: () => n.machineType(),
      });
    }
    return nodes;
  }

  /** Address reserved for the node at `index` (10.5.0.2, 10.5.0.3, ...). */
  addressOf(index: number): string {
    return this.world.network.hostAddress(2 + index);
  }

  private addNode(plan: NodePlan, index: number): void {
    const hardware = this.hardwareFor(plan);
    if (!plan.configured) hardware.bootMedium = 'iso';
    const text = this.configTextFor(plan);
    const refusal = plan.configured ? unservableConfigMessage(text, firstConfigMetadata(this.world.epochWallMs)) : undefined;
    if (refusal !== undefined) throw new UnservableConfigError(plan.name, refusal);
    const node = new VirtualNode({
      name: plan.name,
      index,
      hardware,
      world: this.world,
      talosVersion: this.plan.talosVersion,
      reservedIp: this.addressOf(index),
      config: plan.configured ? this.activeConfigFor(plan, text) : undefined,
    });
    this.nodes.set(plan.name, node);
  }

  /** Generated configs: their named texts and, without patches, their configs parsed once per role (role-configs.ts). */
  private roleConfigs: RoleConfigs | undefined;

  private activeConfigFor(plan: NodePlan, text: string): ActiveConfig {
    if (plan.config.source === 'generated' && plan.config.patches.length === 0) {
      this.roleConfigs ??= new RoleConfigs(this.plan.talosVersion);
      return this.roleConfigs.generated(plan.role, plan.name, text);
    }
    return activeConfigFromText(text, this.plan.talosVersion);
  }

  /** Loaded hardware profiles by what was asked for: nodes of one profile read and parse it once. */
  private readonly hardwareProfiles = new Map<string, ReturnType<typeof loadHardwareProfile>>();

  /** A node's own copy of its hardware profile (addNode changes it for unconfigured nodes). */
  private hardwareFor(plan: NodePlan): ReturnType<typeof loadHardwareProfile> {
    const key = JSON.stringify([plan.hardware.profile, plan.hardware.overrides ?? {}, plan.hardware.text ?? null]);
    let profile = this.hardwareProfiles.get(key);
    if (!profile) this.hardwareProfiles.set(key, (profile = loadHardwareProfile(plan.hardware.profile, plan.hardware.overrides ?? {}, this.options.baseDir, plan.hardware.text)));
    return structuredClone(profile);
  }

  /** The config a node would be given: its file, or the generated one for its role with the node's hostname and patches. */
  configTextFor(plan: NodePlan): string {
    const version = this.plan.talosVersion;
    if (plan.config.source === 'file') return applyPatches(plan.config.text ?? '', plan.config.patches, version);
    const base = plan.role === 'controlplane' ? this.generated.controlplane : this.generated.worker;
    this.roleConfigs ??= new RoleConfigs(version);
    const named = this.roleConfigs.namedText(base, plan.name) ?? withStaticHostnameDocument(base, plan.name, version);
    if (named !== null) return applyPatches(named, plan.config.patches, version);
    return applyPatches(base, [{ machine: { network: { hostname: plan.name } } }, ...plan.config.patches], version);
  }

  node(name: string): VirtualNode {
    const node = this.nodes.get(name);
    if (!node) throw new Error(`no node named "${name}" (nodes: ${[...this.nodes.keys()].join(', ')})`);
    return node;
  }

  powerOnAll(): void {
    for (const node of this.nodes.values()) node.powerOn();
  }

  controlPlanes(): VirtualNode[] {
    return [...this.nodes.values()].filter((n) => (n.config ? n.isControlPlane() : this.planOf(n.name)?.role === 'controlplane'));
  }

  planOf(name: string): NodePlan | undefined {
    // A map, not a scan: the control-plane list asks it for every node after a config change
    // (O(n) per node made the 30,000-worker boot O(n^2): 38% of its profile). First name wins, as find's did.
    if (!this.plansByName) {
      this.plansByName = new Map();
      for (const node of this.plan.nodes) if (!this.plansByName.has(node.name)) this.plansByName.set(node.name, node);
    }
    return this.plansByName.get(name);
  }

  private plansByName: Map<string, NodePlan> | undefined;
}

/**
 * From v1.12 a generated config carries `HostnameConfig` (auto: stable), which Talos refuses next
 * to a v1alpha1 `machine.network.hostname` ("static hostname is already set in v1alpha1 config"):
 * the node's name then goes into that document instead. Null when the stream has no such document.
 */
export function withStaticHostnameDocument(text: string, hostname: string, talosVersion: string): string | null {
  const parsed = parsedBase(text, talosVersion);
  const index = parsed.documents.findIndex((document) => document.kind === 'HostnameConfig');
  if (index < 0) return null;
  const documents = parsed.documents.map((document, at) =>
    at === index ? { ...document, body: { apiVersion: document.apiVersion, kind: document.kind, hostname } } : document);
  return renderConfigStream(parsed.config, documents);
}

/**
 * Apply patches to the v1alpha1 document of a config stream with Talos's merge rules (maps merge,
 * lists append, interfaces merge by name, `$patch: delete` removes); other documents are kept.
 */
export function applyPatches(text: string, patches: ReadonlyArray<Record<string, unknown> | string>, talosVersion = DEFAULT_TALOS_VERSION): string {
  if (patches.length === 0) return text;
  // A patch that is a document of its own (LinkConfig, UserVolumeConfig...) goes through Talos' strategic merge across documents.
  const isDocument = (patch: Record<string, unknown> | string) => typeof patch !== 'string' && ('kind' in patch || 'apiVersion' in patch);
  if (patches.some(isDocument)) return applyMixedPatches(text, patches.map((patch) => (isDocument(patch) ? stringify(patch) : patch)), talosVersion);
  if (patches.some((patch) => typeof patch === 'string')) return applyMixedPatches(text, patches, talosVersion);
  const parsed = parsedBase(text, talosVersion);
  if (!parsed.config) return text;
  return renderConfigStream(patchConfig(parsed.config, patches as Record<string, unknown>[], talosVersion), parsed.documents);
}

/** Object patches (v1alpha1 strategic merge) and patch texts (talosctl's --config-patch forms), in order. */
function applyMixedPatches(text: string, patches: ReadonlyArray<Record<string, unknown> | string>, talosVersion: string): string {
  let current = text;
  let objects: Record<string, unknown>[] = [];
  const flush = () => {
    if (objects.length > 0) current = applyPatches(current, objects, talosVersion);
    objects = [];
  };
  for (const patch of patches) {
    if (typeof patch !== 'string') {
      objects.push(patch);
      continue;
    }
    flush();
    current = applyConfigPatchesEncoded(current, [loadPatch(patch, talosVersion)], talosVersion);
  }
  flush();
  return current;
}

/**
 * The parse of a patch base, kept for the last few texts: a cluster's workers all name themselves
 * in the same generated worker.yaml (only the hostname differs), so it is parsed once, not once per
 * node. Safe because patching clones the parsed config, naming copies the documents it changes and
 * rendering only reads.
 */
const parsedBases = new Map<string, ReturnType<typeof parseConfig>>();
const PARSED_BASES_KEPT = 8;

function parsedBase(text: string, talosVersion: string): ReturnType<typeof parseConfig> {
  const key = `${talosVersion}\u0000${text}`;
  let parsed = parsedBases.get(key);
  if (!parsed) {
    parsed = parseConfig(text, { talosVersion });
    if (parsedBases.size >= PARSED_BASES_KEPT) parsedBases.delete(parsedBases.keys().next().value!);
    parsedBases.set(key, parsed);
  }
  return parsed;
}
