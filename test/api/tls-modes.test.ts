// The TLS a real client meets at each node: a node without config serves TLS without client
// certificates (maintenance certificate, every caller os:reader, routing off); once a config is
// applied the same address demands a client certificate from the machine CA, so `--insecure`
// fails in the handshake and the talosconfig works. A talosconfig from another `gen config`, a
// client certificate whose EKU is not exactly clientAuth, and a node whose clock is two days off
// all fail as they would against Talos.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { isRunningAndReady, startTestCluster, unary, type TestCluster } from './harness.ts';
import { RandomTree } from '../../sim/kernel/random-tree.ts';
import { generateConfig, generateSecretsBundle } from '../../nodes/pki/index.ts';

const DAY_MS = 24 * 3_600_000;

let env: TestCluster;

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1, unconfigured: 1 });
});
afterAll(() => env.close());

const insecureMachine = () => env.client('machine.MachineService', 'new-1', { insecure: true });

describe('maintenance mode (new-1 booted without config)', () => {
  it('answers reader methods to a client without a certificate', async () => {
    const [version] = (await unary(insecureMachine(), 'Version')).messages;
    expect(version.version.tag).toBe('v1.13.0');
    expect(version.features).toBeNull();
    const services = (await unary(insecureMachine(), 'ServiceList')).messages[0].services;
    expect(services.map((service: { id: string }) => service.id)).toContain('apid');
  });

  it('treats every caller as os:reader and refuses GenerateClientConfiguration with the maintenance text', async () => {
    await expect(unary(insecureMachine(), 'Reboot', {})).rejects.toMatchObject({ code: grpc.status.PERMISSION_DENIED, details: 'not authorized' });
    await expect(unary(insecureMachine(), 'Reset', {})).rejects.toMatchObject({ details: 'not authorized' });
    await expect(unary(insecureMachine(), 'GenerateClientConfiguration', { roles: ['os:admin'], crt_ttl: { seconds: 60 } })).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
      details: "client configuration (talosconfig) can't be generated in the maintenance mode",
    });
  });

  it('does not route: `node` metadata is answered locally', async () => {
    const [reply] = (await unary(insecureMachine(), 'Hostname', {}, { node: 'cp-1' })).messages;
    expect(reply.hostname).toBe(env.node('new-1').hostname());
  });

  it('refuses the talosconfig client: the maintenance certificate is not from the machine CA', async () => {
    const error = await unary(env.client('machine.MachineService', 'new-1'), 'Version', {}, { deadlineMs: 3_000 }).catch((caught) => caught);
    expect(error.code).toBe(grpc.status.UNAVAILABLE);
    expect(error.details).toMatch(/certificate/i);
  });

  it('dry-run apply (v1.13: machined answers in maintenance too): the whole config as added lines', async () => {
    const data = Buffer.from(env.cluster.configTextFor(env.cluster.planOf('new-1')!));
    const [reply] = (await unary(insecureMachine(), 'ApplyConfiguration', { data, mode: 'AUTO', dry_run: true })).messages;
    expect(reply.mode).toBe('NO_REBOOT');
    expect(reply.mode_details).toMatch(/^Dry run summary:\nApplied configuration without a reboot \(skipped in dry-run\)\.\nConfig diff:\n\n--- a\n\+\+\+ b\n@@ -0,0 \+1,\d+ @@\n\+version: v1alpha1\n/);
    expect(env.node('new-1').config).toBeUndefined();
  });
});

describe('applying a config to a maintenance node', () => {
  it('switches the listener to mutual TLS: --insecure fails in the handshake, talosconfig works', async () => {
    const data = Buffer.from(env.cluster.configTextFor(env.cluster.planOf('new-1')!));
    const [reply] = (await env.drive.settle(unary(insecureMachine(), 'ApplyConfiguration', { data, mode: 'AUTO' }))).messages;
    expect(reply).toMatchObject({ mode: 'NO_REBOOT', mode_details: 'Applied configuration without a reboot', warnings: [] });
    await env.servers.refresh();
    const refused = await unary(insecureMachine(), 'Version', {}, { deadlineMs: 3_000 }).catch((caught) => caught);
    expect(refused.code).toBe(grpc.status.UNAVAILABLE);
    const [version] = (await unary(env.client('machine.MachineService', 'new-1'), 'Version')).messages;
    expect(version.features).toEqual({ rbac: true });
  });

  it('after install and reboot the node serves the talosconfig client as a configured node', async () => {
    const node = env.node('new-1');
    expect(await env.drive.runUntil(() => node.installed && isRunningAndReady(node), 20 * 60_000)).toBe(true);
    const [hostname] = (await unary(env.client('machine.MachineService', 'new-1'), 'Hostname')).messages;
    expect(hostname.hostname).toBe('new-1');
  });
});

describe('client identities apid refuses', () => {
  it('a talosconfig from another `gen config` fails with a certificate error', async () => {
    const tree = new RandomTree('another-cluster');
    const now = new Date(Date.now() - 3_600_000);
    const bundle = generateSecretsBundle(tree.stream('secrets'), now);
    const other = generateConfig({ bundle, clusterName: 'other', endpoint: 'https://10.9.0.2:6443', talosVersion: 'v1.13.0', stream: tree.stream('admin'), now });
    const error = await unary(env.client('machine.MachineService', 'cp-1', { talosconfig: other.talosconfig }), 'Version', {}, { deadlineMs: 3_000 }).catch((caught) => caught);
    expect(error.code).toBe(grpc.status.UNAVAILABLE);
    expect(error.details).toMatch(/certificate/i);
  });

  it('a certificate with serverAuth besides clientAuth passes TLS but not apid EKU check', async () => {
    const client = env.client('machine.MachineService', 'cp-1', { roles: ['os:admin'], extendedKeyUsage: ['serverAuth', 'clientAuth'] });
    await expect(unary(client, 'Version')).rejects.toMatchObject({
      code: grpc.status.UNAUTHENTICATED,
      details: 'certificate "O=os:admin" is missing the client auth extended key usage',
    });
  });
});

describe('a node whose clock is off', () => {
  afterAll(async () => {
    env.node('worker-1').faults.clockSkewMs = 0;
    await env.servers.refresh();
  });

  it('two days behind: its freshly issued certificate has already expired for real clients', async () => {
    env.node('worker-1').faults.clockSkewMs = -2 * DAY_MS;
    await env.servers.refresh();
    const error = await unary(env.client('machine.MachineService', 'worker-1'), 'Version', {}, { deadlineMs: 3_000 }).catch((caught) => caught);
    expect(error.code).toBe(grpc.status.UNAVAILABLE);
    expect(error.details).toMatch(/certificate has expired/);
  });

  it('two days ahead: not yet valid', async () => {
    env.node('worker-1').faults.clockSkewMs = 2 * DAY_MS;
    await env.servers.refresh();
    const error = await unary(env.client('machine.MachineService', 'worker-1'), 'Version', {}, { deadlineMs: 3_000 }).catch((caught) => caught);
    expect(error.details).toMatch(/certificate is not yet valid/);
  });

  it('back in sync: the reissued certificate works again', async () => {
    env.node('worker-1').faults.clockSkewMs = 0;
    await env.servers.refresh();
    await expect(unary(env.client('machine.MachineService', 'worker-1'), 'Version')).resolves.toHaveProperty('messages');
  });
});
