// A node whose apid certificate cannot be issued (issue 11, item 3), with the input that showed it:
// a worker config with the cluster's Kubernetes CA moved into machine.ca. Nobody holds that CA's
// key for the Talos API (trustd serves under the cluster's machine CA), so the worker's
// APIController fails. As Talos does, the apply is answered (status 0 in the trailers), apid keeps
// serving the certificate and trust it has (the cluster's talosconfig still works, the port never
// closes), and machined logs the failure. The failure is also readable: a Diagnostics resource
// (`talosctl get diagnostics`, over COSI here) and `talsim status` (table and JSON) name it and
// why; putting the CA back lets the certificate be issued again and the diagnostic goes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { collect, startTestCluster, unary, type TestCluster } from './harness.ts';
import { cosiStateService } from '../../nodes/api/cosi-state-service.ts';
import { decodeMessage } from '../../proto/load.ts';
import type { ListResponse__Output } from '../../proto/gen/cosi/resource/ListResponse.ts';
import { summariseCluster } from '../../sim/live/control-status.ts';
import { statusText } from '../../sim/cli/time-command.ts';

let env: TestCluster;
beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1, seed: 'issuance-failure', services: [cosiStateService] });
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

/** What `talosctl get diagnostics -n <node>` lists: id, message and details of each Diagnostics resource. */
async function diagnostics(node: string): Promise<Array<{ id: string; message: string; details: string[] }>> {
  const state = env.client('cosi.resource.State', node);
  const listed = await collect<ListResponse__Output>(state, 'List', { namespace: 'runtime', type: 'Diagnostics.runtime.talos.dev' });
  expect(listed.error).toBeUndefined();
  return listed.messages.map((message) => ({
    id: message.resource!.metadata!.id,
    ...decodeMessage<{ message: string; details: string[] }>('talos.resource.definitions.runtime.DiagnosticSpec', message.resource!.spec!.proto_spec),
  }));
}

/** `talsim status` of the test cluster, as the control service would answer it. */
function status(): { table: string; json: { nodes: Array<{ name: string; diagnostics?: string[] }> } } {
  const summary = summariseCluster(env.cluster, { virtualMs: env.kernel.now, speed: 1, paused: true });
  const reply = {
    virtual_ms: String(summary.virtualMs),
    speed: summary.speed,
    paused: summary.paused,
    nodes: summary.nodes.map((node) => ({ name: node.name, role: node.role, address: node.address, stage: node.stage, ready: node.ready, apply_state: node.applyState, apply_reason: node.applyReason, diagnostics: node.diagnostics })),
  };
  return { table: statusText(reply as never, false), json: JSON.parse(statusText(reply as never, true)) };
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
    const reported = await diagnostics('worker-1');
    expect(reported.map((diagnostic) => diagnostic.id)).toEqual(['apid-certificate']);
    expect(reported[0]!.message).toBe('apid certificate cannot be issued; apid keeps serving the certificate it has');
    expect(reported[0]!.details[0]).toMatch(/^error: failed to sign API server CSR: .*x509: certificate signed by unknown authority/);
    expect(await diagnostics('cp-1')).toEqual([]);
    const failing = status();
    expect(failing.table).toMatch(/^worker-1 diagnostic apid-certificate: apid certificate cannot be issued; .*: error: failed to sign API server CSR: /m);
    expect(failing.json.nodes.find((node) => node.name === 'worker-1')!.diagnostics).toHaveLength(1);
    expect(failing.json.nodes.find((node) => node.name === 'cp-1')!.diagnostics).toBeUndefined();

    await env.drive.settle(
      unary(env.client('machine.MachineService', 'worker-1'), 'ApplyConfiguration', { data: Buffer.from(withMachineCa(original, originalCa)), mode: 'AUTO' }),
      { maxVirtualMs: 20 * 60_000 },
    );
    await env.drive.runUntil(() => worker.stage() === 'running', 20 * 60_000);
    await env.drive.advance(60_000);
    await expect(unary(env.client('machine.MachineService', 'worker-1'), 'Version', {}, { deadlineMs: 5_000 })).resolves.toHaveProperty('messages');
    expect(await diagnostics('worker-1')).toEqual([]);
    expect(status().table).not.toContain('diagnostic');
  }, 120_000);
});
