// Packet loss on a path shows as TCP retransmission delay (200 ms, doubling), bounded, and drawn
// from the network's seeded stream: the same seed gives the same delays.
import { describe, expect, it } from 'vitest';
import { Network } from '../../sim/cluster/network.ts';
import { RandomTree } from '../../sim/kernel/random-tree.ts';

function delays(seed: string, lossRatio: number): number[] {
  const network = new Network('10.5.0.0/24', new RandomTree(seed).stream('network'));
  network.setPathFaults('cp-1', 'cp-2', { latencyMs: 10, jitterMs: 0, lossRatio });
  return Array.from({ length: 500 }, () => network.latencyMs('cp-1', 'cp-2'));
}

describe('lossy paths', () => {
  it('without loss a message takes the base plus the injected latency', () => {
    expect(new Set(delays('1', 0))).toEqual(new Set([10.3]));
  });

  it('loss adds retransmission timeouts: more loss, more delay, never unbounded', () => {
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const light = delays('1', 0.1);
    const heavy = delays('1', 0.6);
    expect(mean(light)).toBeGreaterThan(10.3);
    expect(mean(heavy)).toBeGreaterThan(mean(light) * 3);
    expect(Math.max(...heavy)).toBeLessThanOrEqual(10.3 + 200 * (2 ** 6 - 1));
    expect(light.some((d) => d === 10.3 + 200)).toBe(true);
  });

  it('is deterministic per seed', () => {
    expect(delays('7', 0.3)).toEqual(delays('7', 0.3));
    expect(delays('7', 0.3)).not.toEqual(delays('8', 0.3));
  });
});
