// The plain output of `talsim up` (`--no-ui`, or any run without a terminal UI): one line per
// trace entry a person watching a cluster cares about (stage changes, applies, faults, scenario
// steps, power, etcd and Kubernetes milestones, a node becoming ready), stamped with its virtual
// time since power-on. Everything else stays in the trace.
import type { TraceEntry } from '../kernel/trace.ts';
import { formatTime } from '../scenario/run-scenario.ts';

const PRINTED_KINDS = new Set([
  'stage',
  'apply',
  'apply.acknowledged',
  'apply.reverted',
  'fault',
  'step',
  'power',
  'etcd.bootstrap',
  'etcd.leader-elected',
  'etcd.leader-lost',
  'k8s.node-ready',
  'k8s.node-not-ready',
  'debug-shell-edit',
  'debug-shell-edit-wiped',
]);

/** The line for `entry`, or undefined when plain output leaves it out. */
export function plainLogLine(entry: TraceEntry): string | undefined {
  const becameReady = entry.kind === 'machine-status' && (entry.details as { ready?: boolean }).ready === true;
  if (!PRINTED_KINDS.has(entry.kind) && !becameReady) return undefined;
  const details = Object.entries(entry.details)
    .filter(([, value]) => value !== null && value !== '' && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `[${formatTime(entry.timeMs).padStart(10)}] ${entry.node.padEnd(10)} ${entry.kind.padEnd(20)} ${details}`.trimEnd();
}
