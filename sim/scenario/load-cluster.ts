// The cluster part of a scenario, normalised: node groups expanded into numbered nodes
// (`worker` x2 -> worker-1, worker-2), defaults filled in, hardware profile files and machine
// config files read. Leaves the endpoint empty when not given: node addresses are the
// cluster's business, and it fills the endpoint in from the first control plane's address.
import type { ClusterPlan, HardwarePlan, NodeConfigPlan, NodePlan } from './plan.ts';
import type { HardwareInput, NodeEntryInput, ScenarioInput } from './scenario-schema.ts';
import { MAX_CLUSTER_NODES } from './cluster-limits.ts';
import { withoutUndefined, type LoadContext } from './load-context.ts';
import type { FieldPath } from './load-yaml-document.ts';
import { HardwareProfileError, loadHardwareProfile } from '../../nodes/hardware/hardware-profile.ts';
import { PkiError } from '../../nodes/pki/pki-error.ts';
import { secretsBundleFromYaml } from '../../nodes/pki/secrets-bundle.ts';
import { ConfigError, JSON6902_MULTI_DOCUMENT_ERROR, loadPatch } from '../../nodes/config/index.ts';
import { firstConfigMetadata, unservableConfigMessage } from '../../nodes/served-config-size.ts';
import { newestModelledTalosMinor, oldestModelledTalosMinor, parseTalosVersion } from '../../nodes/pki/version-contract.ts';
import { describeValue } from './load-problems.ts';
import { DEFAULT_TALOS_VERSION } from '../../nodes/config/index.ts';
import { DEFAULT_KMS_PORT } from '../cluster/kms-server.ts';
import { SimCluster, UnservableConfigError } from '../cluster/cluster.ts';

export const DEFAULT_CLUSTER_NAME = 'talsim';
export const DEFAULT_SUBNET = '10.5.0.0/24';
export { DEFAULT_TALOS_VERSION };
export const DEFAULT_HARDWARE_PROFILE = 'default';

/** The cluster of a scenario that will run with `seed` (the configs generated for it are measured). */
export function normaliseCluster(input: ScenarioInput['cluster'], context: LoadContext, seed: string): ClusterPlan {
  const nodes: NodePlan[] = [];
  input.nodes.forEach((entry, index) => {
    const path = ['cluster', 'nodes', index];
    for (const node of normaliseNodeEntry(entry, path, context)) {
      if (nodes.some((earlier) => earlier.name === node.name)) {
        const nameKey = 'group' in entry ? 'group' : 'name';
        context.report([...path, nameKey], 'a node name not used before in the cluster', JSON.stringify(node.name));
      }
      nodes.push(node);
    }
  });
  if (nodes.length > MAX_CLUSTER_NODES) {
    context.report(['cluster', 'nodes'], `at most ${MAX_CLUSTER_NODES} nodes`, `${nodes.length} nodes`);
  }
  if (!nodes.some((node) => node.role === 'controlplane')) {
    context.report(['cluster', 'nodes'], 'at least one node with role controlplane', 'only workers');
  }
  const talosVersion = input.talosVersion ?? DEFAULT_TALOS_VERSION;
  checkTalosVersion(talosVersion, context);
  if (input.endpoint !== undefined) checkEndpoint(input.endpoint, context);
  const plan: ClusterPlan = withoutUndefined({
    name: input.name ?? DEFAULT_CLUSTER_NAME,
    endpoint: input.endpoint ?? '',
    subnet: input.subnet ?? DEFAULT_SUBNET,
    talosVersion,
    secrets: input.secrets === undefined ? undefined : normaliseSecrets(input.secrets, context),
    kms: input.kms === undefined ? undefined : normaliseKms(input.kms, input.subnet ?? DEFAULT_SUBNET, nodes.length, context),
    nodes,
  });
  if (context.problems.length === 0) checkServableConfigs(plan, input.nodes, context, seed);
  return plan;
}

/** Below this many bytes of config file plus patch material, no patched config can come near the served-size limit. */
const PATCHED_CONFIG_SURELY_SERVABLE_BYTES = 128 * 1024;

/**
 * Patches that grow a node's config beyond what the node could serve back (nodes/served-config-size.ts)
 * are a load error at the node's `patches`, as a too-large `config:` file is: the cluster would
 * refuse to build that node. The configs are only built when the patch material is large enough to matter,
 * with the run's seed: generated configs carry secrets drawn from it, so their size moves with it by a
 * few bytes, and a config at the limit is servable with one seed and not another.
 */
