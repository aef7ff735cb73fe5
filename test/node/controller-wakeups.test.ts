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
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { bootstrap } from '../../nodes/node-commands.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import { missedWakeups, setWakeupCheck, WAKE, WAKE_ALL, WAKE_ON_SERVICE, wakesOnWrite } from '../../nodes/controllers/controller-wakeups.ts';

afterEach(() => setWakeupCheck(false));

function bootCluster(): SimCluster {
  const names = [...['cp-1', 'cp-2', 'cp-3'].map((name) => ({ name, role: 'controlplane' as const })), ...Array.from({ length: 5 }, (_, i) => ({ name: `w-${i + 1}`, role: 'worker' as const }))];
  const nodes = names.map((n) => ({ ...n, hardware: { profile: 'default' }, config: { source: 'generated' as const, patches: [] }, configured: true, source: { file: '', line: 0, column: 0 } }));
  const cluster = new SimCluster({ name: 'wakeups', endpoint: '', subnet: '10.5.0.0/24', talosVersion: 'v1.13.0', nodes }, { seed: 'wakeups' });
  cluster.powerOnAll();
  const kernel = cluster.world.kernel;
  kernel.runUntilCondition(() => cluster.node('cp-1').services.state('etcd') === 'Preparing', { maxTimeMs: 300_000 });
  bootstrap(cluster.node('cp-1'));
  const all = [...cluster.nodes.values()];
  kernel.runUntilCondition(() => all.every((n) => n.stage() === 'running'), { maxTimeMs: 600_000 });
  kernel.runUntil(kernel.now + 60_000);
  return cluster;
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
