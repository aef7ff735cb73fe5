// talosctl v1.13.9 commands that reboot a node and wait, replayed call by call:
// - `upgrade` (non-legacy, --drain=false): cmd/talosctl/cmd/talos/upgrade.go upgradeViaLifecycleService
//   (TalosVersionCheck, image.go imagePullInternal = ImageService/Pull per node with `node`,
//   LifecycleService/Upgrade progress stream, then reboot.go's tracker); a tag that does not exist
//   fails at the pull, before anything reboots.
// - `upgrade --legacy --wait`: upgradeLegacy (MachineService/Upgrade + tracker with MachineReadyEventFn
//   and BootIDChangedPostCheckFn).
// - `reboot` (waits by default): reboot.go + action/tracker.go; a node that comes back with a service
//   failing never reports success (the previous boot's "running, ready" is not replayed).
// - `reset --graceful --reboot --wait`: reset.go (StopAllServicesEventFn, post check = maintenance
//   Disks dialled straight at the -n address, here the node's listener address).
// - `shutdown --wait`: shutdown.go (Shutdown, tracker until StopAllServicesEventFn, no post check).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { collect, unary, startTestCluster, type TestCluster } from '../api/harness.ts';
import { applyPatches } from '../../sim/cluster/cluster.ts';
import { bootIdChanged, machineReady, readBootId, serverVersion, stopAllServices, trackAction } from './talosctl-calls.ts';

let env: TestCluster;
const ENDPOINT = 'cp-1';
const addressOf = (name: string) => env.node(name).primaryAddress()!;
const settle = <T>(promise: Promise<T>, maxVirtualMs = 20 * 60_000) => env.drive.settle(promise, { stepMs: 250, maxVirtualMs });

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 3, talosVersion: 'v1.13.0' });
});
afterAll(() => env.close());

async function rebootTracked(node: string, expected = machineReady, timeoutMs = 60_000) {
  return trackAction(env, ENDPOINT, node, {
    action: async (client) => (await unary(client, 'Reboot', { mode: 'DEFAULT' }, { node })).messages[0].actor_id,
    expected,
    postCheck: (client, pre) => bootIdChanged(client, node, pre),
    timeoutMs,
  });
}

describe('talosctl upgrade (v1.13 LifecycleService path)', () => {
  it('pulls the installer, streams the installer progress, reboots into the new version with the new kernel args', async () => {
    const name = 'worker-1';
    const node = addressOf(name);
    const machine = env.client('machine.MachineService', ENDPOINT);
    // machine.install.extraKernelArgs is accepted now but only the next upgrade writes it to the boot entry.
    const data = Buffer.from(applyPatches(env.node(name).config!.text, [{ machine: { install: { extraKernelArgs: ['talsim.upgrade=1'] } } }]));
    const applied = await settle(unary(machine, 'ApplyConfiguration', { data, mode: 'NO_REBOOT' }, { nodes: [node] }));
    expect(applied.messages[0].metadata).toMatchObject({ error: '' });
    expect(applied.messages[0].warnings).toContainEqual(expect.stringMatching(/^machine\.install\.extraKernelArgs: accepted but not yet in effect: the installer applies it at the next upgrade/));
    const cmdline = async () => (await collect(machine, 'Read', { path: '/proc/cmdline' }, { node })).messages.map((m: { bytes: Buffer }) => m.bytes.toString()).join('');
    expect(await cmdline()).not.toContain('talsim.upgrade=1');

    expect(await serverVersion(machine, node)).toBe('v1.13.0');
    const image = 'ghcr.io/siderolabs/installer:v1.13.9';
    const pulled = await settle(collect(env.client('machine.ImageService', ENDPOINT), 'Pull', { containerd: { driver: 'CONTAINERD', namespace: 'NS_SYSTEM' }, image_ref: image }, { node }));
    expect(pulled.error).toBeUndefined();
    expect(pulled.messages.some((m: { response: string }) => m.response === 'pull_progress')).toBe(true);
    expect(pulled.messages.at(-1)).toMatchObject({ response: 'name', name: expect.stringMatching(/^ghcr\.io\/siderolabs\/installer@sha256:[0-9a-f]{64}$/) });

    const upgraded = await settle(collect(env.client('machine.LifecycleService', ENDPOINT), 'Upgrade', { containerd: { driver: 'CONTAINERD', namespace: 'NS_SYSTEM' }, source: { image_name: image } }, { node }));
    expect(upgraded.error).toBeUndefined();
    const progress = upgraded.messages.map((m: { progress: { response: string; message?: string; exit_code?: number } }) => m.progress);
    expect(progress.filter((p) => p.response === 'message').length).toBeGreaterThan(2);
    expect(progress.at(-1)).toMatchObject({ response: 'exit_code', exit_code: 0 });
    // Upgrade does not reboot: the node still runs the old boot.
    expect(env.node(name).bootId).toBe((await readBootId(machine, node)));

    const tracked = await settle(rebootTracked(node));
    expect(tracked.updates.at(-1)).toBe('post check passed');
    expect(await cmdline()).toContain('talsim.upgrade=1');
    expect(await serverVersion(machine, node)).toBe('v1.13.9');
  });

  it('a tag that does not exist fails at the pull with the registry error, before anything reboots', async () => {
    const node = addressOf('worker-2');
    const bootId = env.node('worker-2').bootId;
    const image = 'ghcr.io/siderolabs/installer:v1.13.99';
    const pulled = await settle(collect(env.client('machine.ImageService', ENDPOINT), 'Pull', { image_ref: image }, { node }));
    expect(pulled.error).toMatchObject({ code: grpc.status.NOT_FOUND, details: `error pulling image: failed to resolve reference "${image}": ${image}: not found` });
    expect(env.node('worker-2').bootId).toBe(bootId);
    expect(env.node('worker-2').stage()).toBe('running');
  });

  it('upgrade --legacy --wait: MachineService/Upgrade then the tracker sees the new boot ready and a new boot id', async () => {
    const node = addressOf('worker-2');
    const tracked = await settle(
      trackAction(env, ENDPOINT, node, {
        action: async (client) => (await unary(client, 'Upgrade', { image: 'ghcr.io/siderolabs/installer:v1.13.9' }, { node })).messages[0].actor_id,
        expected: machineReady,
        postCheck: (client, pre) => bootIdChanged(client, node, pre),
        timeoutMs: 60_000,
      }),
    );
    expect(tracked.updates).toContain('post check passed');
    expect(tracked.updates).toContain('sequence: upgrade action: START');
  });
});

