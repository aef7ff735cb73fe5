// storage.StorageService, time.TimeService, cluster.ClusterService and inspect.InspectService over
// real mutual TLS against a 1 control plane + 1 worker cluster: disks as the node has them, the
// node's (skewed) clock against true time, `talosctl health` progress with Talos's check names
// passing on a healthy cluster and timing out in virtual time on a partitioned one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { collect, startTestCluster, unary, type TestCluster } from './harness.ts';
import { msFromTimestamp } from '../../proto/well-known.ts';

let env: TestCluster;

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1 });
});
afterAll(() => env.close());

describe('storage.StorageService', () => {
  it('Disks lists the node disks and marks the system disk', async () => {
    const [reply] = (await unary(env.client('storage.StorageService', 'cp-1'), 'Disks')).messages;
    const disk = env.node('cp-1').disks[0]!;
    expect(reply.disks).toEqual([
      expect.objectContaining({ device_name: '/dev/sda', size: String(disk.profile.sizeBytes), model: 'QEMU HARDDISK', serial: disk.profile.serial, type: 'SSD', system_disk: true, readonly: false }),
    ]);
  });
});

describe('time.TimeService', () => {
  afterAll(() => (env.node('worker-1').faults.clockSkewMs = 0));

  it('Time compares the node clock with the NTP server, TimeCheck with the one asked for', async () => {
    env.node('worker-1').faults.clockSkewMs = 90_000;
    const time = env.client('time.TimeService', 'cp-1');
    const [reply] = (await unary(time, 'Time', {}, { node: 'worker-1' })).messages;
    expect(reply.server).toBe('time.cloudflare.com');
    expect(msFromTimestamp(reply.localtime) - msFromTimestamp(reply.remotetime)).toBe(90_000);
    const [check] = (await unary(time, 'TimeCheck', { server: 'pool.ntp.org' })).messages;
    expect(check.server).toBe('pool.ntp.org');
    expect(msFromTimestamp(check.localtime)).toBe(msFromTimestamp(check.remotetime));
  });
});

describe('inspect.InspectService', () => {
  it('ControllerRuntimeDependencies returns a controller graph in Talos type names', async () => {
    const [reply] = (await unary(env.client('inspect.InspectService', 'cp-1'), 'ControllerRuntimeDependencies')).messages;
    expect(reply.edges.length).toBeGreaterThan(10);
    expect(reply.edges).toContainEqual(
      expect.objectContaining({ controller_name: 'runtime.MachineStatusController', edge_type: 'OUTPUT_EXCLUSIVE', resource_type: 'MachineStatuses.runtime.talos.dev' }),
    );
  });
});

describe('cluster.ClusterService HealthCheck', () => {
  const health = () => env.client('cluster.ClusterService', 'cp-1');

  it('on a healthy cluster: discovered nodes, then every check from `...` to OK', async () => {
    const { messages, error } = await collect(health(), 'HealthCheck', { wait_timeout: { seconds: 300 } });
    expect(error).toBeUndefined();
    const lines = messages.map((message: { message: string }) => message.message);
    const addresses = ['cp-1', 'worker-1'].map((name) => JSON.stringify(env.node(name).primaryAddress()));
    expect(lines[0]).toBe(`discovered nodes: [${addresses.join(' ')}]`);
    expect(lines.slice(1, 3)).toEqual(['waiting for etcd to be healthy: ...', 'waiting for etcd to be healthy: OK']);
    expect(lines).toContain('waiting for all k8s nodes to report ready: OK');
    expect(lines.at(-1)).toBe('waiting for all k8s nodes to report schedulable: OK');
  });

  it('with a node cut off: reports the failing check and ends with DeadlineExceeded after wait_timeout', async () => {
    env.cluster.world.network.partition('cp-1', 'worker-1');
    try {
      const startMs = env.kernel.now;
      const call = collect(health(), 'HealthCheck', { wait_timeout: { seconds: 30 } });
      const { messages, error } = await env.drive.settle(call, { stepMs: 1_000 });
      expect(error).toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED, details: 'context deadline exceeded' });
      expect(env.kernel.now - startMs).toBeGreaterThanOrEqual(30_000);
      const lines = messages.map((message: { message: string }) => message.message);
      expect(lines.some((line) => line.startsWith('waiting for ') && line.includes('rpc error: code = DeadlineExceeded desc = context deadline exceeded'))).toBe(true);
    } finally {
      env.cluster.world.network.heal('cp-1', 'worker-1');
    }
  });

  it('on a worker: only available on control plane nodes', async () => {
    const { error } = await collect(env.client('cluster.ClusterService', 'worker-1'), 'HealthCheck', { wait_timeout: { seconds: 10 } });
    expect(error).toMatchObject({ code: grpc.status.UNIMPLEMENTED, details: 'cluster health check is only available on control plane nodes' });
  });
});
