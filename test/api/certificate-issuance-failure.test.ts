// A node whose apid certificate cannot be issued (issue 11, item 3), with the input that showed it:
// a worker config with the cluster's Kubernetes CA moved into machine.ca. Nobody holds that CA's
// key for the Talos API (trustd serves under the cluster's machine CA), so the worker's
// APIController fails. As Talos does, the apply is answered (status 0 in the trailers), apid keeps
// serving the certificate and trust it has (the cluster's talosconfig still works, the port never
// closes), and machined logs the failure; putting the CA back lets the certificate be issued again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { startTestCluster, unary, type TestCluster } from './harness.ts';

let env: TestCluster;
beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1, seed: 'issuance-failure' });
}, 120_000);
afterAll(async () => env?.close());

function servedCertificate(target: string): Promise<X509Certificate> {
  const [host, port] = target.split(':');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(port), rejectUnauthorized: false }, () => {
      const certificate = socket.getPeerX509Certificate()!;
      socket.destroy();
      resolve(certificate);
    });
    socket.on('error', reject);
  });
}

/** The worker's config with machine.ca replaced by `crt` (base64 PEM, no key, as a worker's). */
function withMachineCa(text: string, crt: string): string {
  const documents = text.split(/^---\n/m);
  const document = parseDocument(documents[0]!);
  document.setIn(['machine', 'ca'], { crt, key: '' });
  documents[0] = document.toString();
  return documents.join('---\n');
}

describe('apid certificate that cannot be issued', () => {
  it('the apply is answered, the port keeps serving the old certificate and trust, machined logs why', async () => {
    const worker = env.node('worker-1');
    const original = worker.config!.text;
    const originalCa = parseDocument(original.split(/^---\n/m)[0]!).getIn(['machine', 'ca', 'crt']) as string;
    const kubernetesCa = parseDocument(original.split(/^---\n/m)[0]!).getIn(['cluster', 'ca', 'crt']) as string;
    const before = await servedCertificate(env.target('worker-1'));

    const reply = await env.drive.settle(
      unary(env.client('machine.MachineService', 'worker-1'), 'ApplyConfiguration', { data: Buffer.from(withMachineCa(original, kubernetesCa)), mode: 'AUTO' }),
      { maxVirtualMs: 20 * 60_000 },
    );
    expect(reply.messages[0].mode).toMatch(/REBOOT|NO_REBOOT/);
    await env.drive.runUntil(() => worker.config?.text !== original && worker.stage() === 'running', 20 * 60_000);
    await env.drive.advance(60_000);

    const after = await servedCertificate(env.target('worker-1'));
    expect(after.fingerprint256).toBe(before.fingerprint256);
    await expect(unary(env.client('machine.MachineService', 'worker-1'), 'Version', {}, { deadlineMs: 5_000 })).resolves.toHaveProperty('messages');
    const failures = worker.logs.lines('controller-runtime').filter((line) => line.text.includes('secrets.APIController'));
    expect(failures.length).toBe(1);
    expect(failures[0]!.text).toMatch(/^ERROR controller failed .*"error": "failed to sign API server CSR: .*x509: certificate signed by unknown authority/);

    await env.drive.settle(
      unary(env.client('machine.MachineService', 'worker-1'), 'ApplyConfiguration', { data: Buffer.from(withMachineCa(original, originalCa)), mode: 'AUTO' }),
      { maxVirtualMs: 20 * 60_000 },
    );
    await env.drive.runUntil(() => worker.stage() === 'running', 20 * 60_000);
    await env.drive.advance(60_000);
    await expect(unary(env.client('machine.MachineService', 'worker-1'), 'Version', {}, { deadlineMs: 5_000 })).resolves.toHaveProperty('messages');
  }, 120_000);
});
