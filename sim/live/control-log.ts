// The plain log line of a `control` trace entry (a time command given through the live control
// service: pause, resume, speed, advance), laid out as plain-log.ts lays out the entries it prints,
// so `talsim up`'s output shows who steered time and when. Fault changes need nothing here: the
// registry traces them as `fault`, which the plain log prints already.
import type { TraceEntry } from '../kernel/trace.ts';
import { formatTime } from '../scenario/run-scenario.ts';

export const CONTROL_TRACE_KIND = 'control';

/** The line for a `control` entry, undefined for any other kind. */
export function controlLogLine(entry: TraceEntry): string | undefined {
  if (entry.kind !== CONTROL_TRACE_KIND) return undefined;
  const details = Object.entries(entry.details)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `[${formatTime(entry.timeMs).padStart(10)}] ${entry.node.padEnd(10)} ${entry.kind.padEnd(20)} ${details}`.trimEnd();
}
