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
//   Disks dialled straight at the -n address, else the boot id through the endpoint), with `-n` as
//   talsim up names the node (its listener) and with its LAN address (never reports success).
// - `shutdown --wait`: shutdown.go (Shutdown, tracker until StopAllServicesEventFn, no post check).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { collect, unary, startTestCluster, type TestCluster } from '../api/harness.ts';
import { applyPatches } from '../../sim/cluster/cluster.ts';
import { serviceDefinition } from '../../proto/load.ts';
import { bootIdChanged, machineReady, readBootId, serverVersion, stopAllServices, trackAction } from './talosctl-calls.ts';

let env: TestCluster;
const ENDPOINT = 'cp-1';
/** image.go containerdInstance for upgrade's default `--namespace system`: the CRI driver, system namespace. */
const SYSTEM_NAMESPACE = { driver: 'CRI', namespace: 'NS_SYSTEM' };
const addressOf = (name: string) => env.node(name).primaryAddress()!;
const settle = <T>(promise: Promise<T>, maxVirtualMs = 20 * 60_000) => env.drive.settle(promise, { stepMs: 250, maxVirtualMs });

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 3, talosVersion: 'v1.13.0' });
});
afterAll(() => env.close());

async function rebootTracked(node: string, expected = machineReady, timeoutMs = 60_000) {
  return trackAction(env.client('machine.MachineService', ENDPOINT), node, {
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
    const pulled = await settle(collect(env.client('machine.ImageService', ENDPOINT), 'Pull', { containerd: SYSTEM_NAMESPACE, image_ref: image }, { node }));
    expect(pulled.error).toBeUndefined();
    expect(pulled.messages.some((m: { response: string }) => m.response === 'pull_progress')).toBe(true);
    expect(pulled.messages.at(-1)).toMatchObject({ response: 'name', name: expect.stringMatching(/^ghcr\.io\/siderolabs\/installer@sha256:[0-9a-f]{64}$/) });

    const upgraded = await settle(collect(env.client('machine.LifecycleService', ENDPOINT), 'Upgrade', { containerd: SYSTEM_NAMESPACE, source: { image_name: image } }, { node }));
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
      trackAction(env.client('machine.MachineService', ENDPOINT), node, {
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
  /**
   * reset.go's post check: WithClientMaintenance dials the `-n` address itself (port 50000,
   * InsecureSkipVerify, no client certificate) and asks for Disks; whatever that fails with, it
   * falls back to BootIDChangedPostCheckFn through the endpoint. talsim up names a node by its own
   * listener (talosctlNode); the harness's listeners take a free port where talsim up takes 50000,
   * so the dial keeps `-n`'s host and uses that port. A LAN address (10.5.0.x) is no address of
   * this machine: no listener has it, and the test does not send packets off the host.
   */
  const resetPostCheck = (nodeArgument: string, seen: { stage: string; configured: boolean }[]) => async (client: grpc.Client, preBootId: string) => {
    const listeners = [...env.servers.endpoints].filter(([, endpoint]) => endpoint.address === nodeArgument);
    if (listeners.length === 1) {
      const [name, endpoint] = listeners[0]!;
      const maintenance = new (grpc.makeGenericClientConstructor(serviceDefinition('storage.StorageService'), 'storage.StorageService'))(
        `${nodeArgument}:${endpoint.port}`,
        grpc.credentials.createSsl(null, null, null, { rejectUnauthorized: false }),
      );
      try {
        const disks = await unary(maintenance, 'Disks', {}, { deadlineMs: 2_000 });
        const node = env.node(name);
        seen.push({ stage: node.stage(), configured: node.config !== undefined });
        expect(disks.messages[0].disks.length).toBeGreaterThan(0);
        return;
      } catch (error) {
        if (!('code' in (error as object))) throw error;
      } finally {
        maintenance.close();
      }
    }
    await bootIdChanged(client, nodeArgument, preBootId);
  };

  it('-n as talsim up names the node (its listener): tracks stopAllServices, then passes only once the node answers in maintenance mode', async () => {
    const nodeArgument = env.servers.endpoints.get('worker-2')!.address;
    expect(nodeArgument).toMatch(/^127\./);
    const machine = env.client('machine.MachineService', ENDPOINT);
    // helpers.ClientVersionCheck with the `nodes` metadata, then the tracker.
    expect(await serverVersion(machine, nodeArgument)).toMatch(/^v1\.13\./);
    const seen: { stage: string; configured: boolean }[] = [];
    const tracked = await settle(
      trackAction(env.client('machine.MachineService', ENDPOINT), nodeArgument, {
        action: async (client) => (await unary(client, 'Reset', { graceful: true, reboot: true }, { node: nodeArgument })).messages[0].actor_id,
        expected: stopAllServices,
        postCheck: resetPostCheck(nodeArgument, seen),
        timeoutMs: 60_000,
      }),
    );
    expect(tracked.updates).toContain('events check condition met');
    expect(tracked.updates.at(-1)).toBe('post check passed');
    // The maintenance API answered only on the new boot, without a config: the reset is really done.
    expect(seen).toEqual([{ stage: 'maintenance', configured: false }]);
    expect(env.node('worker-2').bootId).not.toBe(tracked.preBootId);
  });

  it('-n <LAN address>: talosctl dials 10.5.0.x, not on this machine, and the endpoint fallback cannot reach a node in maintenance, so --wait never reports success', async () => {
    const lanAddress = env.node('worker-2').primaryAddress() ?? env.node('worker-2').reservedIp;
    expect(lanAddress).toMatch(/^10\.5\.0\./);
    expect([...env.servers.endpoints.values()].some((endpoint) => endpoint.address === lanAddress)).toBe(false);
    // BootIDChangedPostCheckFn through the endpoint: apid cannot verify the maintenance certificate (Unavailable: talosctl retries until --timeout).
    const fallback = bootIdChanged(env.client('machine.MachineService', ENDPOINT), lanAddress, 'previous');
    await expect(fallback).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE, details: expect.stringContaining('x509: certificate signed by unknown authority') });
  });
});

describe('talosctl shutdown --wait', () => {
  it('shutdown.go: Shutdown (force false), tracked until the stopAllServices task; the node then powers off', async () => {
    const node = addressOf('worker-3');
    const tracked = await settle(
      trackAction(env.client('machine.MachineService', ENDPOINT), node, {
        action: async (client) => (await unary(client, 'Shutdown', { force: false }, { node })).messages[0].actor_id,
        expected: stopAllServices,
        timeoutMs: 60_000,
      }),
    );
    expect(tracked.updates.at(-1)).toBe('events check condition met');
    expect(await env.drive.runUntil(() => !env.node('worker-3').isPoweredOn(), 5 * 60_000)).toBe(true);
  });
});
