// Fault options left open as ranges (`latencyMs: { min: 100, max: 2000 }`) for swarm runs: each is
// drawn once per seed from the fault's own stream `faults/<name>`, in the order of its option
// names, so adding a fault or an option elsewhere shifts nobody's draws. Whole-number bounds give
// a whole number.
import type { RandomStream } from '../kernel/random-tree.ts';
import type { FaultOptionValue, OptionRange } from '../cluster/cluster-plan.ts';

export interface DrawnOption {
  option: string;
  range: OptionRange;
  value: number;
}

export function isOptionRange(value: unknown): value is OptionRange {
  return typeof value === 'object' && value !== null && 'min' in value && 'max' in value;
}

/** The options with every range replaced by a value drawn from `stream`, and what was drawn. */
export function drawOptionRanges(
  options: Record<string, FaultOptionValue>,
  stream: RandomStream,
): { values: Record<string, string | number | boolean>; drawn: DrawnOption[] } {
  const values: Record<string, string | number | boolean> = {};
  const drawn: DrawnOption[] = [];
  for (const option of Object.keys(options).sort()) {
    const value = options[option]!;
    if (!isOptionRange(value)) {
      values[option] = value;
      continue;
    }
    const whole = Number.isInteger(value.min) && Number.isInteger(value.max);
    const picked = whole ? stream.integer(value.min, value.max) : stream.uniform(value.min, value.max);
    values[option] = picked;
    drawn.push({ option, range: { min: value.min, max: value.max }, value: picked });
  }
  return { values, drawn };
}
