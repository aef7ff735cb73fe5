// The hook bin/talsim.js lends the bundle to end its hold on V8's start-up flags: called when
// the start is over, and before a cluster of more than START_UP_MAX_NODES nodes is built (held,
// a young generation that cannot grow slowed a 240-node run); without a lender it does nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { START_UP_MAX_NODES, START_UP_OVER, startUpOver, startUpOverForLargeCluster } from '../../sim/live/start-up-over.ts';

const lender = globalThis as Record<symbol, unknown>;

describe('startUpOver', () => {
  afterEach(() => {
    delete lender[START_UP_OVER];
  });

  it('calls the lent release, and nothing when none is lent', () => {
    let calls = 0;
    expect(() => startUpOver()).not.toThrow();
    lender[START_UP_OVER] = () => calls++;
    startUpOver();
    expect(calls).toBe(1);
  });

  it('ends the start for a cluster above the bound only', () => {
    let calls = 0;
    lender[START_UP_OVER] = () => calls++;
    startUpOverForLargeCluster(5);
    startUpOverForLargeCluster(START_UP_MAX_NODES);
    expect(calls).toBe(0);
    startUpOverForLargeCluster(START_UP_MAX_NODES + 1);
    expect(calls).toBe(1);
  });
});
