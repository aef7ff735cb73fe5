// The MachineService calls that change a node, over real mutual TLS against a booted 3 control
// plane + 3 worker cluster: ApplyConfiguration in every mode (the reply waits for virtual time to
// persist the config), Bootstrap's refusals, service start/stop/restart, Reboot/Shutdown/Reset/
// Upgrade answering at once with an actor id whose sequence events the Events API then shows,
// and etcd membership changes. Virtual time moves only where a test drives it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { collect, isRunningAndReady, startTestCluster, unary, type TestCluster } from './harness.ts';
import { applyPatches } from '../../sim/cluster/cluster.ts';
import { unpackAny } from '../../proto/load.ts';

let env: TestCluster;
let cp1: grpc.Client;

const machine = (node: string) => env.client('machine.MachineService', node);
const configWith = (node: string, patch: Record<string, unknown>) => Buffer.from(applyPatches(env.node(node).config!.text, [patch]));

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 3, workers: 3 });
  cp1 = machine('cp-1');
});
afterAll(() => env.close());

describe('ApplyConfiguration', () => {
  it('dry run summarises without changing the node', async () => {
    const before = env.node('worker-1').config!.text;
    const data = configWith('worker-1', { machine: { nodeLabels: { rack: 'r1' } } });
    const [reply] = (await unary(machine('worker-1'), 'ApplyConfiguration', { data, mode: 'AUTO', dry_run: true })).messages;
    expect(reply.mode_details).toMatch(/^Dry run summary:\nApplied configuration without a reboot \(skipped in dry-run\)\.\nConfig diff:\n\n--- a\n/);
    expect(env.node('worker-1').config!.text).toBe(before);
  });

  it('NO_REBOOT applies once the config is persisted in virtual time', async () => {
    const data = configWith('worker-1', { machine: { nodeLabels: { rack: 'r2' } } });
    const startMs = env.kernel.now;
    const [reply] = (await env.drive.settle(unary(machine('worker-1'), 'ApplyConfiguration', { data, mode: 'NO_REBOOT' }))).messages;
    expect(reply).toMatchObject({ mode: 'NO_REBOOT', mode_details: 'Applied configuration without a reboot', warnings: [] });
    expect(env.kernel.now).toBeGreaterThan(startMs);
    expect(env.node('worker-1').config!.text).toBe(data.toString());
  });

  it('AUTO answers NO_REBOOT when the change applies immediately', async () => {
    const data = configWith('worker-1', { machine: { nodeLabels: { rack: 'r3' } } });
    const [reply] = (await env.drive.settle(unary(machine('worker-1'), 'ApplyConfiguration', { data, mode: 'AUTO' }))).messages;
    expect(reply.mode).toBe('NO_REBOOT');
  });

  it('bytes that are not UTF-8 are refused with go-yaml\'s reader error and change nothing', async () => {
    const before = env.node('worker-1').config!.text;
    const data = Buffer.concat([Buffer.from('# '), Buffer.from([0xff, 0x0a]), Buffer.from(before)]);
    await expect(unary(machine('worker-1'), 'ApplyConfiguration', { data, mode: 'AUTO' })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'decode error: yaml: offset 2: invalid leading UTF-8 octet',
    });
    expect(env.node('worker-1').config!.text).toBe(before);
  });

  it('a second apply while one is persisting is refused', async () => {
    const data = configWith('worker-2', { machine: { nodeLabels: { zone: 'a' } } });
    const first = unary(machine('worker-2'), 'ApplyConfiguration', { data, mode: 'NO_REBOOT' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = unary(machine('worker-2'), 'ApplyConfiguration', { data, mode: 'NO_REBOOT' });
    await expect(second).rejects.toMatchObject({ code: grpc.status.FAILED_PRECONDITION, details: 'another apply configuration is already in progress' });
    await expect(env.drive.settle(first)).resolves.toHaveProperty('messages');
  });

  it('TRY applies with the try notice and reverts after try_mode_timeout of virtual time', async () => {
    const before = env.node('worker-2').config!.text;
    const data = configWith('worker-2', { machine: { nodeLabels: { trial: 'yes' } } });
    const request = { data, mode: 'TRY', try_mode_timeout: { seconds: 30 } };
    const [reply] = (await env.drive.settle(unary(machine('worker-2'), 'ApplyConfiguration', request))).messages;
    expect(reply.mode).toBe('TRY');
    expect(reply.mode_details).toBe("Applied configuration without a reboot\nThe config is applied in 'try' mode and will be automatically reverted back in 30s");
    expect(env.node('worker-2').config!.text).toBe(data.toString());
    await env.drive.advance(31_000);
    expect(env.node('worker-2').config!.text).toBe(before);
  });

  it('STAGED keeps the config for the next boot', async () => {
    const data = configWith('worker-2', { machine: { nodeLabels: { staged: 'yes' } } });
    const [reply] = (await env.drive.settle(unary(machine('worker-2'), 'ApplyConfiguration', { data, mode: 'STAGED' }))).messages;
    expect(reply).toMatchObject({ mode: 'STAGED', mode_details: 'Staged configuration to be applied after the next reboot' });
    expect(env.node('worker-2').status.stagedConfig?.text).toBe(data.toString());
  });

  it('a config that does not parse is InvalidArgument', async () => {
    await expect(unary(machine('worker-2'), 'ApplyConfiguration', { data: Buffer.from('machine: [unclosed'), mode: 'AUTO' })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
  });
});

describe('Bootstrap and services', () => {
  it('Bootstrap of a bootstrapped control plane: AlreadyExists; of a worker: control planes only', async () => {
    await expect(unary(cp1, 'Bootstrap', {})).rejects.toMatchObject({ code: grpc.status.ALREADY_EXISTS, details: 'etcd data directory is not empty' });
    await expect(unary(machine('worker-3'), 'Bootstrap', {})).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED, details: 'bootstrap is only available on control plane nodes' });
  });

  it('ServiceRestart of kubelet is accepted; stop of etcd and unknown services are refused with Talos texts', async () => {
    const [restart] = (await unary(cp1, 'ServiceRestart', { id: 'kubelet' })).messages;
    expect(restart.resp).toBe('Service "kubelet" restarted');
    await expect(unary(cp1, 'ServiceStop', { id: 'etcd' })).rejects.toMatchObject({ code: grpc.status.UNKNOWN, details: 'service "etcd" doesn\'t support stop operation via API' });
    await expect(unary(cp1, 'ServiceStart', { id: 'nope' })).rejects.toMatchObject({ details: 'service "nope" not defined' });
    await env.drive.runUntil(() => env.node('cp-1').services.isUp('kubelet'), 60_000);
    const [start] = (await unary(cp1, 'ServiceStart', { id: 'kubelet' })).messages;
    expect(start.resp).toBe('Service "kubelet" started');
  });
});

