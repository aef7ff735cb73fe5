// Service and power faults through the service machines and the lifecycle: a crash loop restarts
// kubelet every ~5 s with Talos's message; a service stuck waiting keeps the boot waiting; a failing
// health check makes the node not ready; an unpullable image fails the pre stage; a power loss
// takes the node to stage unknown until power returns; a slow boot takes longer to reach running.
import { describe, expect, it } from 'vitest';
import { advance, bootedCluster, newCluster, nodesTarget, on, waitFor } from './fault-harness.ts';
import { faultRegistryOf } from '../../sim/faults/active-faults.ts';
import type { SimCluster } from '../../sim/cluster/cluster.ts';

const CRASH = 'Error running Containerd(kubelet), going to restart forever: task "kubelet" failed: exit code 255';

function kubeletEvents(cluster: SimCluster, node: string, sinceMs: number) {
  return cluster.node(node).services.records.get('kubelet')!.events.filter((event) => event.timeMs >= sinceMs);
}

/** Virtual time from power-on until `node` reaches the running stage. */
function timeToRunningMs(slowdown: number | undefined): number {
  const cluster = newCluster({ controlPlanes: 1, seed: '5' });
  if (slowdown !== undefined) faultRegistryOf(cluster).inject('slow-boot', nodesTarget('worker-1'), { bootSlowdownFactor: slowdown });
  cluster.powerOnAll();
  waitFor(cluster, { nodes: on('worker-1'), stage: 'running' }, 10 * 60_000);
  return cluster.world.kernel.now;
}

describe('service and power faults', () => {
  it('service-crash-loop: kubelet dies and restarts every ~5 s with Talos\'s message; healed, it stays up', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    const startMs = cluster.world.kernel.now;
    const id = faults.inject('service-crash-loop', nodesTarget('worker-1'));
    advance(cluster, 30_000);
    const crashes = kubeletEvents(cluster, 'worker-1', startMs).filter((event) => event.message === CRASH);
    expect(crashes.map((crash) => crash.state)).toEqual(Array(crashes.length).fill('Waiting'));
    expect(crashes.length).toBe(6);
    const gaps = crashes.slice(1).map((crash, index) => crash.timeMs - crashes[index]!.timeMs);
    for (const gapMs of gaps) expect(gapMs).toBeGreaterThanOrEqual(5_000), expect(gapMs).toBeLessThanOrEqual(5_600);
    expect(cluster.node('worker-1').logs.contains('machined', `service[kubelet](Waiting): ${CRASH}`)).toBe(true);
    waitFor(cluster, { nodes: on('worker-1'), ready: false }, 1);
    faults.heal(id);
    const healedMs = cluster.world.kernel.now;
    waitFor(cluster, { nodes: on('worker-1'), stage: 'running', ready: true }, 60_000);
    advance(cluster, 30_000);
    expect(kubeletEvents(cluster, 'worker-1', healedMs + 6_000).filter((event) => event.message === CRASH)).toEqual([]);
  });

  it('service-stuck-waiting: kubelet waits on a condition that never comes; the boot keeps waiting for it', () => {
    const cluster = newCluster({ controlPlanes: 1 });
    const condition = 'volume /var/lib/kubelet to be mounted';
    const id = faultRegistryOf(cluster).inject('service-stuck-waiting', nodesTarget('worker-1'), { service: 'kubelet', condition });
    cluster.powerOnAll();
    advance(cluster, 3 * 60_000);
    waitFor(cluster, { nodes: on('worker-1'), stage: 'booting', service: { id: 'kubelet', state: 'Waiting', lastEventContains: `Waiting for ${condition}` } }, 1);
    expect(cluster.node('worker-1').logs.contains('machined', 'task startAllServices (1/1): service "kubelet" to be "up"')).toBe(true);
    faultRegistryOf(cluster).heal(id);
    waitFor(cluster, { nodes: on('worker-1'), stage: 'running', service: { id: 'kubelet', state: 'Running' } }, 60_000);
  });

  it('service-health-failing: kubelet not healthy makes the node not ready; healed, the next check succeeds', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    const id = faults.inject('service-health-failing', nodesTarget('worker-1'));
    waitFor(cluster, { nodes: on('worker-1'), ready: false, unmetCondition: { name: 'services', reasonContains: 'kubelet not healthy' } }, 10_000);
    expect(cluster.node('worker-1').services.records.get('kubelet')!.health.lastMessage).toBe(
      'Health check failed: Get "http://127.0.0.1:10248/healthz": dial tcp 127.0.0.1:10248: connect: connection refused',
    );
    faults.heal(id);
    waitFor(cluster, { nodes: on('worker-1'), ready: true, service: { id: 'kubelet', healthy: true, lastEventContains: 'Health check successful' } }, 30_000);
  });

  it('image-pull-failure: kubelet fails its pre stage on the pull; healed, it starts', () => {
    const cluster = newCluster({ controlPlanes: 1 });
    const id = faultRegistryOf(cluster).inject('image-pull-failure', nodesTarget('worker-1'));
    cluster.powerOnAll();
    waitFor(cluster, { nodes: on('worker-1'), service: { id: 'kubelet', state: 'Failed', lastEventContains: 'Failed to run pre stage: failed to pull image "ghcr.io/siderolabs/kubelet:' } }, 5 * 60_000);
    faultRegistryOf(cluster).heal(id);
    waitFor(cluster, { nodes: on('worker-1'), service: { id: 'kubelet', state: 'Running' } }, 2 * 60_000);
  });

  it('power-loss: stage unknown and no API; the power button does nothing; power returns after restoreAfterMs and the node boots', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    const worker = cluster.node('worker-1');
    faults.inject('power-loss', nodesTarget('worker-1'), { restoreAfterMs: 60_000 });
    waitFor(cluster, { nodes: on('worker-1'), stage: 'unknown' }, 1);
    expect(worker.apiReachable()).toBe(false);
    expect(worker.addresses()).toEqual([]);
    worker.powerOn();
    advance(cluster, 30_000);
    expect(worker.isPoweredOn()).toBe(false);
    expect(faults.list().map((fault) => fault.kind)).toEqual(['power-loss']);
    advance(cluster, 30_000);
    expect(faults.list()).toEqual([]);
    expect(worker.isPoweredOn()).toBe(true);
    waitFor(cluster, { nodes: on('worker-1'), stage: 'running', ready: true }, 5 * 60_000);
  });

  it('power-loss healed by hand powers the node back on', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    const id = faults.inject('power-loss', nodesTarget('cp-1'));
    advance(cluster, 60_000);
    waitFor(cluster, { nodes: on('cp-1'), stage: 'unknown' }, 1);
    faults.heal(id);
    waitFor(cluster, { nodes: { kind: 'all' }, stage: 'running', ready: true }, 5 * 60_000);
  });

  it('slow-boot: with factor 4, firmware (2 s) and kernel start (4 s) alone make running come 13+ s later', () => {
    const normalMs = timeToRunningMs(undefined);
    const slowMs = timeToRunningMs(4);
    expect(slowMs - normalMs).toBeGreaterThanOrEqual(13_000);
  });
});
