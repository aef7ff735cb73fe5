// A node's logs: one bounded buffer per log id (`machined`, `etcd`, `kubelet`,
// `controller-runtime`...) and the kernel ring buffer that `talosctl dmesg` reads. Lines carry
// virtual timestamps; followers are called for every new line. Leaves out: log rotation, the
// syslog and audit sinks.

import { flatString } from '../flat-string.ts';

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

class BoundedBuffer<T> {
  private readonly items: T[] = [];
  private readonly followers = new Set<Follower<T>>();
  constructor(private readonly max: number) {}

  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.max) this.items.splice(0, this.items.length - this.max);
    for (const follower of this.followers) follower(item);
  }

  all(): readonly T[] {
    return this.items;
  }

  follow(follower: Follower<T>): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }
}

export class LogStore {
  private readonly logs = new Map<string, BoundedBuffer<LogLine>>();
  readonly kmsg = new BoundedBuffer<KmsgRecord>(MAX_KMSG_RECORDS);

  constructor(private readonly clock: { readonly now: number }) {}

  private buffer(id: string): BoundedBuffer<LogLine> {
    let buffer = this.logs.get(id);
    if (!buffer) {
      buffer = new BoundedBuffer(MAX_LINES_PER_LOG);
      this.logs.set(id, buffer);
    }
    return buffer;
  }

  write(id: string, text: string): void {
    this.buffer(id).push({ timeMs: this.clock.now, text: flatString(text) });
  }

  writeKmsg(facility: KmsgRecord['facility'], priority: KmsgRecord['priority'], text: string): void {
    this.kmsg.push({ timeMs: this.clock.now, facility, priority, text: flatString(text) });
  }

  lines(id: string): readonly LogLine[] {
    return this.logs.get(id)?.all() ?? [];
  }

  follow(id: string, follower: Follower<LogLine>): () => void {
    return this.buffer(id).follow(follower);
  }

  /** Log ids in sorted order (LogsContainers). */
  ids(): string[] {
    return [...this.logs.keys()].sort();
  }

  /** Whether any line of `id` (or of kmsg for `kmsg`) contains `text`. */
  contains(id: string, text: string): boolean {
    if (id === 'kmsg') return this.kmsg.all().some((r) => r.text.includes(text));
    return this.lines(id).some((l) => l.text.includes(text));
  }
}
