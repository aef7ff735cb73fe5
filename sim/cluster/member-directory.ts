// Discovery's directory, kept incrementally: one entry per configured, powered node that has an
// address, updated only for the node whose addresses changed (or for every node when a config
// changes), so a change costs O(1) rather than a rebuild over the cluster. An entry that did not
// change keeps its object, which lets each node's Members controller skip what it already wrote.
// Past `limit` members every node lists the same shared subset (the first `limit` members in node
// order plus every control plane), recomputed when the directory changes and given a new
// generation only when its content changes. Leaves out: Talos's discovery service and affiliates.
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
  private sharedRevision = -1;
  private shared: MemberInfo[] = [];
  private sharedGeneration = 0;

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
    if (this.sharedRevision !== this.revision) {
      this.sharedRevision = this.revision;
      const members: MemberInfo[] = [];
      const included = new Set<string>();
      for (const name of this.nodes.keys()) {
        if (members.length >= limit) break;
        const entry = this.entries.get(name);
        if (entry) {
          members.push(entry);
          included.add(name);
        }
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

  private refreshEntry(name: string): void {
    const node = this.nodes.get(name);
    const old = this.entries.get(name);
    if (!node || !node.isMember()) {
      if (old) {
        this.entries.delete(name);
        this.revision++;
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
    this.revision++;
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
