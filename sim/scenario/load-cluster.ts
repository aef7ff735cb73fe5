// The cluster part of a scenario, normalised: node groups expanded into numbered nodes
// (`worker` x2 -> worker-1, worker-2), defaults filled in, hardware profile files and machine
// config files read. Leaves the endpoint empty when not given: node addresses are the
// cluster's business, and it fills the endpoint in from the first control plane's address.
import type { ClusterPlan, HardwarePlan, NodeConfigPlan, NodePlan } from './plan.ts';
import { MAX_CLUSTER_NODES, type HardwareInput, type NodeEntryInput, type ScenarioInput } from './scenario-schema.ts';
import { withoutUndefined, type LoadContext } from './load-context.ts';
import type { FieldPath } from './load-yaml-document.ts';

export const DEFAULT_CLUSTER_NAME = 'talsim';
export const DEFAULT_SUBNET = '10.5.0.0/24';
export const DEFAULT_TALOS_VERSION = 'v1.13.0';
export const DEFAULT_HARDWARE_PROFILE = 'default';

export function normaliseCluster(input: ScenarioInput['cluster'], context: LoadContext): ClusterPlan {
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
  return {
    name: input.name ?? DEFAULT_CLUSTER_NAME,
    endpoint: input.endpoint ?? '',
    subnet: input.subnet ?? DEFAULT_SUBNET,
    talosVersion: input.talosVersion ?? DEFAULT_TALOS_VERSION,
    nodes,
  };
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
  return withoutUndefined({ profile, overrides: hasOverrides ? overrides : undefined, text });
}

function normaliseNodeConfig(entry: NodeEntryInput, path: FieldPath, context: LoadContext): NodeConfigPlan {
  const patches = entry.patches ?? [];
  if (entry.config === undefined || entry.config === 'generated') return { source: 'generated', patches };
  const text = context.readFile(entry.config, [...path, 'config'], 'a machine config file');
  return { source: 'file', path: entry.config, text: text ?? '', patches };
}
