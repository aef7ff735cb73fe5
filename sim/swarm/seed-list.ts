// The seeds of a sweep as `--seeds` writes them: inclusive ranges of whole numbers (`1..1000`),
// single seeds (`5,9,12`), or both (`1..10,42,slow-disk`). A seed that is not a range is taken
// as written: scenario seeds may be strings. Leaves out steps (`1..100..5`): nobody needs them.
import { SweepInputError } from './sweep-error.ts';

/** Most seeds one sweep may list: past this, a typo (`1..10000000`) is a reported error, not a week of CPU. */
export const MAX_SWEEP_SEEDS = 1_000_000;

const RANGE_PATTERN = /^(\d+)\.\.(\d+)$/;
const EXPECTED = 'a comma-separated list of seeds and inclusive ranges, like 1..1000 or 5,9,12';

/** Every seed of `spec`, in the order written; a seed listed twice is an error. */
export function parseSeedList(spec: string): string[] {
  const items = spec.split(',').map((item) => item.trim());
  if (spec.trim() === '' || items.some((item) => item === '')) throw new SweepInputError('--seeds', EXPECTED, JSON.stringify(spec));
  const seeds: string[] = [];
  const seen = new Set<string>();
  const add = (seed: string) => {
    if (seen.has(seed)) throw new SweepInputError('--seeds', 'each seed once', `seed ${seed} listed twice in ${JSON.stringify(spec)}`);
    if (seeds.length >= MAX_SWEEP_SEEDS) throw new SweepInputError('--seeds', `at most ${MAX_SWEEP_SEEDS} seeds`, JSON.stringify(spec));
    seen.add(seed);
    seeds.push(seed);
  };
  for (const item of items) {
    const range = RANGE_PATTERN.exec(item);
    if (!range) {
      if (item.includes('..')) throw new SweepInputError('--seeds', EXPECTED, JSON.stringify(item));
      add(canonicalSeed(item));
      continue;
    }
    const first = Number(range[1]);
    const last = Number(range[2]);
    if (first > last) throw new SweepInputError('--seeds', 'a range whose first seed is not above its last', JSON.stringify(item));
    if (last - first + 1 > MAX_SWEEP_SEEDS) throw new SweepInputError('--seeds', `at most ${MAX_SWEEP_SEEDS} seeds`, JSON.stringify(item));
    for (let seed = first; seed <= last; seed++) add(String(seed));
  }
  return seeds;
}

/** `007` and `7` would be different seeds to the random tree; a range writes `7`, so a single number is written the same way. */
function canonicalSeed(item: string): string {
  return /^\d+$/.test(item) && Number.isSafeInteger(Number(item)) ? String(Number(item)) : item;
}
