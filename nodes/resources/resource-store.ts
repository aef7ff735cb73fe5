// A node's state as a store of typed resources, as in Talos's COSI runtime: each resource has a
// type (`MachineStatuses.runtime.talos.dev`), a namespace, an id, a version that grows on every
// change, created/updated times and a spec whose keys are the YAML keys `talosctl get -o yaml`
// prints. Controllers write; the API, UI, scenarios and tests read. Leaves out: finalizers,
// owners' write protection, label queries beyond equality.

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

const key = (namespace: string, type: string, id: string) => `${namespace}\u0000${type}\u0000${id}`;

export class ResourceStore {
  private readonly resources = new Map<string, Resource>();
  private readonly watchers = new Set<ResourceWatcher>();

  constructor(private readonly clock: { readonly now: number }) {}

  get<Spec>(namespace: string, type: string, id: string): Resource<Spec> | undefined {
    return this.resources.get(key(namespace, type, id)) as Resource<Spec> | undefined;
  }

  /** Resources of a type in a namespace, sorted by id (as COSI lists them). */
  list(namespace: string, type: string): Resource[] {
    const out: Resource[] = [];
    for (const resource of this.resources.values()) {
      if (resource.metadata.namespace === namespace && resource.metadata.type === type) out.push(resource);
    }
    return out.sort((a, b) => (a.metadata.id < b.metadata.id ? -1 : a.metadata.id > b.metadata.id ? 1 : 0));
  }

  /**
   * Create or update; a write whose spec is unchanged is a no-op (the version does not move),
   * which is what keeps reconcile loops quiet.
   */
  put<Spec>(namespace: string, type: string, id: string, spec: Spec, owner = ''): Resource<Spec> {
    const k = key(namespace, type, id);
    const existing = this.resources.get(k) as Resource<Spec> | undefined;
    if (existing && stableEqual(existing.spec, spec)) return existing;
    const now = this.clock.now;
    const resource: Resource<Spec> = {
      metadata: {
        namespace,
        type,
        id,
        version: existing ? existing.metadata.version + 1 : 1,
        owner,
        phase: 'running',
        createdMs: existing ? existing.metadata.createdMs : now,
        updatedMs: now,
        labels: existing?.metadata.labels ?? {},
      },
      spec: structuredClone(spec),
    };
    this.resources.set(k, resource);
    this.emit({ type: existing ? 'updated' : 'created', resource, old: existing });
    return resource;
  }

  destroy(namespace: string, type: string, id: string): boolean {
    const k = key(namespace, type, id);
    const existing = this.resources.get(k);
    if (!existing) return false;
    this.resources.delete(k);
    this.emit({ type: 'destroyed', resource: existing });
    return true;
  }

  /** Remove every resource of a type whose id is not in `keep`. */
  prune(namespace: string, type: string, keep: Set<string>): void {
    for (const resource of this.list(namespace, type)) {
      if (!keep.has(resource.metadata.id)) this.destroy(namespace, type, resource.metadata.id);
    }
  }

  watch(watcher: ResourceWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private emit(event: ResourceEvent): void {
    for (const watcher of this.watchers) watcher(event);
  }
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
