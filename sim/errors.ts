// The few error types library code throws. Only the CLI entry point turns them into a message,
// advice and an exit code.

/** A run reached one of its named limits (events, virtual time, wall time): a reported failure, never a hang. */
export class SimulationBoundReached extends Error {
  constructor(
    readonly bound: string,
    readonly limit: number,
    readonly atMs: number,
  ) {
    super(`simulation bound "${bound}" reached (limit ${limit}) at virtual time ${atMs} ms`);
    this.name = 'SimulationBoundReached';
  }
}

/** Where in an input file something went wrong. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** A scenario file that cannot be loaded: names file:line:col, the field path, what was expected and found. */
export class ScenarioError extends Error {
  constructor(
    readonly position: SourcePosition,
    readonly fieldPath: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      `${position.file}:${position.line}:${position.column}: ${fieldPath || '(document)'}: expected ${expected}, found ${found}`,
    );
    this.name = 'ScenarioError';
  }
}

/** An invariant checked from outside the simulated world was broken. */
export class InvariantViolation extends Error {
  constructor(
    readonly invariant: string,
    readonly failureClass: 'correctness' | 'liveness' | 'crash',
    readonly seed: string,
    detail: string,
  ) {
    super(`${failureClass} invariant "${invariant}" violated (seed=${seed}): ${detail}`);
    this.name = 'InvariantViolation';
  }
}

/**
 * The known name a mistyped one most likely meant (`applyStat` -> `applyState`, `link-dwn` ->
 * `link-down`): the closest by edit distance, when it is within about a third of the name's length.
 */
export function closestName(written: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(written.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(written.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
