// A node's state as a store of typed resources, as in Talos's COSI runtime: each resource has a
// type (`MachineStatuses.runtime.talos.dev`), a namespace, an id, a version that grows on every
// change, created/updated times and a spec whose keys are the YAML keys `talosctl get -o yaml`
// prints. Controllers write; the API, UI, scenarios and tests read. Leaves out: finalizers,
// owners' write protection, label queries beyond equality.
import { flatString } from '../flat-string.ts';
import { sharedSpecsFor, type SharedSpecs } from './shared-specs.ts';

export interface ResourceMetadata {
  namespace: string;
  type: string;
  id: string;
  version: number;
  owner: string;
  phase: 'running' | 'tearingDown';
  /** Virtual ms. */
  createdMs: number;
  updatedMs: number;
  labels: Record<string, string>;
}

export interface Resource<Spec = unknown> {
  metadata: ResourceMetadata;
  spec: Spec;
}

export type ResourceEventType = 'created' | 'updated' | 'destroyed';

export interface ResourceEvent {
  type: ResourceEventType;
  resource: Resource;
  old?: Resource;
}

export type ResourceWatcher = (event: ResourceEvent) => void;

/**
 * The labels of a resource nobody labelled: one frozen object for all of them (nothing writes a
 * stored resource's labels; a resource per node each with its own empty object cost ~50 bytes).
 */
const NO_LABELS: Record<string, string> = Object.freeze({});

/**
 * A stored resource is one object, its metadata's fields and its spec side by side, and its
 * `metadata` is the object itself: a write makes one object instead of a resource and its metadata
 * (a node holds ~150 resources and writes thousands in a boot; each object is one more for the
 * garbage collector to copy and mark). Read it as `resource.metadata.id`, `resource.spec`, as any
 * Resource; nothing writes a stored resource.
 */
class StoredResource<Spec> implements Resource<Spec>, ResourceMetadata {
  readonly phase = 'running' as const;

  constructor(
    readonly namespace: string,
    readonly type: string,
    readonly id: string,
    readonly version: number,
    readonly owner: string,
    readonly createdMs: number,
    readonly updatedMs: number,
    readonly labels: Record<string, string>,
    readonly spec: Spec,
  ) {}

  get metadata(): ResourceMetadata {
    return this;
  }
}

/**
 * One type in one namespace: its resources by id, how many changes (creates, updates, destroys) it
 * has seen, and its key in the cluster's shared-spec table (one string made once, not per write).
 */
interface Kind {
  readonly key: string;
  readonly byId: Map<string, Resource>;
  version: number;
}

export class ResourceStore {
  /**
   * namespace -> type -> its kind: a list or prune touches only its own kind, and a lookup hashes
   * the caller's two strings (literals, their hashes cached) instead of a key built per call.
   */
  private readonly kinds = new Map<string, Map<string, Kind>>();
  private readonly watchers = new Set<ResourceWatcher>();
  /** Stored specs are deep-frozen and shared by content with the other nodes of the cluster (shared-specs.ts). */
  private readonly shared: SharedSpecs;

  constructor(private readonly clock: { readonly now: number }) {
    this.shared = sharedSpecsFor(clock);
  }

  private kind(namespace: string, type: string): Kind | undefined {
    return this.kinds.get(namespace)?.get(type);
  }

  private kindFor(namespace: string, type: string): Kind {
    let types = this.kinds.get(namespace);
    if (!types) this.kinds.set(namespace, (types = new Map()));
    let kind = types.get(type);
    if (!kind) types.set(type, (kind = { key: `${namespace}\u0000${type}`, byId: new Map(), version: 0 }));
    return kind;
  }

  get<Spec>(namespace: string, type: string, id: string): Resource<Spec> | undefined {
    return this.kind(namespace, type)?.byId.get(id) as Resource<Spec> | undefined;
  }

  /** Resources of a type in a namespace, sorted by id (as COSI lists them). */
  list(namespace: string, type: string): Resource[] {
    const kind = this.kind(namespace, type);
    if (!kind) return [];
    const out = [...kind.byId.values()];
    return out.sort((a, b) => (a.metadata.id < b.metadata.id ? -1 : a.metadata.id > b.metadata.id ? 1 : 0));
  }

  /**
   * A number that moves whenever a resource of this type in this namespace is created, changed or
   * destroyed (a no-op write leaves it): what a controller that lists the kind declares as input.
   */
  kindVersion(namespace: string, type: string): number {
    return this.kind(namespace, type)?.version ?? 0;
  }

  /** How many resources of a type a namespace holds. */
  count(namespace: string, type: string): number {
    return this.kind(namespace, type)?.byId.size ?? 0;
  }

  /** The ids of one type, in the order they were created. */
  ids(namespace: string, type: string): string[] {
    const kind = this.kind(namespace, type);
    return kind ? [...kind.byId.keys()] : [];
  }

  /**
   * Create or update; a write whose spec is unchanged is a no-op (the version does not move),
   * which is what keeps reconcile loops quiet. The stored spec is a deep-frozen copy (or the
   * caller's own spec when it is deep-frozen already), shared with every store of the cluster that
   * holds the same content: nothing may change it after the write.
   */
  put<Spec>(namespace: string, type: string, id: string, spec: Spec, owner = ''): Resource<Spec> {
    const kind = this.kindFor(namespace, type);
    const existing = kind.byId.get(id) as Resource<Spec> | undefined;
    if (existing && stableEqual(existing.spec, spec)) return existing;
    const now = this.clock.now;
    const resource = new StoredResource<Spec>(
      namespace,
      type,
      id,
      existing ? existing.metadata.version + 1 : 1,
      owner,
      existing ? existing.metadata.createdMs : now,
      now,
      existing?.metadata.labels ?? NO_LABELS,
      this.shared.hold(kind.key, id, spec) ?? clonePlain(spec),
    );
    kind.byId.set(id, resource);
    kind.version++;
    this.emit({ type: existing ? 'updated' : 'created', resource, old: existing });
    return resource;
  }

  destroy(namespace: string, type: string, id: string): boolean {
    const kind = this.kind(namespace, type);
    const existing = kind?.byId.get(id);
    if (!kind || !existing) return false;
    kind.byId.delete(id);
    kind.version++;
    this.emit({ type: 'destroyed', resource: existing });
    return true;
  }

  /** Remove every resource of a type whose id is not in `keep`. */
  prune(namespace: string, type: string, keep: Set<string>): void {
    const kind = this.kind(namespace, type);
    if (!kind || kind.byId.size === 0) return;
    let stale: string[] | undefined;
    for (const id of kind.byId.keys()) if (!keep.has(id)) (stale ??= []).push(id);
    if (!stale) return;
    for (const id of stale.sort()) this.destroy(namespace, type, id);
  }

  watch(watcher: ResourceWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private emit(event: ResourceEvent): void {
    for (const watcher of this.watchers) watcher(event);
  }
}

/**
 * A deep copy of plain data (objects, arrays, primitives), much cheaper than structuredClone for
 * the small specs controllers write; anything else (a Buffer, a Date) goes through structuredClone.
 * Strings are kept flat (flat-string.ts): a stored spec outlives the text it was built from.
 */
export function clonePlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return typeof value === 'string' ? (flatString(value) as T) : value;
  if (Array.isArray(value)) return value.map(clonePlain) as T;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) out[k] = clonePlain((value as Record<string, unknown>)[k]);
  return out as T;
}

/** Deep equality of plain data (what resource specs are). */
export function stableEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a as object);
  const bKeys = Object.keys(b as object);
  if (aKeys.length !== bKeys.length) return false;
  for (const k of aKeys) {
    if (!stableEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
