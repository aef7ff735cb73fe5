// Per-controller wakeups (nodes/controllers/controller-wakeups.ts): a pass looks only at the
// controllers woken since the last one. Expected: no controller's inputs ever move without a wake
// (checked by computing, on every pass, the inputs of each controller it skips) over every bundled
// scenario with a seed of its own and over a 3 CP + 5 worker boot that runs a minute past running;
// a write wakes the readers of its type, a service change the waits on services (and the mounts,
// MachineStatus or Kubernetes when they read it), a status change all (kubelet's status fields
// Kubernetes only); the skipped waits and /etc files are answered too and any that would have
// acted is a miss. Kubernetes follows the API's availability without a wake only while etcd's
// commits cannot time out.
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { loadScenarioFile } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';
import type { SimCluster } from '../../sim/cluster/cluster.ts';
import { bootSmallCluster } from '../setup/boot-small-cluster.ts';
import { dhcpInputsUntilMs } from '../../nodes/controllers/network-controller.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import { missedWakeups, setWakeupCheck, WAKE, WAKE_ALL, WAKE_ON_SERVICE, wakesOnService, wakesOnWrite } from '../../nodes/controllers/controller-wakeups.ts';

afterEach(() => setWakeupCheck(false));

function bootCluster(): SimCluster {
  return bootSmallCluster('wakeups');
}

describe('controller wakeups', () => {
  it('a write wakes the controllers that read its type, and only those', () => {
    expect(wakesOnWrite(RT.addressStatus)).toBe(WAKE.network | WAKE.nodeAddress);
    expect(wakesOnWrite(RT.volumeStatus)).toBe(WAKE.mounts);
    expect(wakesOnWrite(RT.machineStatus)).toBe(0);
    expect(wakesOnWrite(RT.machineConfig)).toBe(WAKE.componentSpecs | WAKE.kubernetes);
    expect(WAKE_ON_SERVICE).toBe(WAKE.mounts | WAKE.serviceWaits | WAKE.machineStatus | WAKE.kubernetes);
    // One service: the sequencer's waits; the mounts when it took or dropped its requests; MachineStatus for a required one; Kubernetes for kubelet.
    expect(wakesOnService(false, false)).toBe(WAKE.serviceWaits);
    expect(wakesOnService(true, true, true)).toBe(WAKE_ON_SERVICE);
  });

  it("the DHCP clients' inputs hold until a renewal, a request or an expiry is due", () => {
    const lease = { address: '10.5.0.9/24', renewAtMs: 300_000, expiresAtMs: 600_000 };
    expect(dhcpInputsUntilMs({ missingLinksLogged: new Set(), routeErrorsLogged: new Set() }, 1_000)).toBe(Infinity);
    const state = { missingLinksLogged: new Set<string>(), routeErrorsLogged: new Set<string>(), dhcp: new Map([['eth0', { lease, nextAttemptMs: 0 }]]) };
    expect(dhcpInputsUntilMs(state, 1_000)).toBe(300_000);
    // Past the renewal with the next request already due: run now (the inputs are undefined then).
    expect(dhcpInputsUntilMs(state, 300_000)).toBe(300_000);
    // A failed renewal: the next request, or the lease's expiry if that comes first.
    state.dhcp.set('eth0', { lease, nextAttemptMs: 330_000 });
    expect(dhcpInputsUntilMs(state, 310_000)).toBe(330_000);
    state.dhcp.set('eth0', { lease, nextAttemptMs: 630_000 });
    expect(dhcpInputsUntilMs(state, 310_000)).toBe(600_000);
    expect(dhcpInputsUntilMs(state, 610_000)).toBe(630_000);
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

  it("Kubernetes follows the API's availability on every pass only while etcd's commits may time out", () => {
    const cluster = bootCluster();
    const { etcd, kubernetes } = cluster.world;
    expect(etcd.commitsMayTimeOut()).toBe(false);
    expect(kubernetes.availabilityKey()).toBe(2);
    etcd.faults.commitDelayMs = 6_000;
    expect(etcd.commitsMayTimeOut()).toBe(true);
    expect(kubernetes.availabilityKey()).toBeNaN();
    expect(kubernetes.apiUnavailableReason()).toBe('etcd requests time out (slow commits)');
    etcd.faults.commitDelayMs = 0;
    // Last seen timing out: NaN until the availability is asked again.
    expect(kubernetes.availabilityKey()).toBeNaN();
    expect(kubernetes.apiUnavailableReason()).toBeNull();
    expect(kubernetes.availabilityKey()).toBe(2);
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
