// apid's routing over the simulated LAN, through real gRPC to cp-1's listener: `node` forwards
// one-to-one (by name, address or hostname) with the target's authorization and the caller's
// roles; legacy `nodes` fans out and stamps each reply with the target as written, turning a
// partitioned target into an element carrying the error; malformed metadata gets apid's errors;
// injected latency and partitions cost virtual time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { collect, startTestCluster, unary, type TestCluster } from './harness.ts';
import type { ServiceImplementation } from '../../nodes/api/api-contract.ts';

/** A State service with no handlers: enough to reach the router for a `/cosi.resource.State/` path. */
const emptyState: ServiceImplementation = { service: 'cosi.resource.State', unary: {}, streams: {} };

let env: TestCluster;
let cp1: grpc.Client;

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 3, services: [emptyState] });
  cp1 = env.client('machine.MachineService', 'cp-1');
});
afterAll(() => env.close());

describe('one-to-one forwarding (`node`)', () => {
  it('answers from the target, found by name, address or hostname, without hostname metadata', async () => {
    const worker = env.node('worker-1');
    for (const target of ['worker-1', worker.primaryAddress()!, worker.hostname()]) {
      const [reply] = (await unary(cp1, 'Hostname', {}, { node: target })).messages;
      expect(reply).toEqual({ metadata: null, hostname: 'worker-1' });
    }
  });

  it('applies the target node authorization with the caller roles', async () => {
    const reader = env.client('machine.MachineService', 'cp-1', { roles: ['os:reader'] });
    await expect(unary(reader, 'Version', {}, { node: 'worker-1' })).resolves.toHaveProperty('messages');
    await expect(unary(reader, 'Reboot', {}, { node: 'worker-1' })).rejects.toMatchObject({ code: grpc.status.PERMISSION_DENIED, details: 'not authorized' });
  });

  it('forwards streams', async () => {
    const { messages } = await collect(cp1, 'Read', { path: '/proc/sys/kernel/hostname' }, { node: 'worker-2' });
    expect(messages[0].bytes.toString()).toBe('worker-2\n');
  });

  it('refuses several `node` values, targets with a port, and fan-out outside the Talos services', async () => {
    await expect(unary(cp1, 'Version', {}, { metadata: { node: ['worker-1', 'worker-2'] } })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'node metadata must be single-valued',
    });
    await expect(unary(cp1, 'Version', {}, { node: '10.5.0.3:50000' })).rejects.toMatchObject({ code: grpc.status.INTERNAL, details: 'invalid target "10.5.0.3:50000"' });
    const state = env.client('cosi.resource.State', 'cp-1');
    await expect(unary(state, 'Get', {}, { nodes: ['worker-1'] })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'one-2-many proxying is not supported for method /cosi.resource.State/Get',
    });
  });

  it('an unknown target fails to dial', async () => {
    await expect(unary(cp1, 'Version', {}, { node: 'nosuchhost' })).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
      details: 'connection error: desc = "transport: Error while dialing: dial tcp: lookup nosuchhost: no such host"',
    });
  });

  it('injected latency is paid in virtual time', async () => {
    const network = env.cluster.world.network;
    network.setPathFaults('cp-1', 'worker-1', { latencyMs: 400, jitterMs: 0, lossRatio: 0 });
    network.setPathFaults('worker-1', 'cp-1', { latencyMs: 400, jitterMs: 0, lossRatio: 0 });
    const startMs = env.kernel.now;
    await env.drive.settle(unary(cp1, 'Version', {}, { node: 'worker-1' }), { stepMs: 20 });
    expect(env.kernel.now - startMs).toBeGreaterThanOrEqual(800);
    network.setPathFaults('cp-1', 'worker-1', undefined);
    network.setPathFaults('worker-1', 'cp-1', undefined);
  });
});

describe('fan-out (`nodes`) with one target partitioned', () => {
  beforeAll(() => env.cluster.world.network.partition('cp-1', 'worker-3'));
  afterAll(() => env.cluster.world.network.heal('cp-1', 'worker-3'));

  it('merges unary replies, stamps hostnames as written, and reports the partitioned one as an error element', async () => {
    const address = env.node('worker-1').primaryAddress()!;
    const call = unary(cp1, 'Hostname', {}, { nodes: [address, 'worker-2', 'worker-3'] });
    const reply = await env.drive.settle(call, { stepMs: 1_000 });
    expect(reply.messages).toHaveLength(3);
    expect(reply.messages[0]).toEqual({ metadata: { hostname: address, error: '', status: null }, hostname: 'worker-1' });
    expect(reply.messages[1]).toMatchObject({ metadata: { hostname: 'worker-2', error: '' }, hostname: 'worker-2' });
    expect(reply.messages[2]).toMatchObject({
      metadata: { hostname: 'worker-3', error: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded', status: { code: grpc.status.DEADLINE_EXCEEDED, message: 'context deadline exceeded' } },
      hostname: '',
    });
  });

  it('one-to-one to the partitioned node times out in virtual time', async () => {
    const startMs = env.kernel.now;
    const call = unary(cp1, 'Version', {}, { node: 'worker-3' });
    await expect(env.drive.settle(call, { stepMs: 1_000 })).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED, details: 'context deadline exceeded' });
    expect(env.kernel.now - startMs).toBeGreaterThanOrEqual(20_000);
  });

  it('streams every target messages stamped with its hostname; a failed target sends one error message', async () => {
    const call = collect(cp1, 'Read', { path: '/proc/sys/kernel/hostname' }, { nodes: ['worker-1', 'worker-3'] });
    const { messages, error } = await env.drive.settle(call, { stepMs: 1_000 });
    expect(error).toBeUndefined();
    const byHost = Object.fromEntries(messages.map((message) => [message.metadata.hostname, message]));
    expect(byHost['worker-1'].bytes.toString()).toBe('worker-1\n');
    expect(byHost['worker-3'].metadata.error).toBe('rpc error: code = DeadlineExceeded desc = context deadline exceeded');
  });
});

describe('targets whose apid is gone', () => {
  it('a powered node whose apid is down refuses the connection', async () => {
    const worker = env.node('worker-2');
    worker.services.stop('apid');
    await env.drive.runUntil(() => worker.services.state('apid') === 'Finished', 10_000);
    await expect(unary(cp1, 'Version', {}, { node: 'worker-2' })).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
      details: `connection error: desc = "transport: Error while dialing: dial tcp ${worker.primaryAddress()}:50000: connect: connection refused"`,
    });
    await expect(unary(env.client('machine.MachineService', 'worker-2'), 'Version', {}, { deadlineMs: 2_000 })).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    worker.services.start('apid');
    expect(await env.drive.runUntil(() => worker.apiReachable(), 30_000)).toBe(true);
    await expect(unary(env.client('machine.MachineService', 'worker-2'), 'Version')).resolves.toHaveProperty('messages');
  });
});
