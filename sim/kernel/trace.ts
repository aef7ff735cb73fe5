// The trace recorder: one JSON line per thing that happened (virtual time, node, kind, details).
// Key order is fixed by construction, so the same run gives byte-identical JSONL and the same
// digest. Bounded: past `maxEntries` the oldest entries are dropped and counted.
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

export class TraceRecorder {
  /** The kept entries are `entries[start..]`: the first `start` were dropped and await the next compaction. */
  private readonly entries: TraceEntry[] = [];
  private start = 0;
  private droppedCount = 0;
  private readonly listeners: TraceListener[] = [];
  private readonly hash = createHash('sha256');

  constructor(
    private readonly clock: { readonly now: number },
    private readonly maxEntries = DEFAULT_MAX_TRACE_ENTRIES,
  ) {}

  record(node: string, kind: string, details: Record<string, unknown> = {}): void {
    const entry: TraceEntry = { timeMs: this.clock.now, node, kind, details };
    this.hash.update(TraceRecorder.line(entry));
    this.entries.push(entry);
    if (this.entries.length - this.start > this.maxEntries) {
      // Not shift(): on an array this large it moves every element (O(n) per entry recorded: a
      // 100,000-node boot records millions of entries past the bound, ~0.4 ms each at 2,000,000).
      this.entries[this.start++] = undefined as unknown as TraceEntry;
      this.droppedCount++;
      if (this.start >= Math.min(DROP_CHUNK, this.maxEntries)) this.compact();
    }
    for (const listener of this.listeners) listener(entry);
  }

  subscribe(listener: TraceListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  get all(): readonly TraceEntry[] {
    this.compact();
    return this.entries;
  }

  private compact(): void {
    if (this.start === 0) return;
    this.entries.splice(0, this.start);
    this.start = 0;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** sha256 over every entry ever recorded (dropped ones included), as hex. */
  digest(): string {
    return this.hash.copy().digest('hex');
  }

  toJsonl(): string {
    return this.all.map(TraceRecorder.line).join('');
  }

  static line(entry: TraceEntry): string {
    return JSON.stringify({ t: entry.timeMs, node: entry.node, kind: entry.kind, ...entry.details }) + '\n';
  }
}