describe('lifecycle', () => {
  it('Reboot answers an actor id, cuts off live streams when apid stops, its sequence events carry that id, and the next boot starts a new event buffer', async () => {
    const node = env.node('worker-1');
    const bootId = node.bootId;
    const live = collect(machine('worker-1'), 'Events', {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [reply] = (await unary(machine('worker-1'), 'Reboot', { mode: 'DEFAULT' })).messages;
    expect(reply.actor_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await env.drive.runUntil(() => !node.apiReachable(), 60_000);
    const cut = await live;
    expect(cut.error).toMatchObject({ code: grpc.status.UNAVAILABLE });
    const before = cut.messages.slice(1).map((message: { data: never; actor_id: string }) => ({ actor: message.actor_id, ...unpackAny(message.data) }));
    const ours = before.filter((payload) => payload.actor === reply.actor_id);
    expect(ours[0]).toMatchObject({ fullName: 'machine.SequenceEvent', message: { sequence: 'reboot', action: 'START' } });
    expect(ours.some((payload) => payload.fullName === 'machine.TaskEvent' && payload.message.task === 'stopAllServices')).toBe(true);
    await env.drive.runUntil(() => node.bootId !== bootId && isRunningAndReady(node), 10 * 60_000);
    // machined's buffer belongs to the boot: `tail -1` replays only this boot, none of it by the reboot's actor.
    const all = await collect(machine('worker-1'), 'Events', { tail_events: -1 }, { until: (received) => received.length >= 2 });
    const replayed = node.events.all().length;
    const { messages } = await collect(machine('worker-1'), 'Events', { tail_events: -1 }, { until: (received) => received.length >= replayed + 1 });
    const payloads = messages.slice(1).map((message: { data: never; actor_id: string }) => ({ actor: message.actor_id, ...unpackAny(message.data) }));
    expect(all.messages.length).toBeGreaterThan(1);
    expect(payloads.every((payload) => payload.actor === '')).toBe(true);
    expect(payloads.some((payload) => payload.fullName === 'machine.SequenceEvent' && payload.message.sequence === 'reboot')).toBe(false);
    expect(payloads[0]).toMatchObject({ fullName: 'machine.MachineStatusEvent', message: { stage: 'BOOTING', status: { ready: false } } });
  });

  it('Upgrade acknowledges, runs the upgrade sequence and boots the new version', async () => {
    await expect(unary(machine('worker-1'), 'Upgrade', { image: '' })).rejects.toMatchObject({ details: 'error validating installer image "": invalid reference format' });
    const [reply] = (await unary(machine('worker-1'), 'Upgrade', { image: 'ghcr.io/siderolabs/installer:v1.13.1' })).messages;
    expect(reply.ack).toBe('Upgrade request received');
    expect(reply.actor_id).not.toBe('');
    const node = env.node('worker-1');
    await env.drive.runUntil(() => node.talosVersion === 'v1.13.1' && isRunningAndReady(node), 10 * 60_000);
    expect((await unary(machine('worker-1'), 'Version')).messages[0].version.tag).toBe('v1.13.1');
  });

  it('Shutdown powers the node off: its apid refuses connections, apid on another node reports no route', async () => {
    const [reply] = (await unary(machine('worker-2'), 'Shutdown', {})).messages;
    expect(reply.actor_id).not.toBe('');
    await env.drive.runUntil(() => !env.node('worker-2').isPoweredOn(), 5 * 60_000);
    await expect(unary(machine('worker-2'), 'Version', {}, { deadlineMs: 2_000 })).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    await expect(unary(cp1, 'Version', {}, { node: 'worker-2' })).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
      details: `connection error: desc = "transport: Error while dialing: dial tcp ${env.node('worker-2').reservedIp}:50000: connect: no route to host"`,
    });
  });

  it('Reset wipes the node and it comes back in maintenance mode, served over TLS without client certificates', async () => {
    await expect(unary(machine('worker-3'), 'Reset', { user_disks_to_wipe: ['/dev/nope'] })).rejects.toMatchObject({ details: "reset user disk failed: device /dev/nope wasn't found" });
    await expect(unary(machine('worker-3'), 'Reset', { system_partitions_to_wipe: [{ label: 'NOPE', wipe: false }] })).rejects.toMatchObject({
      details: 'failed to get volume status with label "NOPE": resource VolumeStatuses.block.talos.dev(runtime/NOPE@undefined) doesn\'t exist',
    });
    await expect(unary(machine('worker-3'), 'Reset', { mode: 'USER_DISKS', system_partitions_to_wipe: [{ label: 'STATE', wipe: true }] })).rejects.toMatchObject({
      details: "reset failed: invalid input, wipe mode USER_DISKS doesn't support SystemPartitionsToWipe parameter",
    });
    const [reply] = (await unary(machine('worker-3'), 'Reset', { graceful: true, reboot: true })).messages;
    expect(reply.actor_id).not.toBe('');
    const node = env.node('worker-3');
    await env.drive.runUntil(() => node.stage() === 'maintenance' && node.apiReachable(), 10 * 60_000);
    const insecure = env.client('machine.MachineService', 'worker-3', { insecure: true });
    expect((await unary(insecure, 'Version')).messages[0].features).toBeNull();
  });
});

describe('etcd membership', () => {
  it('EtcdLeaveCluster and EtcdRemoveMemberByID shrink the member list', async () => {
    await unary(machine('cp-3'), 'EtcdLeaveCluster', {});
    let members = (await unary(cp1, 'EtcdMemberList', {})).messages[0].members;
    expect(members.map((member: { hostname: string }) => member.hostname).sort()).toEqual(['cp-1', 'cp-2']);
    await expect(unary(cp1, 'EtcdRemoveMemberByID', { member_id: '12345' })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND, details: 'etcdserver: member not found' });
    const cp2 = members.find((member: { hostname: string }) => member.hostname === 'cp-2');
    await unary(cp1, 'EtcdRemoveMemberByID', { member_id: cp2.id });
    members = (await unary(cp1, 'EtcdMemberList', {})).messages[0].members;
    expect(members.map((member: { hostname: string }) => member.hostname)).toEqual(['cp-1']);
  });
});
