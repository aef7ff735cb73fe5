// An idle running node's periodic timers (a health check per running service that has one, a DHCP
// renewal per NIC) are armed periodic timers in the kernel's timer table: the event queue holds
// one entry for the whole cluster's, none per node. Restarting a service disarms its check until it runs again, a reboot
// re-arms them all; the queue is back to its one entry once the cluster is idle.
import { describe, expect, it } from 'vitest';
import { advance, bootedCluster } from '../faults/fault-harness.ts';
import { reboot, serviceOperation } from '../../nodes/node-commands.ts';
import { serviceDefinition } from '../../nodes/services/service-catalog.ts';
import type { SimCluster } from '../../sim/cluster/cluster.ts';

/** Every periodic timer an idle node should have armed: a health check per running service that has one, a renewal per NIC. */
function expectedTimers(cluster: SimCluster): number {
  let count = 0;
  for (const node of cluster.nodes.values()) {
    const running = [...node.services.records.values()].filter((record) => record.state === 'Running' && serviceDefinition(record.id)?.health);
    expect(node.services.healthChecksArmed().sort()).toEqual(running.map((record) => record.id).sort());
    count += running.length + node.nics.length;
  }
  return count;
}

describe('idle timers', () => {
  it('an idle running cluster queues one event, whatever its size: its health checks and DHCP renewals are periodic timers', () => {
    const { cluster } = bootedCluster({ controlPlanes: 1, workers: 2 });
    const kernel = cluster.world.kernel;
    advance(cluster, 120_000);
    expect(kernel.queuedEvents).toBe(1);
    const idle = expectedTimers(cluster);
    expect(idle).toBe(3 + 6 * 3 + 2);
    expect(kernel.pendingEvents).toBe(idle);

    const worker = cluster.node('worker-1');
    serviceOperation(worker, 'kubelet', 'restart');
    advance(cluster, 500);
    expect(worker.services.state('kubelet')).not.toBe('Running');
    expect(worker.services.healthChecksArmed()).not.toContain('kubelet');
    advance(cluster, 60_000);
    expect(worker.services.healthChecksArmed()).toContain('kubelet');

    reboot(cluster.node('worker-2'));
    advance(cluster, 5 * 60_000);
    expect(cluster.node('worker-2').stage()).toBe('running');
    expect(kernel.queuedEvents).toBe(1);
    expect(expectedTimers(cluster)).toBe(idle);
    expect(kernel.pendingEvents).toBe(idle);
  });
});
