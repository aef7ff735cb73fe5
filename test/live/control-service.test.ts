// The live control service in-process, over real gRPC on loopback, against a real cluster booted
// in virtual time: calls without the token are refused UNAUTHENTICATED; refusals carry the right
// status and a message naming what was expected; faults go through the cluster's registry (and
// its trace); time advances run in slices with the event loop served between them, one after
// another, and not during `talsim up`'s own warp.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, makeGenericClientConstructor, Metadata, status as grpcCode, type Client, type ServiceError } from '@grpc/grpc-js';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { generatedClusterPlan } from '../../sim/live/live-plan.ts';
import { clusterSettled } from '../../sim/live/warp-point.ts';
import { RealTimePacer } from '../../sim/kernel/pacer.ts';
import { bootstrap } from '../../nodes/node-commands.ts';
import { TimeSteering } from '../../sim/live/control-time.ts';
import { controlHandlers } from '../../sim/live/control-service.ts';
import { CONTROL_SERVICE_NAME, startControlServer, type ControlServer } from '../../sim/live/control-server.ts';
import { connectControl, type ControlClient } from '../../sim/live/control-client.ts';
import { ControlRequestError } from '../../sim/live/control-errors.ts';
import { stateFiles, writeControlJson, writeControlToken } from '../../sim/live/state-dir.ts';
import { serviceDefinition } from '../../proto/load.ts';

/** A 1 control plane + 1 worker cluster run in virtual time to running and ready. */
function readyCluster(): SimCluster {
  const cluster = new SimCluster(generatedClusterPlan({ controlPlanes: 1, workers: 1, configured: true }), { seed: 'control' });
  const controlPlane = cluster.node('cp-1');
  const stop = cluster.world.kernel.onAfterEvent(() => {
    if (controlPlane.services.state('etcd') !== 'Preparing' || !controlPlane.timeSynced) return;
    stop();
    bootstrap(controlPlane);
  });
  cluster.powerOnAll();
  if (!cluster.world.kernel.runUntilCondition(() => clusterSettled(cluster).ok, { maxTimeMs: 30 * 60_000 })) throw new Error('cluster did not get ready');
  return cluster;
}

/** Rejects with the client's typed error, or fails the test if the call succeeded. */
async function refusal(call: Promise<unknown>): Promise<ControlRequestError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ControlRequestError)) throw new Error(`expected a ControlRequestError, got ${String(error)}`);
  return error;
}

