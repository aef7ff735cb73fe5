// `--seeds` and `--shard` as a user writes them: ranges and lists in the order written, every
// mistake a SweepInputError naming the option; shards that split a sweep round-robin and cover
// every (scenario, seed) case exactly once.
import { describe, expect, it } from 'vitest';
import { MAX_SWEEP_SEEDS, parseSeedList } from '../../sim/swarm/seed-list.ts';
import { listSweepCases, parseShardSpec, selectShard } from '../../sim/swarm/sweep-cases.ts';
import { SweepInputError } from '../../sim/swarm/sweep-error.ts';

describe('--seeds', () => {
  it('expands inclusive ranges and lists, in the order written', () => {
    expect(parseSeedList('1..5')).toEqual(['1', '2', '3', '4', '5']);
    expect(parseSeedList('5,9,12')).toEqual(['5', '9', '12']);
    expect(parseSeedList('3..4, 10, slow-disk')).toEqual(['3', '4', '10', 'slow-disk']);
    expect(parseSeedList('007')).toEqual(['7']);
    expect(parseSeedList('1..1000')).toHaveLength(1000);
  });

  it('refuses what it cannot use, naming the option', () => {
    for (const spec of ['', '1,,2', '5..1', '1..2..3', '1...3', `0..${MAX_SWEEP_SEEDS}`, '1..3,2']) {
      expect(() => parseSeedList(spec), spec).toThrow(SweepInputError);
    }
    expect(() => parseSeedList('1..3,2')).toThrow('--seeds: expected each seed once, found seed 2 listed twice');
  });
});

describe('--shard', () => {
  it('reads i/N counting from 0, as JOB_COMPLETION_INDEX does', () => {
    expect(parseShardSpec('0/4')).toEqual({ index: 0, count: 4 });
    expect(parseShardSpec('3/4')).toEqual({ index: 3, count: 4 });
    for (const text of ['4/4', '1/0', '-1/2', 'a/b', '1', '1/2/3']) expect(() => parseShardSpec(text), text).toThrow(SweepInputError);
  });

  it('numbers cases scenario-major and splits them round-robin: every case in exactly one shard', () => {
    const scenarios = [
      { file: 'a.yaml', name: 'a', seed: '1' },
      { file: 'b.yaml', name: 'b', seed: '2' },
      { file: 'c.yaml', name: 'c', seed: '3' },
    ];
    const cases = listSweepCases(scenarios, parseSeedList('1..7'));
    expect(cases.slice(0, 8).map((c) => `${c.scenario}:${c.seed}`)).toEqual(['a:1', 'a:2', 'a:3', 'a:4', 'a:5', 'a:6', 'a:7', 'b:1']);
    expect(cases.map((c) => c.index)).toEqual(cases.map((_, index) => index));
    for (const count of [1, 2, 4, 5, 21, 30]) {
      const shards = Array.from({ length: count }, (_, index) => selectShard(cases, { index, count }));
      const seen = shards.flat().map((c) => c.index).sort((x, y) => x - y);
      expect(seen, `${count} shards`).toEqual(cases.map((c) => c.index));
      const sizes = shards.map((shard) => shard.length);
      expect(Math.max(...sizes) - Math.min(...sizes), `${count} shards are balanced`).toBeLessThanOrEqual(1);
    }
  });

  it('without --seeds, each scenario runs once with its own seed', () => {
    const cases = listSweepCases([{ file: 'a.yaml', name: 'a', seed: '21' }, { file: 'b.yaml', name: 'b', seed: '7' }], undefined);
    expect(cases.map((c) => `${c.scenario}:${c.seed}`)).toEqual(['a:21', 'b:7']);
  });
});
