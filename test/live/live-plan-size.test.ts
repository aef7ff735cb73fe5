// `talsim up` cluster sizes: up to a scenario's 250 nodes the LAN is the default /24 (clusters are
// built exactly as before); past it a /20 from the same start holds up to 4,000 nodes; more is an
// option error naming the limit.
import { describe, expect, it } from 'vitest';
import { generatedClusterPlan, MAX_LIVE_NODES } from '../../sim/live/live-plan.ts';
import { LiveOptionError } from '../../sim/live/live-errors.ts';

describe('talsim up cluster size', () => {
  it('keeps the /24 up to 250 nodes and widens to a /20 past it', () => {
    expect(generatedClusterPlan({ controlPlanes: 1, workers: 249, configured: true }).subnet).toBe('10.5.0.0/24');
    const wide = generatedClusterPlan({ controlPlanes: 3, workers: 1000, configured: true });
    expect(wide.subnet).toBe('10.5.0.0/20');
    expect(wide.nodes).toHaveLength(1003);
  });

  it(`refuses more than ${MAX_LIVE_NODES} nodes`, () => {
    expect(() => generatedClusterPlan({ controlPlanes: 1, workers: MAX_LIVE_NODES, configured: true })).toThrow(LiveOptionError);
    expect(() => generatedClusterPlan({ controlPlanes: 1, workers: MAX_LIVE_NODES, configured: true })).toThrow(/at most 4000 nodes/);
  });
});
