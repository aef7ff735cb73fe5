// The `ready` warp's condition (clusterSettledCondition: asks the last blocking node first) gives
// clusterSettled's answer after every kernel event: through a boot, through a reboot of a node
// that had settled (a node going back to booting must hold the cluster back again), and with
// unconfigured nodes waiting in maintenance.
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { generatedClusterPlan } from '../../sim/live/live-plan.ts';
import { clusterSettled, clusterSettledCondition } from '../../sim/live/warp-point.ts';
import { bootstrap, reboot } from '../../nodes/node-commands.ts';

function compareAfterEveryEvent(cluster: SimCluster, condition: () => boolean): { events: number; flips: number } {
  let events = 0;
  let flips = 0;
  let last = condition();
  expect(last).toBe(clusterSettled(cluster).ok);
  cluster.world.kernel.onAfterEvent(() => {
    events++;
    const now = condition();
    expect(now, `after event ${events} at ${cluster.world.kernel.now} ms`).toBe(clusterSettled(cluster).ok);
    if (now !== last) flips++;
    last = now;
  });
  return {
    get events() {
      return events;
    },
    get flips() {
      return flips;
    },
  };
}

describe('the ready warp condition', () => {
  it('agrees with clusterSettled after every event of a boot and of a reboot', () => {
    const cluster = new SimCluster(generatedClusterPlan({ controlPlanes: 1, workers: 4, configured: true }), { seed: 'warp-condition' });
    const controlPlane = cluster.node('cp-1');
    let bootstrapped = false;
    cluster.world.kernel.onAfterEvent(() => {
      if (bootstrapped || controlPlane.services.state('etcd') !== 'Preparing' || !controlPlane.timeSynced) return;
      bootstrapped = true;
      bootstrap(controlPlane);
    });
    const counts = compareAfterEveryEvent(cluster, clusterSettledCondition(cluster));
    cluster.powerOnAll();
    expect(cluster.world.kernel.runUntilCondition(() => clusterSettled(cluster).ok, { maxTimeMs: 30 * 60_000 })).toBe(true);
    reboot(cluster.node('worker-2'));
    cluster.world.kernel.runUntil(cluster.world.kernel.now + 10 * 60_000);
    expect(clusterSettled(cluster).ok).toBe(true);
    expect(counts.events).toBeGreaterThan(500);
    expect(counts.flips).toBeGreaterThanOrEqual(3); // settled, unsettled by the reboot, settled again
  });

  it('agrees with clusterSettled for nodes booting into maintenance', () => {
    const cluster = new SimCluster(generatedClusterPlan({ controlPlanes: 1, workers: 2, configured: false }), { seed: 'warp-condition-maintenance' });
    const counts = compareAfterEveryEvent(cluster, clusterSettledCondition(cluster));
    cluster.powerOnAll();
    expect(cluster.world.kernel.runUntilCondition(() => clusterSettled(cluster).ok, { maxTimeMs: 30 * 60_000 })).toBe(true);
    expect(counts.events).toBeGreaterThan(10);
  });
});
