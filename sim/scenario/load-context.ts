// What the normalising stage of the loader shares while it turns a checked scenario into a plan:
// the problems found so far, where each field is written, the cluster's node names and the fault
// names declared so far for cross references, the inline faults of inject steps, and the one way
// to read a file the scenario names (relative to its directory).
import type { FaultPlan, PlanSource } from './plan.ts';
import type { Problem } from './load-problems.ts';
import { describeValue } from './load-problems.ts';
import { formatDurationMs, parseDurationMs } from './load-duration.ts';

/**
 * Longest virtual time anything in a scenario may last (a run, a step's timeout, a fault): a week
 * of a small cluster takes minutes of wall time; `99999999h` is a typo, not a plan.
 */
export const MAX_SCENARIO_DURATION_MS = 7 * 24 * 3_600_000;
import { positionOf, type FieldPath, type PointAt, type YamlSource } from './load-yaml-document.ts';

/** Reads a file named in the scenario, by its path relative to the scenario's directory. */
export type ReadRelativeFile = (relativePath: string) => string;

/** How many node names an "expected a node name" message lists before it cuts the list short. */
const MAX_LISTED_NODE_NAMES = 10;

export class LoadContext {
  readonly problems: Problem[] = [];
  nodeNames: readonly string[] = [];
  /** The cluster declares a KMS server (`kms` is then a link endpoint). */
  hasKms = false;
  /** Faults known so far: `faults:` first, then the inline faults of inject steps in step order. */
  readonly faults: FaultPlan[] = [];

  constructor(
    private readonly source: YamlSource,
    private readonly readRelativeFile: ReadRelativeFile,
  ) {}

  report(path: FieldPath, expected: string, found: string, pointAt?: PointAt): void {
    this.problems.push({ path, expected, found, pointAt });
  }

  sourceAt(path: FieldPath): PlanSource {
    return positionOf(this.source, path);
  }

  /** A duration the schema has already matched, in ms; a fraction of a millisecond or more than a week is a problem. */
  durationMs(text: string, path: FieldPath): number {
    const durationMs = parseDurationMs(text) ?? 0;
    if (!(durationMs <= MAX_SCENARIO_DURATION_MS)) {
      this.report(path, `a duration of at most ${formatDurationMs(MAX_SCENARIO_DURATION_MS)} (7 days of virtual time)`, describeValue(text));
      return MAX_SCENARIO_DURATION_MS;
    }
    if (!Number.isInteger(durationMs)) {
      this.report(path, 'a whole number of milliseconds', JSON.stringify(text));
      return Math.round(durationMs);
    }
    return durationMs;
  }

  /** The text of a file the scenario names; undefined (and a problem) when it cannot be read. */
  readFile(relativePath: string, path: FieldPath, what: string): string | undefined {
    if (relativePath.startsWith('/')) {
      this.report(path, `${what} relative to the scenario's directory`, JSON.stringify(relativePath));
      return undefined;
    }
    try {
      return this.readRelativeFile(relativePath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (error as Error).message;
      this.report(path, `${what} relative to the scenario's directory`, `${JSON.stringify(relativePath)} (${reason})`);
      return undefined;
    }
  }

  /** Reports `name` unless it names a fault declared in `faults:` or by an earlier inject step. */
  faultNamed(name: string, path: FieldPath): FaultPlan | undefined {
    const fault = this.faults.find((known) => known.name === name);
    if (fault) return fault;
    const names = this.faults.map((known) => known.name);
    const listed = names.length > 0 ? ` (${names.join(', ')})` : ' (none declared)';
    this.report(path, `a fault declared in faults: or named by an earlier inject step${listed}`, describeValue(name));
    return undefined;
  }

  /** Adds a fault; a name used before is a problem. */
  addFault(fault: FaultPlan, namePath: FieldPath): void {
    if (this.faults.some((known) => known.name === fault.name)) this.report(namePath, 'a fault name not used before', describeValue(fault.name));
    else this.faults.push(fault);
  }

  /** Reports `name` unless it names a node of the cluster. */
  checkNodeName(name: string, path: FieldPath): void {
    if (this.nodeNames.includes(name)) return;
    const listed = this.nodeNames.slice(0, MAX_LISTED_NODE_NAMES).join(', ');
    const more = this.nodeNames.length > MAX_LISTED_NODE_NAMES ? ', ...' : '';
    this.report(path, `a node name of the cluster (${listed}${more})`, describeValue(name));
  }
}

/** A copy of `value` without its undefined fields, so plans compare and serialise cleanly. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
