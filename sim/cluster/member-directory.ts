// Discovery's directory, kept incrementally: one entry per configured, powered node that has an
// address, updated only for the node whose addresses changed (or for every node when a config
// changes), so a change costs O(1) rather than a rebuild over the cluster. An entry that did not
// change keeps its object, which lets each node's Members controller skip what it already wrote.
// Past `limit` members every node lists the same shared subset (the first `limit` members in node
// order plus every control plane), recomputed only when an entry it could hold changes (one at or
// before the cut-off in node order, or a control plane's) and given a new generation only when its
// content changes. Leaves out: Talos's discovery service and affiliates.
import type { MemberInfo } from './world.ts';

/** What the directory reads of a node. */
export interface DirectoryNode {
  readonly name: string;
  readonly nodeId: string;
  readonly talosVersion: string;
  /** Configured, powered on and addressed: a member. */
  isMember(): boolean;
  hostname(): string;
  addresses(): string[];
  machineType(): string;
}

export class MemberDirectory {
  private readonly entries = new Map<string, MemberInfo>();
  private readonly changed = new Set<string>();
  private configGeneration = -1;
  /** Grows on every entry added, changed or removed. */
  private revision = 0;
  private orderedRevision = -1;
  private ordered: MemberInfo[] = [];
  /** The shared subset must be worked out again (an entry that could be in it changed). */
  private sharedDirty = true;
  private sharedLimit = -1;
  private sharedControlPlanes: readonly string[] = [];
  /** Node-order position of the last of the first `limit` members (Infinity while fewer are members). */
  private sharedCutoff = Infinity;
  private shared: MemberInfo[] = [];
  private sharedGeneration = 0;
  /** Each node's position in node order, for the cut-off test. */
  private positions: Map<string, number> | undefined;

  constructor(private readonly nodes: ReadonlyMap<string, DirectoryNode>) {}

  /** The node's addresses changed: refresh its entry at the next read. */
  noteChanged(name: string): void {
    this.changed.add(name);
  }

  /** Brings entries up to date (every node when the config generation moved). */
  refresh(configGeneration: number): void {
    if (configGeneration !== this.configGeneration) {
      this.configGeneration = configGeneration;
      for (const name of this.nodes.keys()) this.changed.add(name);
    }
    if (this.changed.size === 0) return;
    for (const name of this.changed) this.refreshEntry(name);
    this.changed.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  entry(name: string): MemberInfo | undefined {
    return this.entries.get(name);
  }

  /** Every member in node order. */
  all(): MemberInfo[] {
    if (this.orderedRevision !== this.revision) {
      this.orderedRevision = this.revision;
      this.ordered = [];
      for (const name of this.nodes.keys()) {
        const entry = this.entries.get(name);
        if (entry) this.ordered.push(entry);
      }
    }
    return this.ordered;
  }

  /** The first `limit` members in node order, then the control planes past them. */
  sharedSubset(limit: number, controlPlanes: readonly string[]): { members: MemberInfo[]; generation: number } {
    // Worked out again only when an entry it could hold changed (at or before the cut-off, or a
    // control plane's): a change further down the node order leaves it as it is, so the many
    // address changes of a big cluster's boot cost no pass over the node order each.
    if (this.sharedDirty || limit !== this.sharedLimit || controlPlanes !== this.sharedControlPlanes) {
      this.sharedDirty = false;
      this.sharedLimit = limit;
      this.sharedControlPlanes = controlPlanes;
      this.sharedCutoff = Infinity;
      const members: MemberInfo[] = [];
      const included = new Set<string>();
      let position = 0;
      for (const name of this.nodes.keys()) {
        if (members.length >= limit) break;
        const entry = this.entries.get(name);
        if (entry) {
          members.push(entry);
          included.add(name);
          if (members.length === limit) this.sharedCutoff = position;
        }
        position++;
      }
      for (const name of controlPlanes) {
        const entry = this.entries.get(name);
        if (entry && !included.has(name) && entry.machineType === 'controlplane') members.push(entry);
      }
      const same = members.length === this.shared.length && members.every((entry, index) => entry === this.shared[index]);
      if (!same) {
        this.shared = members;
        this.sharedGeneration++;
      }
    }
    return { members: this.shared, generation: this.sharedGeneration };
  }

  /** A version that moves whenever what a node lists may have changed, for a cluster of this size. */
  version(limit: number, controlPlanes: readonly string[]): string {
    if (this.entries.size <= limit) return `all/${this.revision}`;
    return `shared/${this.sharedSubset(limit, controlPlanes).generation}`;
  }

  /** An entry was added, changed or removed. */
  private moved(name: string): void {
    this.revision++;
    if (this.sharedDirty) return;
    if (this.sharedCutoff === Infinity || this.sharedControlPlanes.includes(name)) {
      this.sharedDirty = true;
      return;
    }
    if (this.positions?.size !== this.nodes.size) {
      this.positions = new Map();
      let position = 0;
      for (const key of this.nodes.keys()) this.positions.set(key, position++);
    }
    if ((this.positions.get(name) ?? -1) <= this.sharedCutoff) this.sharedDirty = true;
  }

  private refreshEntry(name: string): void {
    const node = this.nodes.get(name);
    const old = this.entries.get(name);
    if (!node || !node.isMember()) {
      if (old) {
        this.entries.delete(name);
        this.moved(name);
      }
      return;
    }
    const fresh: MemberInfo = {
      name,
      nodeId: node.nodeId,
      hostname: node.hostname(),
      addresses: node.addresses(),
      machineType: node.machineType(),
      version: node.talosVersion,
    };
    if (old && sameEntry(old, fresh)) return;
    this.entries.set(name, fresh);
    this.moved(name);
  }
}

function sameEntry(a: MemberInfo, b: MemberInfo): boolean {
  return (
    a.nodeId === b.nodeId &&
    a.hostname === b.hostname &&
    a.machineType === b.machineType &&
    a.version === b.version &&
    a.addresses.length === b.addresses.length &&
    a.addresses.every((address, index) => address === b.addresses[index])
  );
}
