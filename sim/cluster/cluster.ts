// A simulated cluster built from a plan: the shared world, the secrets bundle and generated
// configs (as `talosctl gen config` would make them), and one virtual node per planned node with
// its hardware, reserved address and (for configured nodes) its config on disk.
import { parseAllDocuments, stringify as stringifyYaml } from 'yaml';
import type { ClusterPlan, NodePlan } from '../scenario/plan.ts';
import { createWorld, DEFAULT_EPOCH_WALL_MS, type World } from './world.ts';
import { VirtualNode } from '../../nodes/node.ts';
import { loadHardwareProfile } from '../../nodes/hardware/hardware-profile.ts';
import { generateSecretsBundle, generateConfig, type SecretsBundle } from '../../nodes/pki/index.ts';
import type { GeneratedConfig } from '../../nodes/pki/machine-config-generator.ts';
import { view } from '../../nodes/config-view.ts';

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
    this.world = createWorld(options.seed, plan.subnet, options.epochWallMs ?? DEFAULT_EPOCH_WALL_MS);
    const firstControlPlane = plan.nodes.findIndex((n) => n.role === 'controlplane');
    this.endpoint = plan.endpoint || `https://${this.addressOf(Math.max(0, firstControlPlane))}:6443`;
    const notBefore = new Date(this.world.epochWallMs);
    this.secrets = generateSecretsBundle(this.world.random.stream('secrets'), notBefore);
    this.generated = generateConfig({
      bundle: this.secrets,
      clusterName: plan.name,
      endpoint: this.endpoint,
      talosVersion: plan.talosVersion,
      stream: this.world.random.stream('talosconfig'),
      now: notBefore,
    });
    plan.nodes.forEach((nodePlan, index) => this.addNode(nodePlan, index));
    this.world.fsyncLatencyMs = (name) => this.nodes.get(name)?.systemDisk()?.drawFsyncLatencyMs() ?? 2;
    this.world.memberDirectory = () =>
      [...this.nodes.values()]
        .filter((n) => n.config && n.isPoweredOn() && n.addresses().length > 0)
        .map((n) => ({
          name: n.name,
          nodeId: n.nodeId,
          hostname: n.hostname(),
          addresses: n.addresses(),
          machineType: n.machineType(),
          version: n.talosVersion,
        }));
    this.world.etcd.onChange(() => {
      for (const node of this.nodes.values()) node.requestReconcile();
    });
  }

  /** Address reserved for the node at `index` (10.5.0.2, 10.5.0.3, ...). */
  addressOf(index: number): string {
    return this.world.network.hostAddress(2 + index);
  }

  private addNode(plan: NodePlan, index: number): void {
    const hardware = loadHardwareProfile(plan.hardware.profile, plan.hardware.overrides ?? {}, this.options.baseDir, plan.hardware.text);
    if (!plan.configured) hardware.bootMedium = 'iso';
    const text = this.configTextFor(plan);
    const node = new VirtualNode({
      name: plan.name,
      index,
      hardware,
      world: this.world,
      talosVersion: this.plan.talosVersion,
      reservedIp: this.addressOf(index),
      config: plan.configured ? { text, object: v1alpha1Object(text) } : undefined,
    });
    this.nodes.set(plan.name, node);
  }

  /** The config a node would be given: its file, or the generated one for its role with the node's hostname and patches. */
  configTextFor(plan: NodePlan): string {
    if (plan.config.source === 'file') return applyPatches(plan.config.text ?? '', plan.config.patches);
    const base = plan.role === 'controlplane' ? this.generated.controlplane : this.generated.worker;
    const withHostname = applyPatches(base, [{ machine: { network: { hostname: plan.name } } }]);
    return applyPatches(withHostname, plan.config.patches);
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
    return [...this.nodes.values()].filter((n) => (n.config ? view.isControlPlane(n.config.object) : this.planOf(n.name)?.role === 'controlplane'));
  }

  planOf(name: string): NodePlan | undefined {
    return this.plan.nodes.find((n) => n.name === name);
  }
}

/** The v1alpha1 document of a config stream (the one with machine/cluster keys), as plain data. */
export function v1alpha1Object(text: string): Record<string, unknown> {
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  for (const document of list) {
    const value = document.toJS() as Record<string, unknown> | null;
    if (value && typeof value === 'object' && ('machine' in value || 'cluster' in value)) return value;
  }
  return {};
}

/**
 * Deep-merge patches (maps merge, lists replace, `$patch: delete` removes) into the v1alpha1
 * document of a config stream; other documents are kept as they are.
 */
export function applyPatches(text: string, patches: Record<string, unknown>[]): string {
  if (patches.length === 0) return text;
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  const rendered = list.map((document) => {
    let value = document.toJS() as Record<string, unknown> | null;
    if (value && typeof value === 'object' && ('machine' in value || 'cluster' in value)) {
      for (const patch of patches) value = mergeValue(value, patch) as Record<string, unknown>;
    }
    return stringifyYaml(value, { lineWidth: 0 });
  });
  return rendered.join('---\n');
}

function mergeValue(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  if ((patch as Record<string, unknown>)['$patch'] === 'delete') return undefined;
  const out: Record<string, unknown> = isPlainObject(base) ? { ...(base as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    const merged = mergeValue(out[key], value);
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  return out;
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
