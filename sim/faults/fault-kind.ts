// What a fault kind is: data (name, description, what it targets, a zod schema of its options,
// every field unit-suffixed with a default and a description) and two functions. `inject` only
// fills in the fault options the cluster's devices and subsystems already have (or partitions the
// network) and returns a heal handle, the data `heal` needs to put things back. The node's normal
// machinery then produces the symptoms; the registry asks the affected nodes to reconcile.
import type { z } from 'zod';
import type { SimCluster } from '../cluster/cluster.ts';
import type { VirtualNode } from '../../nodes/node.ts';

/** What a fault acts on: some nodes, the paths between endpoints, or the cluster as a whole. */
export type TargetKind = 'nodes' | 'link' | 'cluster';

/** Paths from every `from` endpoint to every `to` endpoint (node names or `client`). */
export interface LinkTarget {
  from: string[];
  to: string[];
}

/** Resolved targets: the nodes of a `nodes` fault, the endpoints of a `link` fault. */
export interface FaultTargets {
  nodes: VirtualNode[];
  link: LinkTarget | undefined;
}

export interface FaultKind<Schema extends z.ZodObject = z.ZodObject, HealHandle = unknown> {
  kind: string;
  description: string;
  targets: TargetKind;
  options: Schema;
  inject(cluster: SimCluster, targets: FaultTargets, options: z.output<Schema>): HealHandle;
  heal(cluster: SimCluster, targets: FaultTargets, handle: HealHandle): void;
  /** A fault that ends by itself (power restored): its lifetime, from its options. */
  healsAfterMs?(options: z.output<Schema>): number | undefined;
  /**
   * A fault whose effect is kept on disk (a rewritten config) outlives a power cut by its heal
   * handle rather than by being injected again: `keep` gives the handle as JSON data, `resume`
   * rebuilds it after the cut without acting again (sim/live/kept-state.ts).
   */
  keep?(handle: HealHandle): unknown;
  resume?(cluster: SimCluster, targets: FaultTargets, options: z.output<Schema>, kept: unknown): HealHandle;
}

/** Declares a kind with its option and handle types checked against each other. */
export function defineFaultKind<Schema extends z.ZodObject, HealHandle>(kind: FaultKind<Schema, HealHandle>): FaultKind<Schema, HealHandle> {
  return kind;
}

/** What one field held before an injection overwrote it. */
export interface SavedField<T, K extends keyof T> {
  target: T;
  field: K;
  previous: T[K];
}

/** Sets `field` of every target to `value`, remembering what each held. */
export function overwriteField<T, K extends keyof T>(targets: T[], field: K, value: T[K]): SavedField<T, K>[] {
  return targets.map((target) => {
    const saved = { target, field, previous: target[field] };
    target[field] = value;
    return saved;
  });
}

/** Puts back what `overwriteField` replaced (last first, so nested injections unwind in order). */
export function restoreFields<T, K extends keyof T>(saved: SavedField<T, K>[]): void {
  for (const { target, field, previous } of [...saved].reverse()) target[field] = previous;
}

/** What one map entry held before an injection set it (undefined: it was absent). */
export interface SavedEntry<K, V> {
  map: Map<K, V>;
  key: K;
  previous: V | undefined;
}

export function overwriteEntry<K, V>(map: Map<K, V>, key: K, value: V): SavedEntry<K, V> {
  const saved = { map, key, previous: map.get(key) };
  map.set(key, value);
  return saved;
}

export function restoreEntries<K, V>(saved: SavedEntry<K, V>[]): void {
  for (const { map, key, previous } of [...saved].reverse()) {
    if (previous === undefined) map.delete(key);
    else map.set(key, previous);
  }
}
