// `talosctl apply-config` v1.13.9, replayed as cmd/talosctl/cmd/talos/apply-config.go makes it:
// WithClient (the endpoint, `nodes` metadata), one ApplyConfiguration with the whole file, the
// mode flag (default auto), dry_run and try_mode_timeout (always sent, `--timeout` default 1m),
// then client.FilterMessages and helpers.PrintApplyResults (warnings, then mode_details, on
// stderr). `--insecure` is WithClientMaintenance: TLS without a client certificate and without
// verifying the server, dialled straight at the -n address, no node metadata. Each mode is
// checked against what machined v1.13.9 does (internal/app/machined/internal/server/v1alpha1/
// v1alpha1_server.go ApplyConfiguration): what it answers and what the node then runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { parse } from 'yaml';
import { startTestCluster, unary, type TestCluster } from '../api/harness.ts';
import { cosiStateService } from '../../nodes/api/cosi-state-service.ts';
import { applyPatches } from '../../sim/cluster/cluster.ts';
import { applyConfiguration } from './talosctl-calls.ts';
import { reboot } from '../../nodes/node-commands.ts';
import { RT } from '../../nodes/resources/resource-types.ts';

let env: TestCluster;
const ENDPOINT = 'cp-1';
const addressOf = (name: string) => env.node(name).primaryAddress()!;
const machine = () => env.client('machine.MachineService', ENDPOINT);
const settle = <T>(promise: Promise<T>, maxVirtualMs = 10 * 60_000) => env.drive.settle(promise, { stepMs: 250, maxVirtualMs });
const patched = (name: string, patch: Record<string, unknown>) => Buffer.from(applyPatches(env.node(name).config!.text, [patch]));
/** A change machined v1.13 cannot apply without a reboot (machine.files is not a live section). */
const needsReboot = (name: string) => patched(name, { machine: { files: [{ path: '/var/etc/motd', content: 'hello', permissions: 0o644, op: 'create' }] } });
const apply = (name: string, data: Buffer, flags: Parameters<typeof applyConfiguration>[3] = {}) => settle(applyConfiguration(machine(), addressOf(name), data, flags));
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error.message);

/** The MachineConfig `persistent` (what STATE holds) as `talosctl get mc persistent` reads it. */
async function persistentConfig(name: string): Promise<string> {
  const state = env.client('cosi.resource.State', ENDPOINT);
  const reply = await unary<{ resource: { spec: { yaml_spec: string } } }>(state, 'Get', { namespace: 'config', type: 'MachineConfigs.config.talos.dev', id: 'persistent' }, { node: addressOf(name) });
  return parse(reply.resource.spec.yaml_spec) as string;
}

async function rebooted(name: string, bootId: string): Promise<boolean> {
  const node = env.node(name);
  return env.drive.runUntil(() => node.bootId !== bootId && node.stage() === 'running', 20 * 60_000);
}

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 3, unconfigured: 4, talosVersion: 'v1.13.9', services: [cosiStateService] });
});
afterAll(() => env.close());

