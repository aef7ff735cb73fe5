// The fault catalogue as the fault panel uses it: each kind with its targets and its options read
// from the kind's zod schema (type, default, description, choices), and the registry's active
// faults with the nodes they touch. Targets are written as in the form: node names, a role or
// `all` (`cp-1,worker-1`, `worker`), a link as `from->to` (`cp-1->worker-1,client`, the same form
// as `talsim fault inject --target`), nothing for a cluster-wide fault.
import { z } from 'zod';
import type { SimCluster } from '../cluster/cluster.ts';
import type { FaultRegistry, ActiveFault } from '../faults/active-faults.ts';
import { FAULT_KINDS } from '../faults/fault-catalogue.ts';
import type { FaultKind } from '../faults/fault-kind.ts';
import type { FaultTargetPlan, NodeSelector } from '../scenario/plan.ts';
import { FaultError } from '../faults/fault-error.ts';
import { LINK_ARROW, parseTargetTexts } from '../live/control-targets.ts';
import type { ActiveFaultInfo, FaultControl, FaultKindInfo, FaultParameter } from './ui-session.ts';

export interface FaultControlOptions {
  /** Faults not listed (a lesson's scene: the trainee diagnoses it, and cannot heal it from the panel). */
  hiddenIds?: ReadonlySet<string>;
}

export function faultControlFor(registry: FaultRegistry, options: FaultControlOptions = {}): FaultControl {
  const kinds = FAULT_KINDS.map(kindInfo);
  const shown = (fault: ActiveFault) => !options.hiddenIds?.has(fault.id);
  return {
    kinds: () => kinds,
    active: () => registry.list().filter(shown).map(activeInfo),
    inject: (kind, targets, options) => {
      const info = kinds.find((candidate) => candidate.kind === kind);
      if (!info) throw new FaultError(kind, `no such fault kind; kinds: ${kinds.map((candidate) => candidate.kind).join(', ')}`);
      return registry.inject(kind, parseTargets(registry.cluster, info, targets), options);
    },
    heal: (id) => {
      const fault = registry.list().find((candidate) => candidate.id === id);
      if (!fault || !shown(fault) || !registry.heal(id)) throw new FaultError('-', `no active fault ${id}`);
    },
  };
}

export function kindInfo(kind: FaultKind): FaultKindInfo {
  const schema = z.toJSONSchema(kind.options, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonProperty>; required?: string[] };
  const parameters = Object.entries(schema.properties ?? {}).map(([name, property]): FaultParameter => ({
    name,
    description: property.description ?? '',
    type: property.enum ? 'enum' : property.type === 'integer' ? 'integer' : property.type === 'number' ? 'number' : property.type === 'boolean' ? 'boolean' : 'string',
    choices: property.enum?.map(String),
    default: property.default,
    required: (schema.required ?? []).includes(name) && property.default === undefined,
  }));
  return { kind: kind.kind, description: kind.description, targets: kind.targets, parameters };
}

interface JsonProperty {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
}

function activeInfo(fault: ActiveFault): ActiveFaultInfo {
  const link = Array.isArray(fault.targets) ? undefined : fault.targets;
  const nodes = link ? [...link.from, ...link.to].filter((endpoint) => endpoint !== 'client') : fault.targets as string[];
  const targets = link ? `${link.from.join(',')}${LINK_ARROW}${link.to.join(',')}` : nodes.length > 0 ? nodes.join(',') : 'cluster';
  const options = Object.entries(fault.options).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return { id: fault.id, kind: fault.kind, nodes: [...new Set(nodes)], targets, summary: options.join(' '), sinceMs: fault.injectedAtMs };
}

export function parseTargets(cluster: SimCluster, kind: FaultKindInfo, text: string): FaultTargetPlan {
  if (kind.targets === 'cluster') return { kind: 'cluster' };
  if (kind.targets === 'link') {
    return parseTargetTexts(kind, [text]);
  }
  return { kind: 'nodes', nodes: nodeSelector(cluster, kind.kind, text) };
}

function nodeSelector(cluster: SimCluster, kind: string, text: string): NodeSelector {
  const trimmed = text.trim();
  if (trimmed === 'all') return { kind: 'all' };
  if (trimmed === 'controlplane' || trimmed === 'worker') return { kind: 'role', role: trimmed };
  const names = trimmed.split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) throw new FaultError(kind, `targets nodes: write node names, a role or all (nodes: ${[...cluster.nodes.keys()].join(', ')})`);
  return { kind: 'names', names };
}

/** What the form proposes as targets: the selected node, or it and every other node for a link. */
export function defaultTargets(kind: FaultKindInfo, node: string | undefined, nodes: readonly string[]): string {
  const chosen = node ?? nodes[0] ?? '';
  if (kind.targets === 'cluster') return '';
  if (kind.targets === 'link') return `${chosen}${LINK_ARROW}${nodes.filter((name) => name !== chosen).join(',') || 'client'}`;
  return chosen;
}