describe('live control service', () => {
  let cluster: SimCluster;
  let server: ControlServer;
  let client: ControlClient;
  let stateDir: string;
  let warping = false;
  const stopping = new AbortController();

  beforeAll(async () => {
    cluster = readyCluster();
    const pacer = new RealTimePacer(cluster.world.kernel, 1);
    const time = new TimeSteering({ kernel: cluster.world.kernel, pacer, trace: cluster.world.trace, warping: () => warping, abort: stopping.signal });
    stateDir = mkdtempSync(join(tmpdir(), 'talsim-control-'));
    const files = stateFiles(stateDir);
    const token = writeControlToken(files);
    server = await startControlServer(controlHandlers({ cluster, time, afterChange: async () => undefined }), token);
    writeControlJson(files, { address: server.address, port: server.port });
    client = connectControl(stateDir);
  });

  afterAll(() => {
    stopping.abort();
    client?.close();
    server?.close();
  });

  it('listens on loopback only and refuses a wrong or missing token', async () => {
    expect(server.address).toBe('127.0.0.1');
    const otherDir = mkdtempSync(join(tmpdir(), 'talsim-control-'));
    writeControlJson(stateFiles(otherDir), { address: server.address, port: server.port });
    writeFileSync(stateFiles(otherDir).controlToken, `${'0'.repeat(64)}\n`);
    const wrong = connectControl(otherDir);
    const refused = await refusal(wrong.status());
    wrong.close();
    expect([refused.code, refused.message]).toEqual(['Unauthenticated', 'invalid control token']);

    const Constructor = makeGenericClientConstructor(serviceDefinition(CONTROL_SERVICE_NAME) as never, CONTROL_SERVICE_NAME);
    const bare = new Constructor(`${server.address}:${server.port}`, credentials.createInsecure()) as unknown as Client & Record<string, Function>;
    const error = await new Promise<ServiceError | null>((resolve) => bare.Status!({}, new Metadata(), (failure: ServiceError | null) => resolve(failure)));
    bare.close();
    expect([error?.code, error?.details]).toEqual([grpcCode.UNAUTHENTICATED, 'invalid control token']);
  });

  it('injects through the registry, lists, and heals; refusals say what was expected', async () => {
    const { fault_id: id } = await client.faultInject({ kind: 'link-down', targets: ['worker-1'], params_json: '{"link":"eth0"}' });
    const { faults } = await client.faultList();
    expect(faults.map((fault) => [fault.fault_id, fault.kind, fault.targets, JSON.parse(fault.params_json), fault.ends_ms])).toEqual([[id, 'link-down', ['worker-1'], { link: 'eth0' }, '0']]);
    expect(cluster.world.trace.all.at(-1)).toMatchObject({ kind: 'fault', node: 'worker-1', details: { action: 'inject', id, faultKind: 'link-down' } });

    const badOption = await refusal(client.faultInject({ kind: 'link-down', targets: ['worker-1'], params_json: '{"periodMs":5}' }));
    expect(badOption.code).toBe('InvalidArgument');
    expect(badOption.message).toBe('fault link-down: options: Unrecognized key: "periodMs" (its options: link; `talsim fault kinds` describes them)');
    expect((await refusal(client.faultInject({ kind: 'link-down', targets: ['worker-9'] }))).message).toMatch(/^fault link-down: no node named "worker-9" \(nodes: cp-1, worker-1/);
    expect((await refusal(client.faultInject({ kind: 'no-such-kind', targets: [] }))).message).toMatch(/^fault no-such-kind: no such fault kind; kinds: etcd-commit-delay, /);
    expect((await refusal(client.faultInject({ kind: 'link-down', targets: ['worker-1'], params_json: '[1]' }))).code).toBe('InvalidArgument');
    expect((await refusal(client.faultHeal({ fault_id: 'f99' }))).code).toBe('NotFound');

    expect((await client.faultHeal({ fault_id: id })).healed).toEqual([id]);
    expect((await client.faultList()).faults).toEqual([]);
  });

  it('heals a fault by itself after duration_ms of virtual time', async () => {
    const startMs = cluster.world.kernel.now;
    const { fault_id: id } = await client.faultInject({ kind: 'partition', targets: ['cp-1->worker-1'], duration_ms: 30_000 });
    expect((await client.faultList()).faults.map((fault) => [fault.fault_id, fault.targets, Number(fault.ends_ms)])).toEqual([[id, ['cp-1->worker-1'], startMs + 30_000]]);
    await client.timeControl({ action: 'ADVANCE', advance_ms: 30_000 });
    expect((await client.faultList()).faults).toEqual([]);
  });

  it('advances in slices, serving the event loop between them, one advance after another', async () => {
    const startMs = cluster.world.kernel.now;
    let turns = 0;
    let advancing = true;
    const countTurns = () => {
      turns++;
      if (advancing) setImmediate(countTurns);
    };
    setImmediate(countTurns);
    const first = client.timeControl({ action: 'ADVANCE', advance_ms: 10 * 60_000 });
    const second = client.timeControl({ action: 'ADVANCE', advance_ms: 60_000 });
    const [afterFirst, afterSecond] = await Promise.all([first, second]);
    advancing = false;
    expect(Number(afterFirst.virtual_ms)).toBe(startMs + 10 * 60_000);
    expect(Number(afterSecond.virtual_ms)).toBe(startMs + 11 * 60_000);
    // One 10-virtual-second chunk per turn of the event loop at most: 66 chunks, so at least as many turns.
    expect(turns).toBeGreaterThanOrEqual(66);
    expect(cluster.world.trace.all.filter((entry) => entry.kind === 'control').slice(-2).map((entry) => entry.details)).toEqual([
      { action: 'advance', advanceMs: 600_000, untilMs: startMs + 600_000 },
      { action: 'advance', advanceMs: 60_000, untilMs: startMs + 660_000 },
    ]);
  });

  it('refuses an advance during the warp, and speeds and spans out of range', async () => {
    warping = true;
    try {
      expect((await refusal(client.timeControl({ action: 'ADVANCE', advance_ms: 1000 }))).code).toBe('FailedPrecondition');
    } finally {
      warping = false;
    }
    expect((await refusal(client.timeControl({ action: 'ADVANCE', advance_ms: 0 }))).code).toBe('InvalidArgument');
    expect((await refusal(client.timeControl({ action: 'SPEED', speed: 0 }))).message).toBe('speed: expected a number above 0 and at most 1000, found 0');
    expect((await refusal(client.timeControl({ action: 'SPEED', speed: 5000 }))).code).toBe('InvalidArgument');
  });

  it('pauses, sets the speed and resumes, and reports it in Status with every node', async () => {
    expect(await client.timeControl({ action: 'PAUSE' })).toMatchObject({ paused: true, speed: 1 });
    expect(await client.timeControl({ action: 'SPEED', speed: 50 })).toMatchObject({ paused: true, speed: 50 });
    const status = await client.status();
    expect([status.paused, status.speed, Number(status.virtual_ms)]).toEqual([true, 50, cluster.world.kernel.now]);
    expect(status.nodes).toEqual([
      { name: 'cp-1', role: 'controlplane', address: cluster.node('cp-1').reservedIp, talosctl_node: cluster.node('cp-1').reservedIp, stage: 'running', ready: true, apply_state: cluster.node('cp-1').apply.state(), apply_reason: '', diagnostics: [] },
      { name: 'worker-1', role: 'worker', address: cluster.node('worker-1').reservedIp, talosctl_node: cluster.node('worker-1').reservedIp, stage: 'running', ready: true, apply_state: cluster.node('worker-1').apply.state(), apply_reason: '', diagnostics: [] },
    ]);
    expect(await client.timeControl({ action: 'RESUME' })).toMatchObject({ paused: false, speed: 50 });
  });
});
