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

export class TraceRecorder {
  private readonly entries: TraceEntry[] = [];
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
    if (this.entries.length > this.maxEntries) {
      this.entries.shift();
      this.droppedCount++;
    }
    for (const listener of this.listeners) listener(entry);
  }

  subscribe(listener: TraceListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  get all(): readonly TraceEntry[] {
    return this.entries;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** sha256 over every entry ever recorded (dropped ones included), as hex. */
  digest(): string {
    return this.hash.copy().digest('hex');
  }

  toJsonl(): string {
    return this.entries.map(TraceRecorder.line).join('');
  }

  static line(entry: TraceEntry): string {
    return JSON.stringify({ t: entry.timeMs, node: entry.node, kind: entry.kind, ...entry.details }) + '\n';
  }
}