function checkServableConfigs(plan: ClusterPlan, entries: readonly NodeEntryInput[], context: LoadContext, seed: string): void {
  const cap = PATCHED_CONFIG_SURELY_SERVABLE_BYTES;
  const material = (node: NodePlan) => (node.config.text?.length ?? 0) + node.config.patches.reduce((sum, patch) => sum + patchMaterialBytes(patch, cap), 0);
  if (plan.nodes.every((node) => !node.configured || material(node) < cap)) return;
  try {
    new SimCluster(plan, { seed });
  } catch (error) {
    if (!(error instanceof UnservableConfigError)) throw error;
    const index = entries.findIndex((entry) => ('group' in entry ? Array.from({ length: entry.count }, (_, at) => `${entry.group}-${at + 1}`).includes(error.node) : entry.name === error.node));
    const entry = entries[index];
    const path = ['cluster', 'nodes', Math.max(0, index), ...(entry?.patches?.length ? ['patches'] : [])];
    context.report(path, 'patches that leave a machine config small enough to be read back from the node', `node ${JSON.stringify(error.node)}: ${error.refusal}`);
  }
}

/** About how many bytes a patch adds to a config, counting nesting indentation; stops counting at `cap` (aliases can share subtrees). */
function patchMaterialBytes(patch: unknown, cap: number): number {
  let total = 0;
  const walk = (value: unknown, depth: number): void => {
    if (total >= cap) return;
    if (typeof value === 'string') total += value.length * 2 + 2 * depth + 8;
    else if (Array.isArray(value)) for (const item of value) walk(item, depth + 1);
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        total += key.length * 2 + 2 * depth + 8;
        walk(item, depth + 1);
      }
    } else total += 2 * depth + 32;
  };
  walk(patch, 0);
  return total;
}

