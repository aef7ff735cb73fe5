// Time control never breaks real clients (issue 11, item 2): certificates that real TLS clients
// check are dated on the wall clock (plus a node's skew fault), not in virtual time. Checked with
// real grpc-js mutual TLS after virtual time ran far ahead of the wall clock (advance, a fast
// pacer, apid's 12 h rotations, a reboot), while the virtual calendar sits a week behind it (a
// `--warp 168h` in progress), and on what GenerateClientConfiguration and Kubeconfig hand out.
// Only the skew fault moves a certificate off the wall clock (tls-modes.test.ts).
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { gunzipSync } from 'node:zlib';
import { isRunningAndReady, startTestCluster, unary, collect, type TestCluster } from './harness.ts';
import { serviceDefinition } from '../../proto/load.ts';
import { toOpenSslPrivateKeyPem } from '../../nodes/pki/index.ts';

const HOUR_MS = 3_600_000;
/** Slack for the seconds a test takes between issuing and checking. */
const SLACK_MS = 120_000;

/** The certificate the listener serves, read with a bare TLS handshake. */
async function servedCertificate(target: string): Promise<X509Certificate> {
  const [host, port] = target.split(':');
  const socket = connect({ host, port: Number(port), rejectUnauthorized: false });
  socket.on('error', () => undefined);
  await new Promise((resolve, reject) => {
    socket.once('secureConnect', resolve);
    socket.once('error', reject);
  });
  const certificate = socket.getPeerX509Certificate()!;
  socket.destroy();
  return certificate;
}

function expectValidNow(certificate: X509Certificate): void {
  const now = Date.now();
  expect(Date.parse(certificate.validFrom)).toBeLessThanOrEqual(now);
  expect(Date.parse(certificate.validFrom)).toBeGreaterThan(now - SLACK_MS - 60_000);
  expect(Date.parse(certificate.validTo)).toBeGreaterThan(now);
}

async function version(env: TestCluster, nodeName: string) {
  return unary(env.client('machine.MachineService', nodeName), 'Version', {}, { deadlineMs: 5_000 });
}

describe('virtual time far ahead of the wall clock', () => {
  let env: TestCluster;
  beforeAll(async () => {
    env = await startTestCluster({ controlPlanes: 1, workers: 1, seed: 'wall-clock-certs' });
  }, 120_000);
  afterAll(async () => env?.close());

  it('after advancing three virtual days (six apid rotations) calls still succeed over mTLS', async () => {
    const before = await servedCertificate(env.target('cp-1'));
    for (let day = 0; day < 3; day++) await env.drive.advance(24 * HOUR_MS);
    const after = await servedCertificate(env.target('cp-1'));
    expect(after.serialNumber).not.toBe(before.serialNumber); // rotated
    expectValidNow(after);
    await expect(version(env, 'cp-1')).resolves.toHaveProperty('messages');
    await expect(version(env, 'worker-1')).resolves.toHaveProperty('messages');
  }, 60_000);

  it('at speed 1000 and after a reboot the reissued certificate is valid on the wall clock', async () => {
    env.drive.startPacer(1_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    env.drive.stopPacer();
    const node = env.node('worker-1');
    const bootId = node.bootId;
    await unary(env.client('machine.MachineService', 'worker-1'), 'Reboot', { mode: 'DEFAULT' });
    expect(await env.drive.runUntil(() => node.bootId !== bootId && isRunningAndReady(node), 10 * 60_000)).toBe(true);
    expectValidNow(await servedCertificate(env.target('worker-1')));
    await expect(version(env, 'worker-1')).resolves.toHaveProperty('messages');
  }, 60_000);

  it('GenerateClientConfiguration hands out a certificate valid now that a real client can use', async () => {
    const reply = await unary(env.client('machine.MachineService', 'cp-1'), 'GenerateClientConfiguration', { roles: ['os:reader'], crt_ttl: { seconds: '3600', nanos: 0 } });
    const [configuration] = reply.messages;
    const certificate = new X509Certificate(configuration.crt);
    expectValidNow(certificate);
    expect(Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)).toBe(HOUR_MS);
    const Client = grpc.makeGenericClientConstructor(serviceDefinition('machine.MachineService'), 'machine.MachineService');
    const credentials = grpc.credentials.createSsl(Buffer.from(configuration.ca), Buffer.from(toOpenSslPrivateKeyPem(configuration.key.toString())), Buffer.from(configuration.crt));
    const client = new Client(env.target('cp-1'), credentials);
    try {
      await expect(unary(client, 'Version', {}, { deadlineMs: 5_000 })).resolves.toHaveProperty('messages');
    } finally {
      client.close();
    }
  });

  it('Kubeconfig holds a client certificate valid now', async () => {
    const { messages } = await collect(env.client('machine.MachineService', 'cp-1'), 'Kubeconfig', {});
    const archive = gunzipSync(Buffer.concat(messages.map((message: { bytes: Buffer }) => message.bytes)));
    const data = /client-certificate-data: (\S+)/.exec(archive.toString('latin1'))![1]!;
    expectValidNow(new X509Certificate(Buffer.from(data, 'base64')));
  });
});

describe('virtual calendar a week behind the wall clock (a --warp 168h in progress)', () => {
  let env: TestCluster;
  beforeAll(async () => {
    env = await startTestCluster({ controlPlanes: 1, workers: 0, seed: 'wall-clock-warp', epochWallMs: Date.now() - 170 * HOUR_MS });
  }, 120_000);
  afterAll(async () => env?.close());

  it('the first call succeeds: the served certificate is not "expired"', async () => {
    expectValidNow(await servedCertificate(env.target('cp-1')));
    await expect(version(env, 'cp-1')).resolves.toHaveProperty('messages');
  });
});