describe('talosctl apply-config --mode', () => {
  it('auto (the default): a change machined applies at once answers NO_REBOOT and the node runs it', async () => {
    const data = patched('worker-1', { machine: { nodeLabels: { rack: 'r1' } } });
    const reply = await apply('worker-1', data);
    expect(reply).toEqual({ metadata: expect.anything(), mode: 'NO_REBOOT', mode_details: 'Applied configuration without a reboot', warnings: [] });
    expect(env.node('worker-1').config!.text).toBe(data.toString());
    expect(env.node('worker-1').logs.lines('machined').map((line) => line.text)).toContainEqual(expect.stringContaining('apply config request: mode auto(no_reboot)'));
  });

  it('auto with a change that needs a reboot: REBOOT with the reason, the node reboots into it; another apply meanwhile is refused', async () => {
    const bootId = env.node('worker-1').bootId;
    const data = needsReboot('worker-1');
    const reply = await apply('worker-1', data);
    expect(reply.mode).toBe('REBOOT');
    expect(reply.mode_details).toMatch(/^Applied configuration with a reboot: this config change can't be applied in immediate mode\ndiff:\n--- a\n\+\+\+ b\n[^]*\+\s+- content: hello\n/);
    // v1.13.3+: machined refuses any apply until the reboot it started has restarted it.
    expect(await failure(apply('worker-1', patched('worker-1', { machine: { nodeLabels: { rack: 'r2' } } }))))
      .toBe(`${addressOf('worker-1')}: rpc error: code = FailedPrecondition desc = configuration was already applied and node is rebooting, cannot apply more configuration changes until next reboot`);
    expect(await rebooted('worker-1', bootId)).toBe(true);
    expect(env.node('worker-1').config!.text).toBe(data.toString());
  });

  it('no-reboot: applied at once; a change that needs a reboot is refused with the reason and changes nothing', async () => {
    const data = patched('worker-2', { machine: { nodeLabels: { rack: 'r3' } } });
    expect(await apply('worker-2', data, { mode: 'NO_REBOOT' })).toMatchObject({ mode: 'NO_REBOOT', mode_details: 'Applied configuration without a reboot' });
    const before = env.node('worker-2').config!.text;
    const bootId = env.node('worker-2').bootId;
    expect(await failure(apply('worker-2', needsReboot('worker-2'), { mode: 'NO_REBOOT' })))
      .toMatch(new RegExp(`^${addressOf('worker-2').replace(/\./g, '\\.')}: rpc error: code = InvalidArgument desc = this config change can't be applied in immediate mode\ndiff:\n`));
    expect(env.node('worker-2').config!.text).toBe(before);
    expect(env.node('worker-2').bootId).toBe(bootId);
  });

  it('reboot: REBOOT "Applied configuration with a reboot" even for a live change, and the node comes back running it', async () => {
    const bootId = env.node('worker-2').bootId;
    const data = patched('worker-2', { machine: { nodeLabels: { rack: 'r4' } } });
    expect(await apply('worker-2', data, { mode: 'REBOOT' })).toMatchObject({ mode: 'REBOOT', mode_details: 'Applied configuration with a reboot', warnings: [] });
    expect(await persistentConfig('worker-2')).toBe(data.toString());
    expect(await rebooted('worker-2', bootId)).toBe(true);
    expect(env.node('worker-2').config!.text).toBe(data.toString());
  });

  it('staged: STAGED, the running config stays, `persistent` holds the staged one, the next boot runs it', async () => {
    const before = env.node('worker-3').config!.text;
    const data = needsReboot('worker-3');
    expect(await apply('worker-3', data, { mode: 'STAGED' })).toMatchObject({ mode: 'STAGED', mode_details: 'Staged configuration to be applied after the next reboot' });
    expect(env.node('worker-3').config!.text).toBe(before);
    await env.drive.advance(1_000);
    expect(await persistentConfig('worker-3')).toBe(data.toString());
    const bootId = env.node('worker-3').bootId;
    await settle(unary(machine(), 'Reboot', { mode: 'DEFAULT' }, { nodes: [addressOf('worker-3')] }));
    expect(await rebooted('worker-3', bootId)).toBe(true);
    expect(env.node('worker-3').config!.text).toBe(data.toString());
  });

  it('try --timeout 30s: runs without being persisted, then machined rolls it back after 30 s', async () => {
    const before = env.node('worker-3').config!.text;
    const data = patched('worker-3', { machine: { nodeLabels: { trial: 'yes' } } });
    const reply = await apply('worker-3', data, { mode: 'TRY', timeoutMs: 30_000 });
    expect(reply).toMatchObject({ mode: 'TRY', mode_details: "Applied configuration without a reboot\nThe config is applied in 'try' mode and will be automatically reverted back in 30s" });
    expect(env.node('worker-3').config!.text).toBe(data.toString());
    await env.drive.advance(1_000);
    expect(await persistentConfig('worker-3')).toBe(before);
    await env.drive.advance(30_000);
    expect(env.node('worker-3').config!.text).toBe(before);
    expect(env.node('worker-3').logs.lines('machined').map((line) => line.text)).toContainEqual(expect.stringContaining('rolling back the configuration'));
  });

  it('try: the default 1m0s; any apply that is not try (even a dry run) keeps the tried config; a reboot before the rollback boots the persisted one', async () => {
    const before = env.node('worker-3').config!.text;
    const tried = patched('worker-3', { machine: { nodeLabels: { trial: 'kept' } } });
    expect((await apply('worker-3', tried, { mode: 'TRY' })).mode_details).toBe("Applied configuration without a reboot\nThe config is applied in 'try' mode and will be automatically reverted back in 1m0s");
    await apply('worker-3', tried, { dryRun: true });
    await env.drive.advance(90_000);
    expect(env.node('worker-3').config!.text).toBe(tried.toString());

    // A second try, then a reboot inside its minute: STATE still holds the config before it.
    const persisted = await persistentConfig('worker-3');
    expect(persisted).toBe(before);
    await apply('worker-3', patched('worker-3', { machine: { nodeLabels: { trial: 'again' } } }), { mode: 'TRY' });
    const bootId = env.node('worker-3').bootId;
    await settle(unary(machine(), 'Reboot', { mode: 'DEFAULT' }, { nodes: [addressOf('worker-3')] }));
    expect(await rebooted('worker-3', bootId)).toBe(true);
    expect(env.node('worker-3').config!.text).toBe(persisted);
  });

  it('try with a change that needs a reboot is refused like no-reboot', async () => {
    expect(await failure(apply('worker-3', needsReboot('worker-3'), { mode: 'TRY' }))).toMatch(/: rpc error: code = InvalidArgument desc = this config change can't be applied in immediate mode\n/);
  });
});

describe('talosctl apply-config --dry-run', () => {
  it('prints the summary of the mode it would run in (no reason, no try notice), the diff, and changes nothing', async () => {
    const node = env.node('worker-1');
    const before = node.config!.text;
    const labelled = patched('worker-1', { machine: { nodeLabels: { zone: 'dry' } } });
    const auto = await apply('worker-1', labelled, { dryRun: true });
    expect(auto.mode).toBe('NO_REBOOT');
    expect(auto.warnings).toEqual([]);
    expect(auto.mode_details).toMatch(/^Dry run summary:\nApplied configuration without a reboot \(skipped in dry-run\)\.\nConfig diff:\n\n--- a\n\+\+\+ b\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
    expect(auto.mode_details.split('\n').filter((line) => /^[+-] /.test(line) || /^[+-]\s/.test(line))).toEqual(['+        zone: dry']);
    const reboot = await apply('worker-1', needsReboot('worker-1'), { dryRun: true });
    expect(reboot.mode).toBe('REBOOT');
    expect(reboot.mode_details).toMatch(/^Dry run summary:\nApplied configuration with a reboot \(skipped in dry-run\)\.\nConfig diff:\n\n--- a\n/);
    const tried = await apply('worker-1', labelled, { dryRun: true, mode: 'TRY' });
    expect(tried).toMatchObject({ mode: 'TRY', mode_details: expect.stringMatching(/^Dry run summary:\nApplied configuration without a reboot \(skipped in dry-run\)\.\nConfig diff:/) });
    const staged = await apply('worker-1', labelled, { dryRun: true, mode: 'STAGED' });
    expect(staged.mode_details).toMatch(/^Dry run summary:\nStaged configuration to be applied after the next reboot \(skipped in dry-run\)\.\n/);
    expect((await apply('worker-1', Buffer.from(before), { dryRun: true })).mode_details).toBe('Dry run summary:\nApplied configuration without a reboot (skipped in dry-run).\nConfig diff:\n\nNo changes.');
    expect(node.config!.text).toBe(before);
    expect(node.status.stagedConfig).toBeUndefined();
  });
});

describe('talosctl apply-config --insecure (maintenance mode)', () => {
  it('the reply carries grpc-status 0 in its trailers before the listener switches to mutual TLS; v1.13 answers as machined', async () => {
    const data = Buffer.from(env.cluster.configTextFor(env.cluster.planOf('new-1')!));
    // WithClientMaintenance: endpoints = the -n addresses, no client certificate, no node metadata.
    const insecure = env.client('machine.MachineService', 'new-1', { insecure: true });
    const dry = await unary(insecure, 'ApplyConfiguration', { data, mode: 'AUTO', dry_run: true, try_mode_timeout: { seconds: 60 } });
    expect(dry.messages[0].mode_details).toMatch(/^Dry run summary:\nApplied configuration without a reboot \(skipped in dry-run\)\.\nConfig diff:\n\n--- a\n\+\+\+ b\n@@ -0,0 \+1,\d+ @@\n\+version: v1alpha1\n/);
    let status: grpc.StatusObject | undefined;
    const answer = new Promise<{ error: grpc.ServiceError | null; reply: any }>((resolve) => {
      const method = (insecure as unknown as Record<string, (...args: unknown[]) => grpc.ClientUnaryCall>).ApplyConfiguration!;
      const call = method.call(insecure, { data, mode: 'AUTO', dry_run: false, try_mode_timeout: { seconds: 60 } }, new grpc.Metadata(), {}, (error: grpc.ServiceError | null, reply: unknown) => setImmediate(() => resolve({ error, reply })));
      call.on('status', (received: grpc.StatusObject) => (status = received));
    });
    const { error, reply } = await settle(answer);
    expect(error).toBeNull();
    expect(status?.code).toBe(grpc.status.OK);
    expect(reply.messages[0]).toMatchObject({ mode: 'NO_REBOOT', mode_details: 'Applied configuration without a reboot', warnings: [] });
    await env.servers.refresh();
    const refused = await unary(insecure, 'Version', {}, { deadlineMs: 3_000 }).catch((caught: grpc.ServiceError) => caught);
    expect(refused.code).toBe(grpc.status.UNAVAILABLE);
    expect(env.node('new-1').config!.text).toBe(data.toString());
  });

  it('--mode=staged: machined keeps STAGED and sets the persistent config, the node stays in maintenance; with no STATE partition to write it to, a reboot loses it', async () => {
    const data = Buffer.from(env.cluster.configTextFor(env.cluster.planOf('new-2')!));
    const insecure = env.client('machine.MachineService', 'new-2', { insecure: true });
    const reply = await settle(unary(insecure, 'ApplyConfiguration', { data, mode: 'STAGED', dry_run: false, try_mode_timeout: { seconds: 60 } }));
    expect(reply.messages[0]).toMatchObject({ mode: 'STAGED', mode_details: 'Staged configuration to be applied after the next reboot' });
    await env.drive.advance(30_000);
    const node = env.node('new-2');
    expect(node.config).toBeUndefined();
    expect(node.stage()).toBe('maintenance');
    expect(node.status.persistedConfig!.text).toBe(data.toString());
    expect(node.logs.lines('machined').map((line) => line.text)).toContainEqual(expect.stringContaining('apply config request: mode staged'));
    // `get mc persistent` shows it, but nothing is installed: no STATE partition to write it to
    // (machined's PersistenceController waits for one), so a reboot finds no config at all.
    expect(node.resources.get('config', RT.machineConfig, 'persistent')?.spec).toBe(data.toString());
    expect(node.resources.get('config', RT.machineConfig, 'v1alpha1')).toBeUndefined();
    expect(node.systemDisk()!.partitions).toEqual([]);
    const bootId = node.bootId;
    reboot(node);
    expect(await env.drive.runUntil(() => node.bootId !== bootId && node.stage() === 'maintenance' && node.apiReachable(), 10 * 60_000)).toBe(true);
    expect(node.config).toBeUndefined();
    expect(node.status.persistedConfig).toBeUndefined();
    expect(node.resources.get('config', RT.machineConfig, 'persistent')).toBeUndefined();
  });

  it('--mode=try: machined keeps TRY and runs the config without persisting it; the node leaves maintenance', async () => {
    const data = Buffer.from(env.cluster.configTextFor(env.cluster.planOf('new-3')!));
    const insecure = env.client('machine.MachineService', 'new-3', { insecure: true });
    const reply = await settle(unary(insecure, 'ApplyConfiguration', { data, mode: 'TRY', dry_run: false, try_mode_timeout: { seconds: 120 } }));
    expect(reply.messages[0]).toMatchObject({ mode: 'TRY', mode_details: "Applied configuration without a reboot\nThe config is applied in 'try' mode and will be automatically reverted back in 2m0s" });
    const node = env.node('new-3');
    expect(node.config!.text).toBe(data.toString());
    expect(node.status.persistedConfig).toBeUndefined();
    await env.drive.advance(5_000);
    expect(node.stage()).not.toBe('maintenance');
    // The install reboots the node before the try times out: nothing was persisted, so it comes back
    // in maintenance (installed now), and the rollback timer went with the old boot.
    expect(await env.drive.runUntil(() => node.stage() === 'maintenance' && node.apiReachable(), 10 * 60_000)).toBe(true);
    await env.drive.advance(130_000);
    expect(node.config).toBeUndefined();
    expect(node.logs.lines('machined').map((line) => line.text)).not.toContainEqual(expect.stringContaining('rolling back the configuration'));
  });

  it('--mode=try whose --timeout passes first: machined rolls back to no config (SetConfig(nil)); the node boots into maintenance again', async () => {
    const data = Buffer.from(env.cluster.configTextFor(env.cluster.planOf('new-4')!));
    const insecure = env.client('machine.MachineService', 'new-4', { insecure: true });
    const node = env.node('new-4');
    const reply = await settle(unary(insecure, 'ApplyConfiguration', { data, mode: 'TRY', dry_run: false, try_mode_timeout: { seconds: 2 } }));
    expect(reply.messages[0]).toMatchObject({ mode: 'TRY', mode_details: "Applied configuration without a reboot\nThe config is applied in 'try' mode and will be automatically reverted back in 2s" });
    expect(node.resources.get('config', RT.machineConfig, 'v1alpha1')?.spec).toBe(data.toString());
    await env.drive.advance(2_000);
    expect(node.logs.lines('machined').map((line) => line.text)).toContainEqual(expect.stringContaining('rolling back the configuration'));
    expect(node.config).toBeUndefined();
    expect(node.resources.get('config', RT.machineConfig, 'v1alpha1')).toBeUndefined();
    expect(await env.drive.runUntil(() => node.stage() === 'maintenance' && node.apiReachable(), 10 * 60_000)).toBe(true);
    await env.drive.advance(30_000);
    expect(node.stage()).toBe('maintenance');
    expect(node.config).toBeUndefined();
    expect(node.status.persistedConfig).toBeUndefined();
  });
});
