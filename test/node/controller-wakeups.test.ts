// Per-controller wakeups (nodes/controllers/controller-wakeups.ts): a pass looks only at the
// controllers woken since the last one. Expected: no controller's inputs ever move without a wake
// (checked by computing, on every pass, the inputs of each controller it skips) over every bundled
// scenario with a seed of its own and over a 3 CP + 5 worker boot that runs a minute past running;
// a write wakes the readers of its type, a service change the mount requests, a status change all
// (kubelet's status fields none: only Kubernetes reads them, and it looks on every pass).
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { loadScenarioFile } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';
import type { SimCluster } from '../../sim/cluster/cluster.ts';
import { bootSmallCluster } from '../setup/boot-small-cluster.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import { missedWakeups, setWakeupCheck, WAKE, WAKE_ALL, WAKE_ON_SERVICE, wakesOnWrite } from '../../nodes/controllers/controller-wakeups.ts';

afterEach(() => setWakeupCheck(false));

function bootCluster(): SimCluster {
  return bootSmallCluster('wakeups');
}

describe('controller wakeups', () => {
  it('a write wakes the controllers that read its type, and only those', () => {
    expect(wakesOnWrite(RT.addressStatus)).toBe(WAKE.network | WAKE.nodeAddress);
    expect(wakesOnWrite(RT.volumeStatus)).toBe(WAKE.mounts);
    expect(wakesOnWrite(RT.machineStatus)).toBe(0);
    expect(WAKE_ON_SERVICE).toBe(WAKE.mounts);
  });

  it('a cluster boot and a minute of running: no controller skipped whose inputs had moved', () => {
    setWakeupCheck(true);
    const cluster = bootCluster();
    expect(missedWakeups()).toEqual([]);
    // A status change controllers read (a named writer of NodeStatus) wakes every controller, without asking a pass.
    const node = cluster.node('w-1');
    const events = cluster.world.kernel.eventsFired;
    node.status.setVolumesMounted(node.status.volumesMounted);
    node.requestReconcile(0);
    expect(node.passWakes & WAKE_ALL).toBe(WAKE_ALL);
    cluster.world.kernel.runUntil(cluster.world.kernel.now);
    expect(cluster.world.kernel.eventsFired).toBe(events + 1);
    expect(missedWakeups()).toEqual([]);
  });

  for (const file of readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort()) {
    it(`${file}: no controller skipped whose inputs had moved`, () => {
      const plan = loadScenarioFile(`scenarios/${file}`);
      setWakeupCheck(true);
      runScenario(plan);
      runScenario(plan, { seed: `${plan.seed}-wakeups` });
      expect(missedWakeups()).toEqual([]);
    });
  }
});