/** The KMS server's address: host 254 of the subnet by default; never a node's reserved address. */
function normaliseKms(input: NonNullable<ScenarioInput['cluster']['kms']>, subnet: string, nodeCount: number, context: LoadContext): { address: string } {
  const base = subnet.split('/')[0]!.split('.').map(Number);
  const address = input === true || input.address === undefined ? `${base.slice(0, 3).join('.')}.254:${DEFAULT_KMS_PORT}` : input.address;
  const [ip, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  const octets = ip.split('.').map(Number);
  const host = octets[3]! - base[3]!;
  const inSubnet = octets.slice(0, 3).every((octet, index) => octet === base[index]);
  const at = input === true ? ['cluster', 'kms'] : ['cluster', 'kms', 'address'];
  if (!(port >= 1 && port <= 65535)) context.report(at, 'a port from 1 to 65535', describeValue(address));
  else if (inSubnet && (host <= 1 || host <= nodeCount + 1 || host === 255)) {
    context.report(at, `an address no node, gateway or broadcast uses (nodes take .2 to .${nodeCount + 1})`, describeValue(address));
  }
  return { address };
}

/** Your secrets.yaml, read and checked now so a file of another format is a load error at `cluster.secrets`. */
function normaliseSecrets(path: string, context: LoadContext): { path: string; text: string } | undefined {
  const text = context.readFile(path, ['cluster', 'secrets'], 'a secrets.yaml file');
  if (text === undefined) return undefined;
  try {
    secretsBundleFromYaml(text);
  } catch (error) {
    if (!(error instanceof PkiError)) throw error;
    const detail = error.detail.replace(/^\d+ errors? occurred:\n/, '').replace(/\n+$/, '').replaceAll('\n\t* ', '; ').replace(/^\t\* /, '');
    context.report(['cluster', 'secrets'], 'a secrets bundle (secrets.yaml from talsim gen config or talosctl gen secrets)', `${JSON.stringify(path)}: ${detail}`);
    return undefined;
  }
  return { path, text };
}


/** Only versions whose config generation is modelled: anything else could not build the cluster. */
function checkTalosVersion(version: string, context: LoadContext): void {
  try {
    parseTalosVersion(version);
  } catch (error) {
    if (!(error instanceof PkiError)) throw error;
    context.report(['cluster', 'talosVersion'], `a modelled Talos version, v1.${oldestModelledTalosMinor}.x to v1.${newestModelledTalosMinor}.x`, describeValue(version));
  }
}

/** The schema matched `https://<host>:<port>`; the port must also be one a URL can carry. */
function checkEndpoint(endpoint: string, context: LoadContext): void {
  const port = Number(/:(\d+)$/.exec(endpoint)?.[1]);
  let parsed = false;
  try {
    parsed = new URL(endpoint).protocol === 'https:';
  } catch {
    parsed = false;
  }
  if (!parsed || !(port >= 1 && port <= 65535)) context.report(['cluster', 'endpoint'], 'an https URL with a port from 1 to 65535, like https://10.5.0.2:6443', describeValue(endpoint));
}

/** One entry of `cluster.nodes`: a single node, or a group as `<group>-1` .. `<group>-<count>`. */
function normaliseNodeEntry(entry: NodeEntryInput, path: FieldPath, context: LoadContext): NodePlan[] {
  const names = 'group' in entry ? Array.from({ length: entry.count }, (_, index) => `${entry.group}-${index + 1}`) : [entry.name];
  const hardware = normaliseHardware(entry.hardware ?? DEFAULT_HARDWARE_PROFILE, [...path, 'hardware'], context);
  const config = normaliseNodeConfig(entry, path, context);
  const source = context.sourceAt(path);
  return names.map((name) => ({
    name,
    role: entry.role,
    hardware: structuredClone(hardware),
    config: structuredClone(config),
    configured: entry.configured ?? true,
    source,
  }));
}

/** A profile is a file when it looks like a path: it holds a `/` or ends in `.yaml` / `.yml`. */
export function isProfilePath(profile: string): boolean {
  return profile.includes('/') || /\.ya?ml$/.test(profile);
}

function normaliseHardware(input: HardwareInput, path: FieldPath, context: LoadContext): HardwarePlan {
  const { profile, ...overrides } = typeof input === 'string' ? { profile: input } : input;
  const profilePath = typeof input === 'string' ? path : [...path, 'profile'];
  const text = isProfilePath(profile) ? context.readFile(profile, profilePath, 'a hardware profile file') : undefined;
  const hasOverrides = Object.keys(overrides).length > 0;
  if (!isProfilePath(profile) || text !== undefined) checkHardware(profile, overrides, text, typeof input === 'string' ? undefined : path, profilePath, context);
  return withoutUndefined({ profile, overrides: hasOverrides ? overrides : undefined, text });
}

/** Builds the profile the cluster will build, so a bad one is a load error at the field that made it. */
function checkHardware(profile: string, overrides: Record<string, unknown>, text: string | undefined, mappingPath: FieldPath | undefined, profilePath: FieldPath, context: LoadContext): void {
  try {
    loadHardwareProfile(profile, overrides, '.', isProfilePath(profile) ? text : undefined);
  } catch (error) {
    if (!(error instanceof HardwareProfileError)) throw error;
    const key = error.field.split(/[.[]/)[0]!;
    const at = mappingPath && key in overrides ? [...mappingPath, key] : profilePath;
    const where = at === profilePath && isProfilePath(profile) ? ` in ${profile}` : '';
    const field = error.field === '(document)' ? '' : `${error.field}: `;
    context.report(at, `a usable hardware profile (${field}${error.expected})`, `${error.found}${where}`);
  }
}

/** `@file` patches are read (relative to the scenario); every patch text must load as talosctl would load it. */
function normalisePatches(entry: NodeEntryInput, path: FieldPath, context: LoadContext): NodeConfigPlan['patches'] {
  return (entry.patches ?? []).map((patch, index) => {
    if (typeof patch !== 'string') return patch;
    const at = [...path, 'patches', index];
    const text = patch.startsWith('@') ? context.readFile(patch.slice(1), at, 'a patch file') : patch;
    if (text === undefined) return patch;
    try {
      const loaded = loadPatch(text, DEFAULT_TALOS_VERSION);
      if (loaded.kind === 'json6902' && (entry.config === undefined || entry.config === 'generated')) {
        context.report(at, 'a strategic merge patch: generated configs have several documents, and Talos refuses JSON patches on those', JSON6902_MULTI_DOCUMENT_ERROR);
      }
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const where = patch.startsWith('@') ? `${JSON.stringify(patch.slice(1))}${error.line > 0 ? ` line ${error.line}` : ''}: ` : '';
      context.report(at, 'a config patch (strategic merge or RFC 6902 JSON patch)', `${where}${error.message}`);
    }
    return text;
  });
}

function normaliseNodeConfig(entry: NodeEntryInput, path: FieldPath, context: LoadContext): NodeConfigPlan {
  const patches = normalisePatches(entry, path, context);
  if (entry.config === undefined || entry.config === 'generated') return { source: 'generated', patches };
  const text = context.readFile(entry.config, [...path, 'config'], 'a machine config file');
  const refusal = text === undefined ? undefined : unservableConfigMessage(text, firstConfigMetadata(0));
  if (refusal !== undefined) context.report([...path, 'config'], 'a machine config small enough to be read back from the node', `${JSON.stringify(entry.config)}: ${refusal}`);
  return { source: 'file', path: entry.config, text: text ?? '', patches };
}
