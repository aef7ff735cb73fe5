import { describe, expect, it } from 'vitest';
import { CorednsReplicas } from '../../sim/cluster/kubernetes-coredns.ts';

const node = (name: string, index: number, ready = true) => ({ name, ready, unschedulable: false, index });

/** Nodes that fail the test if placement walks them. */
function untouchable(): Iterable<never> {
  return { [Symbol.iterator]: () => { throw new Error('placement walked the nodes'); } };
}

describe('coredns replicas placement', () => {
  it('spreads the replicas over Ready nodes in registration order, then leaves them', () => {
    let version = 0;
    const replicas = new CorednsReplicas(() => ++version);
    expect(replicas.place([node('w-2', 1, false)], 10)).toBe(false);
    expect(replicas.replicas.map((r) => r.createdMs)).toEqual([10, 10]);
    expect(replicas.place([node('w-2', 1), node('w-1', 0)], 20)).toBe(true);
    expect(replicas.replicas.map((r) => r.node)).toEqual(['w-1', 'w-2']);
    expect(replicas.place([node('w-0', -1)], 30)).toBe(false);
    expect(replicas.replicas.map((r) => r.node)).toEqual(['w-1', 'w-2']);
  });

  it('does not walk the nodes once every replica is placed (a node turning Ready in a big cluster costs O(1))', () => {
    const replicas = new CorednsReplicas(() => 1);
    replicas.place([node('cp-1', 0)], 0);
    expect(replicas.replicas.every((r) => r.node === 'cp-1')).toBe(true);
    expect(replicas.place(untouchable(), 5)).toBe(false);
    replicas.recreate(replicas.replicas[1]!, 7);
    expect(() => replicas.place(untouchable(), 8)).toThrow('placement walked the nodes');
  });
});
