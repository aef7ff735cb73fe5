// The event timeline in virtual time: the trace entries a person follows (stage and phase changes,
// applies, steps, etcd and Kubernetes milestones, faults, power, service state changes), kept as
// they are recorded in a bounded buffer so the screen never rescans the whole trace.
import type { TraceEntry, TraceRecorder } from '../../kernel/trace.ts';
import { formatStamp } from './format.ts';

/** Most timeline lines kept; older ones are dropped (the trace file keeps everything). */
export const MAX_TIMELINE_LINES = 2_000;

const TIMELINE_KINDS = new Set([
  'stage',
  'apply',
  'apply.acknowledged',
  'apply.reverted',
  'step',
  'etcd.bootstrap',
  'etcd.leader-elected',
  'etcd.leader-lost',
  'k8s.node-registered',
  'k8s.node-ready',
  'k8s.node-not-ready',
  'debug-shell-edit',
  'debug-shell-edit-wiped',
  'power',
  'service',
  'sequence',
]);

export interface TimelineLine {
  timeMs: number;
  node: string;
  kind: string;
  text: string;
}

export function isTimelineEntry(entry: TraceEntry): boolean {
  if (TIMELINE_KINDS.has(entry.kind) || entry.kind.startsWith('fault')) return true;
  return entry.kind === 'machine-status' && (entry.details as { ready?: boolean }).ready === true;
}

export function timelineLine(entry: TraceEntry): TimelineLine {
  const details = Object.entries(entry.details)
    .filter(([, value]) => value !== null && value !== '' && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value.replace(/\n/g, ' ⏎ ') : JSON.stringify(value)}`)
    .join(' ');
  return { timeMs: entry.timeMs, node: entry.node, kind: entry.kind, text: details };
}

export function formatTimelineLine(line: TimelineLine): string {
  return `${formatStamp(line.timeMs).padStart(10)} ${line.node.padEnd(10)} ${line.kind.padEnd(18)} ${line.text}`;
}

export class TimelineBuffer {
  private readonly lines: TimelineLine[] = [];
  private unsubscribe: (() => void) | undefined;
  /** Grows with every line added (lets a view tell that something new arrived). */
  revision = 0;

  constructor(private readonly trace: TraceRecorder) {
    for (const entry of trace.all) if (isTimelineEntry(entry)) this.push(timelineLine(entry));
  }

  start(): void {
    this.unsubscribe ??= this.trace.subscribe((entry) => {
      if (isTimelineEntry(entry)) this.push(timelineLine(entry));
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  all(): readonly TimelineLine[] {
    return this.lines;
  }

  private push(line: TimelineLine): void {
    this.lines.push(line);
    if (this.lines.length > MAX_TIMELINE_LINES) this.lines.splice(0, this.lines.length - MAX_TIMELINE_LINES);
    this.revision++;
  }
}
