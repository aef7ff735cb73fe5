// etcd's commit latency is sampled per virtual millisecond: every reader at one moment sees the
// same value, and asking it (or the API's availability, which reads it) more often changes nothing
// in the run. A cluster with jittery, lossy, slow paths and slow disks between its control planes
// runs twice with the same seed; the second run reads the commit latency and the API's
// availability ten times after every kernel event, and both give the same trace.
import { describe, expect, it } from 'vitest';
import { bootedCluster, advance } from '../faults/fault-harness.ts';

function runWithFaults(extraReads: number): { trace: string; latencies: number[] } {
  const { cluster, faults } = bootedCluster({ seed: 'commit-latency' });
  const controlPlanes = ['cp-1', 'cp-2', 'cp-3'];
  faults.inject('network-latency', { kind: 'link', from: controlPlanes, to: controlPlanes }, { latencyMs: 40, jitterMs: 2_000, lossRatio: 0.3 });
  faults.inject('disk-slow', { kind: 'nodes', nodes: { kind: 'role', role: 'controlplane' } }, { extraFsyncLatencyMs: 50 });
  const etcd = cluster.world.etcd;
  const kube = cluster.world.kubernetes;
  const latencies: number[] = [];
  const stop = cluster.world.kernel.onAfterEvent(() => {
    for (let read = 0; read < extraReads; read++) {
      latencies.push(etcd.commitLatencyMs());
      void kube.apiAvailable;
    }
  });
  advance(cluster, 120_000);
  stop();
  return { trace: cluster.world.trace.toJsonl(), latencies };
}

describe('etcd commit latency', () => {
  it('is the same for every read at one virtual time, and reading it changes nothing', () => {
    const quiet = runWithFaults(0);
    const busy = runWithFaults(10);
    expect(busy.latencies.length).toBeGreaterThan(1_000);
    // Ten reads after one event agree; over two minutes the samples vary (jitter, losses).
    for (let index = 0; index < busy.latencies.length; index += 10) expect(busy.latencies.slice(index, index + 10).every((ms) => ms === busy.latencies[index])).toBe(true);
    expect(new Set(busy.latencies).size).toBeGreaterThan(10);
    // Some commits are past etcd's 5 s request timeout, others are not: the faults act.
    expect(busy.latencies.some((ms) => ms > 5_000) && busy.latencies.some((ms) => ms < 5_000)).toBe(true);
    expect(busy.trace).toBe(quiet.trace);
  });
});