describe('talosctl reboot (waits by default)', () => {
  it('succeeds once the new boot is running and ready with a new boot id', async () => {
    const tracked = await settle(rebootTracked(addressOf('worker-3')));
    expect(tracked.updates).toContain('events check condition met');
    expect(tracked.updates.at(-1)).toBe('post check passed');
  });

  it('a node that comes back with a failing service never reports success', async () => {
    env.node('worker-3').faults.failingHealth.set('kubelet', 'context deadline exceeded');
    const tracking = rebootTracked(addressOf('worker-3'), machineReady, 15_000);
    tracking.catch(() => undefined);
    await expect(settle(tracking, 15 * 60_000)).rejects.toThrow(/still pending|deadline exceeded/);
    expect(env.node('worker-3').services.state('kubelet')).toBe('Running');
    env.node('worker-3').faults.failingHealth.delete('kubelet');
  });
});

describe('talosctl reset --graceful --reboot --wait', () => {
  it('tracks stopAllServices, then the post check reaches the node in maintenance mode at its -n address', async () => {
    const listener = env.target('worker-2');
    const listenerAddress = listener.split(':')[0]!;
    const tracked = await settle(
      trackAction(env, ENDPOINT, listenerAddress, {
        action: async (client) => (await unary(client, 'Reset', { graceful: true, reboot: true }, { node: listenerAddress })).messages[0].actor_id,
        expected: stopAllServices,
        // reset.go: WithClientMaintenance dials the -n address; Disks answering = reset done.
        postCheck: async () => {
          await unary(env.client('storage.StorageService', 'worker-2', { insecure: true }), 'Disks', {}, { deadlineMs: 2_000 });
        },
        timeoutMs: 60_000,
      }),
    );
    expect(tracked.updates.at(-1)).toBe('post check passed');
    expect(env.node('worker-2').config).toBeUndefined();
  });
});

describe('talosctl shutdown --wait', () => {
  it('shutdown.go: Shutdown (force false), tracked until the stopAllServices task; the node then powers off', async () => {
    const node = addressOf('worker-3');
    const tracked = await settle(
      trackAction(env, ENDPOINT, node, {
        action: async (client) => (await unary(client, 'Shutdown', { force: false }, { node })).messages[0].actor_id,
        expected: stopAllServices,
        timeoutMs: 60_000,
      }),
    );
    expect(tracked.updates.at(-1)).toBe('events check condition met');
    expect(await env.drive.runUntil(() => !env.node('worker-3').isPoweredOn(), 5 * 60_000)).toBe(true);
  });
});
