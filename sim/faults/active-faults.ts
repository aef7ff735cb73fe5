// The faults active on one cluster: inject by kind with targets and options (checked against the
// kind's schema, defaults filled in), heal by id, heal all, list. Each change is a `fault` trace
// entry, asks the affected nodes to reconcile, and is told to listeners (the scenario runner's
// `within` expectations, the live control service of `talsim up`). A duration, or a kind that
// ends by itself, heals the fault as a kernel event.
import type { SimCluster } from '../cluster/cluster.ts';
import type { TimerHandle } from '../kernel/kernel.ts';
import type { FaultTargetPlan } from '../cluster/cluster-plan.ts';
import type { VirtualNode } from '../../nodes/node.ts';
import { FaultError } from './fault-error.ts';
import { faultKind } from './fault-catalogue.ts';
import type { FaultKind, FaultTargets, LinkTarget } from './fault-kind.ts';
import { describeTargets, resolveTargets } from './fault-targets.ts';

/** Most faults one cluster may have active at once: more is a runaway script, reported, not absorbed. */
export const MAX_ACTIVE_FAULTS = 1_000;

export interface ActiveFault {
  id: string;
  /** The scenario's name for it, or the id. */
  name: string;
  kind: string;
  targets: string[] | LinkTarget;
  /** Options as injected, defaults filled in. */
  options: Record<string, unknown>;
  injectedAtMs: number;
  /** When it heals by itself (duration or the kind's own end), if it does. */
  healsAtMs?: number;
}

/** A fault brought back after a power cut: its id, and its kept heal handle for a kind that keeps one. */
export interface ResumedFault {
  id: string;
  kept?: unknown;
}

export interface FaultChange {
  action: 'inject' | 'heal';
  fault: ActiveFault;
}

interface Injection {
  fault: ActiveFault;
  kind: FaultKind;
  targets: FaultTargets;
  handle: unknown;
  healTimer: TimerHandle | undefined;
}

export class FaultRegistry {
  private readonly injections = new Map<string, Injection>();
  private readonly listeners: Array<(change: FaultChange) => void> = [];
  private injectedCount = 0;

  constructor(readonly cluster: SimCluster) {}

  /**
   * Injects a fault now and returns its id. `targets` may be omitted for a kind that targets the
   * whole cluster; `durationMs` heals it that long later. Throws FaultError when the kind, the
   * targets or the options do not fit.
   */
  inject(kindName: string, targets?: FaultTargetPlan, options: Record<string, unknown> = {}, durationMs?: number, name?: string, resumed?: ResumedFault): string {
    const kind = faultKind(kindName);
    if (this.injections.size >= MAX_ACTIVE_FAULTS) throw new FaultError(kind.kind, `more than ${MAX_ACTIVE_FAULTS} faults active at once`);
    if (resumed && this.injections.has(resumed.id)) throw new FaultError(kind.kind, `a fault with id ${resumed.id} is already active`);
    const resolved = resolveTargets(this.cluster, kind, targets ?? { kind: 'cluster' });
    const parsed = parseOptions(kind, options);
    const handle = resumed?.kept !== undefined && kind.resume ? kind.resume(this.cluster, resolved, parsed, resumed.kept) : kind.inject(this.cluster, resolved, parsed);
    const id = resumed?.id ?? `f${++this.injectedCount}`;
    const now = this.cluster.world.kernel.now;
    const lifetimeMs = durationMs ?? kind.healsAfterMs?.(parsed);
    const fault: ActiveFault = { id, name: name ?? id, kind: kind.kind, targets: describeTargets(resolved), options: parsed, injectedAtMs: now };
    if (lifetimeMs !== undefined) fault.healsAtMs = now + lifetimeMs;
    const healTimer = lifetimeMs === undefined ? undefined : this.cluster.world.kernel.schedule(lifetimeMs, `heal fault ${id}`, () => this.heal(id));
    this.injections.set(id, { fault, kind, targets: resolved, handle, healTimer });
    this.changed('inject', fault, resolved);
    return id;
  }

  /** Heals one active fault; false when no fault with that id is active. */
  heal(id: string): boolean {
    const injection = this.injections.get(id);
    if (!injection) return false;
    this.injections.delete(id);
    this.cluster.world.kernel.cancel(injection.healTimer);
    injection.kind.heal(this.cluster, injection.targets, injection.handle);
    this.changed('heal', injection.fault, injection.targets);
    return true;
  }

  /** Heals every active fault, newest first; returns how many. */
  healAll(): number {
    const ids = [...this.injections.keys()].reverse();
    for (const id of ids) this.heal(id);
    return ids.length;
  }

  list(): ActiveFault[] {
    return [...this.injections.values()].map((injection) => structuredClone(injection.fault));
  }

  /** How many faults were injected so far (the last id is `f<count>`). */
  get injectedSoFar(): number {
    return this.injectedCount;
  }

  /** A resumed cluster numbers its faults on from where the kept one stopped (ids never repeat). */
  continueNumbering(injectedSoFar: number): void {
    this.injectedCount = Math.max(this.injectedCount, injectedSoFar);
  }

  /** The heal handle of an active fault as JSON data, for a kind whose effect is kept on disk (FaultKind.keep). */
  keptHandle(id: string): unknown {
    const injection = this.injections.get(id);
    return injection?.kind.keep?.(injection.handle);
  }

  onChange(listener: (change: FaultChange) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  private changed(action: FaultChange['action'], fault: ActiveFault, targets: FaultTargets): void {
    const nodeColumn = targets.nodes.length === 1 ? targets.nodes[0]!.name : '-';
    // `faultKind`, not `kind`: a trace line's own `kind` (here `fault`) must not be overwritten.
    this.cluster.world.trace.record(nodeColumn, 'fault', { action, id: fault.id, faultKind: fault.kind, name: fault.name, targets: fault.targets, options: fault.options });
    for (const node of affectedNodes(this.cluster, targets)) node.requestReconcile();
    for (const listener of [...this.listeners]) listener({ action, fault: structuredClone(fault) });
  }
}

/** Nodes a fault touches: its target nodes; every node for link and cluster faults. */
function affectedNodes(cluster: SimCluster, targets: FaultTargets): VirtualNode[] {
  return targets.nodes.length > 0 ? targets.nodes : [...cluster.nodes.values()];
}

function parseOptions(kind: FaultKind, options: Record<string, unknown>): Record<string, unknown> {
  const result = kind.options.safeParse(options);
  if (result.success) return result.data as Record<string, unknown>;
  const problems = result.error.issues.map((issue) => `options${issue.path.map((p) => `.${String(p)}`).join('')}: ${issue.message}`);
  throw new FaultError(kind.kind, problems.join('; '));
}

const registries = new WeakMap<SimCluster, FaultRegistry>();

/** The cluster's one registry, shared by the scenario runner and the live control service. */
export function faultRegistryOf(cluster: SimCluster): FaultRegistry {
  let registry = registries.get(cluster);
  if (!registry) registries.set(cluster, (registry = new FaultRegistry(cluster)));
  return registry;
}
