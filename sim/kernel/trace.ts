// The trace recorder: one JSON line per thing that happened (virtual time, node, kind, details).
// Key order is fixed by construction, so the same run gives byte-identical JSONL and the same
// digest. Bounded: past `maxEntries` the oldest entries are dropped and counted.
//
// Storage: the kept entries are columns (time, node, kind, details), not an object each: a big
// boot records about one entry per kernel event and keeps them all, and an entry object was one
// more for the garbage collector to copy and mark (~1.2 M of them at 10,000 workers). `all`
// builds the entry objects when asked (a scenario's timeline, the invariant checker, the UI's
// first view); `record` builds one only when someone listens.
import { createHash } from 'node:crypto';

export interface TraceEntry {
  timeMs: number;
  node: string;
  kind: string;
  details: Record<string, unknown>;
}

export const DEFAULT_MAX_TRACE_ENTRIES = 2_000_000;

export type TraceListener = (entry: TraceEntry) => void;

/** Dropped entries are cut off the front in chunks of at most this many (one memmove per chunk, not per entry). */
const DROP_CHUNK = 65_536;

/** Characters of trace lines fed to the digest's hash in one call. */
const HASH_BATCH = 16_384;

/** The details of an entry recorded without any: one frozen object for all of them. */
const NO_DETAILS: Record<string, unknown> = Object.freeze({});

export class TraceRecorder {
  /** The kept entries are rows `start..` of the columns: the first `start` were dropped and await the next compaction. */
  private readonly times: number[] = [];
  private readonly nodes: string[] = [];
  private readonly kinds: string[] = [];
  private readonly detailsOf: Record<string, unknown>[] = [];
  private start = 0;
  private droppedCount = 0;
  private readonly listeners: TraceListener[] = [];
  private readonly hash = createHash('sha256');
  /** Lines not yet fed to the hash: fed in batches of ~HASH_BATCH characters, one native call each instead of one per line (the digest is the same: the hash reads one stream of bytes). */
  private unhashed = '';

  constructor(
    private readonly clock: { readonly now: number },
    private readonly maxEntries = DEFAULT_MAX_TRACE_ENTRIES,
  ) {}

  record(node: string, kind: string, details: Record<string, unknown> = NO_DETAILS): void {
    const timeMs = this.clock.now;
    this.unhashed += TraceRecorder.lineOf(timeMs, node, kind, details);
    if (this.unhashed.length >= HASH_BATCH) {
      this.hash.update(this.unhashed);
      this.unhashed = '';
    }
    this.times.push(timeMs);
    this.nodes.push(node);
    this.kinds.push(kind);
    this.detailsOf.push(details);
    if (this.times.length - this.start > this.maxEntries) {
      // Not shift(): on columns this large it moves every element (O(n) per entry recorded: a
      // 100,000-node boot records millions of entries past the bound, ~0.4 ms each at 2,000,000).
      this.nodes[this.start] = '';
      this.kinds[this.start] = '';
      this.detailsOf[this.start] = NO_DETAILS;
      this.start++;
      this.droppedCount++;
      if (this.start >= Math.min(DROP_CHUNK, this.maxEntries)) this.compact();
    }
    if (this.listeners.length === 0) return;
    const entry: TraceEntry = { timeMs, node, kind, details };
    for (const listener of this.listeners) listener(entry);
  }

  subscribe(listener: TraceListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /** How many entries are kept (what `all.length` is, without building them). */
  get size(): number {
    return this.times.length - this.start;
  }

  /** The kept entries, oldest first, built afresh on each call. */
  get all(): readonly TraceEntry[] {
    const entries: TraceEntry[] = new Array(this.size);
    for (let row = this.start, index = 0; row < this.times.length; row++, index++) {
      entries[index] = { timeMs: this.times[row]!, node: this.nodes[row]!, kind: this.kinds[row]!, details: this.detailsOf[row]! };
    }
    return entries;
  }

  private compact(): void {
    if (this.start === 0) return;
    for (const column of [this.times, this.nodes, this.kinds, this.detailsOf] as unknown[][]) column.splice(0, this.start);
    this.start = 0;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** sha256 over every entry ever recorded (dropped ones included), as hex. */
  digest(): string {
    const hash = this.hash.copy();
    if (this.unhashed) hash.update(this.unhashed);
    return hash.digest('hex');
  }

  toJsonl(): string {
    return this.all.map(TraceRecorder.line).join('');
  }

  static line(entry: TraceEntry): string {
    return TraceRecorder.lineOf(entry.timeMs, entry.node, entry.kind, entry.details);
  }

  /**
   * `JSON.stringify({ t, node, kind, ...details })` and a newline, without building the merged
   * object: the details' own JSON follows the three fixed fields. That is the same text unless a
   * detail is named t, node or kind (the spread would overwrite that field in place) or its name is
   * an array index (the merged object would list it first); those take the spread.
   */
  private static lineOf(timeMs: number, node: string, kind: string, details: Record<string, unknown>): string {
    if (!('t' in details) && !('node' in details) && !('kind' in details)) {
      const rest = JSON.stringify(details);
      const head = `{"t":${JSON.stringify(timeMs)},"node":${JSON.stringify(node)},"kind":${JSON.stringify(kind)}`;
      if (rest.length === 2) return head + '}\n';
      const first = rest.charCodeAt(2);
      // The first key starts with a digit only when it may be an array index (those come first).
      if (!(first >= 48 && first <= 57)) return head + ',' + rest.slice(1) + '\n';
    }
    return JSON.stringify({ t: timeMs, node, kind, ...details }) + '\n';
  }
}
