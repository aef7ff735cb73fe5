// The cases of a sweep: every (scenario, seed) pair, numbered in (scenario, seed) order, and the
// deterministic split of that list into shards for many machines (`--shard i/N`: case k belongs
// to shard k mod N, so every shard gets a share of every scenario). Shard indexes count from 0,
// as Kubernetes' JOB_COMPLETION_INDEX does.
import { SweepInputError } from './sweep-error.ts';
import type { ShardSpec } from '../report/sweep-report.ts';

export interface SweepScenario {
  /** The scenario file as the user named it (replay commands print it this way). */
  file: string;
  /** The scenario's `name:`. */
  name: string;
  /** The scenario's own `seed:`, used when the sweep names no seeds. */
  seed: string;
}

export interface SweepCase {
  /** Position in the whole (unsharded) sweep: scenario-major, then seed. */
  index: number;
  /** Index into the sweep's scenario list. */
  scenarioIndex: number;
  file: string;
  scenario: string;
  seed: string;
}

export type { ShardSpec };

/** Most shards a sweep may be split into. */
export const MAX_SHARDS = 100_000;
/** Most (scenario, seed) cases one sweep may hold: every case is kept in memory until it is reported. */
export const MAX_SWEEP_CASES = 2_000_000;

/** Every (scenario, seed) case; `seeds` undefined: each scenario once with its own seed. */
export function listSweepCases(scenarios: readonly SweepScenario[], seeds: readonly string[] | undefined): SweepCase[] {
  const total = scenarios.length * (seeds?.length ?? 1);
  if (total > MAX_SWEEP_CASES) {
    throw new SweepInputError('--seeds', `at most ${MAX_SWEEP_CASES} (scenario, seed) cases`, `${scenarios.length} scenarios x ${seeds!.length} seeds`);
  }
  const cases: SweepCase[] = [];
  scenarios.forEach((scenario, scenarioIndex) => {
    for (const seed of seeds ?? [scenario.seed]) {
      cases.push({ index: cases.length, scenarioIndex, file: scenario.file, scenario: scenario.name, seed });
    }
  });
  return cases;
}

/** `i/N` with 0 <= i < N. */
export function parseShardSpec(text: string): ShardSpec {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const expected = 'i/N with 0 <= i < N (shards count from 0, like JOB_COMPLETION_INDEX), e.g. 0/4';
  if (!match) throw new SweepInputError('--shard', expected, JSON.stringify(text));
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS || index >= count) throw new SweepInputError('--shard', expected, JSON.stringify(text));
  return { index, count };
}

/** The cases of one shard: round-robin by case index. */
export function selectShard(cases: readonly SweepCase[], shard: ShardSpec): SweepCase[] {
  return cases.filter((sweepCase) => sweepCase.index % shard.count === shard.index);
}
