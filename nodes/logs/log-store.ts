// A node's logs: one bounded buffer per log id (`machined`, `etcd`, `kubelet`,
// `controller-runtime`...) and the kernel ring buffer that `talosctl dmesg` reads. Lines carry
// virtual timestamps; followers are called for every new line. Leaves out: log rotation, the
// syslog and audit sinks.
//
// Storage: a buffer keeps its lines in columns (times, texts, and for kmsg a facility/priority
// code) rather than an object per line, and texts go through the cluster's shared text table
// (flat-string.ts), so a line every node writes is held once. `lines()` and `all()` build the
// line objects when asked (the API, the UI, tests); nothing in the model reads them per event.

import { sharedTextsFor, type SharedTexts } from '../flat-string.ts';

export interface LogLine {
  /** Virtual ms when the line was written. */
  timeMs: number;
  text: string;
}

export interface KmsgRecord {
  timeMs: number;
  facility: 'kern' | 'user' | 'daemon';
  priority: 'emerg' | 'alert' | 'crit' | 'err' | 'warning' | 'notice' | 'info' | 'debug';
  text: string;
}

export const MAX_LINES_PER_LOG = 5_000;
export const MAX_KMSG_RECORDS = 10_000;

type Follower<T> = (item: T) => void;

const FACILITIES: readonly KmsgRecord['facility'][] = ['kern', 'user', 'daemon'];
const PRIORITIES: readonly KmsgRecord['priority'][] = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

/**
 * The last `max` entries in columns: `times[first..]`, `texts[first..]` (and `codes` when the
 * buffer has them). Dropped entries are cut from the front in one go once they are as many as a
 * quarter of `max`, so a push costs O(1) amortised.
 */
class Columns {
  readonly times: number[] = [];
  readonly texts: string[] = [];
  first = 0;
  constructor(
    private readonly max: number,
    readonly codes?: number[],
  ) {}

  get size(): number {
    return this.times.length - this.first;
  }

  push(timeMs: number, text: string, code = 0): void {
    this.times.push(timeMs);
    this.texts.push(text);
    this.codes?.push(code);
    if (this.times.length - this.first > this.max) this.first = this.times.length - this.max;
    if (this.first > 0 && this.first >= this.max / 4) {
      this.times.splice(0, this.first);
      this.texts.splice(0, this.first);
      this.codes?.splice(0, this.first);
      this.first = 0;
    }
  }

  someText(test: (text: string) => boolean): boolean {
    for (let i = this.first; i < this.texts.length; i++) if (test(this.texts[i]!)) return true;
    return false;
  }
}

/** One log: its lines in columns and its followers. */
class LogBuffer {
  readonly columns = new Columns(MAX_LINES_PER_LOG);
  readonly followers = new Set<Follower<LogLine>>();

  all(): LogLine[] {
    const { times, texts, first } = this.columns;
    const out: LogLine[] = new Array(times.length - first);
    for (let i = first; i < times.length; i++) out[i - first] = { timeMs: times[i]!, text: texts[i]! };
    return out;
  }
}

/** The kernel ring buffer: records in columns (time, facility and priority as one code, text). */
export class KmsgBuffer {
  private readonly columns = new Columns(MAX_KMSG_RECORDS, []);
  private readonly followers = new Set<Follower<KmsgRecord>>();

  write(timeMs: number, facility: KmsgRecord['facility'], priority: KmsgRecord['priority'], text: string): void {
    this.columns.push(timeMs, text, FACILITIES.indexOf(facility) * PRIORITIES.length + PRIORITIES.indexOf(priority));
    if (this.followers.size === 0) return;
    const record: KmsgRecord = { timeMs, facility, priority, text };
    for (const follower of this.followers) follower(record);
  }

  /** The records kept, oldest first (built when asked). */
  all(): readonly KmsgRecord[] {
    const { times, texts, codes, first } = this.columns;
    const out: KmsgRecord[] = new Array(times.length - first);
    for (let i = first; i < times.length; i++) {
      const code = codes![i]!;
      out[i - first] = { timeMs: times[i]!, facility: FACILITIES[Math.floor(code / PRIORITIES.length)]!, priority: PRIORITIES[code % PRIORITIES.length]!, text: texts[i]! };
    }
    return out;
  }

  get size(): number {
    return this.columns.size;
  }

  someText(test: (text: string) => boolean): boolean {
    return this.columns.someText(test);
  }

  follow(follower: Follower<KmsgRecord>): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }
}

export class LogStore {
  private readonly logs = new Map<string, LogBuffer>();
  readonly kmsg = new KmsgBuffer();
  private readonly texts: SharedTexts;
  /** The last kmsg text: machined's line is the same text (`talosLog` writes both), kept once. */
  private lastKmsgText = '';

  constructor(private readonly clock: { readonly now: number }) {
    this.texts = sharedTextsFor(clock);
  }

  private buffer(id: string): LogBuffer {
    let buffer = this.logs.get(id);
    if (!buffer) {
      buffer = new LogBuffer();
      this.logs.set(id, buffer);
    }
    return buffer;
  }

  write(id: string, text: string): void {
    const kept = text === this.lastKmsgText ? this.lastKmsgText : this.texts.shared(text);
    const buffer = this.buffer(id);
    const timeMs = this.clock.now;
    buffer.columns.push(timeMs, kept);
    if (buffer.followers.size === 0) return;
    const line: LogLine = { timeMs, text: kept };
    for (const follower of buffer.followers) follower(line);
  }

  writeKmsg(facility: KmsgRecord['facility'], priority: KmsgRecord['priority'], text: string): void {
    const kept = this.texts.shared(text);
    this.lastKmsgText = kept;
    this.kmsg.write(this.clock.now, facility, priority, kept);
  }

  /** The lines of `id`, oldest first (built when asked). */
  lines(id: string): readonly LogLine[] {
    return this.logs.get(id)?.all() ?? [];
  }

  follow(id: string, follower: Follower<LogLine>): () => void {
    const { followers } = this.buffer(id);
    followers.add(follower);
    return () => followers.delete(follower);
  }

  /** Log ids in sorted order (LogsContainers). */
  ids(): string[] {
    return [...this.logs.keys()].sort();
  }

  /** Whether any line of `id` (or of kmsg for `kmsg`) contains `text`. */
  contains(id: string, text: string): boolean {
    if (id === 'kmsg') return this.kmsg.someText((line) => line.includes(text));
    return this.logs.get(id)?.columns.someText((line) => line.includes(text)) ?? false;
  }
}
