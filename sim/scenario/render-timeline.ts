// The human timeline of a run (`talsim run` prints it): one line per event a reader follows —
// stages, applies, steps, etcd and Kubernetes milestones, faults, power — plus one line per change
// of what makes a node ready: readiness gained or lost (with the unmet conditions), the unmet
// conditions changing while readiness stays, and a service losing or regaining its health (or
// failing). Repeats of an unchanged status are not printed. Leaves out everything else the trace
// holds (the trace file has it all).
import type { TraceEntry } from '../kernel/trace.ts';
import { formatTime } from './format-time.ts';

const TIMELINE_KINDS = new Set(['stage', 'apply', 'apply.acknowledged', 'apply.reverted', 'step', 'etcd.bootstrap', 'etcd.leader-elected', 'etcd.leader-lost', 'k8s.node-ready', 'k8s.node-not-ready', 'debug-shell-edit', 'debug-shell-edit-wiped', 'fault', 'power']);

interface StatusSeen {
  ready: boolean;
  unmet: string[];
}

export function renderTimeline(entries: readonly TraceEntry[]): string[] {
  const status = new Map<string, StatusSeen>();
  const health = new Map<string, Health>();
  const lines: string[] = [];
  const line = (entry: TraceEntry, kind: string, details: string) => lines.push(`[${formatTime(entry.timeMs).padStart(10)}] ${entry.node.padEnd(10)} ${kind.padEnd(20)} ${details}`.trimEnd());
  for (const entry of entries) {
    if (TIMELINE_KINDS.has(entry.kind)) line(entry, entry.kind, detailsText(entry.details));
    else if (entry.kind === 'machine-status') readinessLine(entry, status, line);
    else if (entry.kind === 'service') healthLine(entry, health, line);
  }
  return lines;
}

type Line = (entry: TraceEntry, kind: string, details: string) => void;

/** `ready` / `not-ready unmet=...` when readiness flips; `unmet +a -b` when only the unmet conditions change. */
function readinessLine(entry: TraceEntry, seen: Map<string, StatusSeen>, line: Line): void {
  const details = entry.details as { stage?: string; ready?: boolean; unmet?: string[] };
  const now: StatusSeen = { ready: Boolean(details.ready), unmet: [...(details.unmet ?? [])] };
  const before = seen.get(entry.node) ?? { ready: false, unmet: [] };
  seen.set(entry.node, now);
  if (now.ready !== before.ready) {
    line(entry, now.ready ? 'ready' : 'not-ready', now.ready ? `stage=${details.stage ?? ''}` : `stage=${details.stage ?? ''} unmet=${now.unmet.join(',') || 'none'}`);
    return;
  }
  const added = now.unmet.filter((name) => !before.unmet.includes(name));
  const removed = before.unmet.filter((name) => !now.unmet.includes(name));
  if (added.length + removed.length > 0) line(entry, 'unmet', [...added.map((name) => `+${name}`), ...removed.map((name) => `-${name}`)].join(' '));
}

/** `lost`: healthy once since the service started, failing its check now. */
type Health = 'healthy' | 'lost' | undefined;

/** A service losing its health after it had it, regaining it, or failing; a (re)start forgets its health. */
function healthLine(entry: TraceEntry, seen: Map<string, Health>, line: Line): void {
  const { id, state, message } = entry.details as { id: string; state: string; message: string };
  const key = `${entry.node}/${id}`;
  const before = seen.get(key);
  if (state === 'Starting') seen.set(key, undefined);
  if (state === 'Failed') {
    line(entry, 'service', `${id} Failed: ${message}`);
    seen.set(key, undefined);
    return;
  }
  if (message === 'Health check successful') {
    if (before === 'lost') line(entry, 'service', `${id} healthy again`);
    seen.set(key, 'healthy');
  } else if (message.startsWith('Health check failed') && before === 'healthy') {
    line(entry, 'service', `${id} unhealthy: ${message.replace(/^Health check failed:\s*/, '')}`);
    seen.set(key, 'lost');
  }
}

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v.replace(/\n/g, ' ⏎ ') : JSON.stringify(v)}`)
    .join(' ');
}
