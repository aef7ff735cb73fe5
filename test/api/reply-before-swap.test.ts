// A reply always reaches its caller with its grpc-status before the listener's credentials change:
// the apply that takes a node out of maintenance mode (TLS without client certificates -> mutual
// TLS) and an apply that changes a configured node's certificate (new certSANs) both change the
// listener they were answered on. A real grpc-js client must see the reply and `grpc-status: 0`
// in the trailers (grpc-js reports a missing status as INTERNAL "Call ended without gRPC status"),
// also when the whole consequence (install, reboot, listener closed) happens in the same
// synchronous stretch of virtual time as the reply (a warp or `talsim time advance`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { startTestCluster, type TestCluster } from './harness.ts';
import { applyPatches } from '../../sim/cluster/cluster.ts';

let env: TestCluster;

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1, unconfigured: 2 });
});
afterAll(() => env.close());

interface Answer {
  error: grpc.ServiceError | null;
  reply: { messages: Array<{ mode: string }> } | undefined;
  status: grpc.StatusObject | undefined;
}

/** ApplyConfiguration as talosctl sends it, keeping the status the client saw in the trailers. */
function apply(client: grpc.Client, data: Buffer, mode = 'AUTO'): { answer: Promise<Answer>; arrived: Promise<void> } {
  let status: grpc.StatusObject | undefined;
  const method = (client as unknown as Record<string, (...args: unknown[]) => grpc.ClientUnaryCall>).ApplyConfiguration!;
  let sent!: () => void;
  const arrived = new Promise<void>((resolve) => (sent = resolve));
  const answer = new Promise<Answer>((resolve) => {
    const call = method.call(client, { data, mode }, new grpc.Metadata(), {}, (error: grpc.ServiceError | null, reply: Answer['reply']) => {
      setImmediate(() => resolve({ error, reply, status }));
    });
    call.on('status', (received: grpc.StatusObject) => (status = received));
    call.on('metadata', () => undefined);
    setTimeout(sent, 150);
  });
  return { answer, arrived };
}

function peerCertificate(target: string): Promise<X509Certificate> {
  const [host, port] = target.split(':');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(port), rejectUnauthorized: false, ALPNProtocols: ['h2'] }, () => {
      const raw = socket.getPeerCertificate().raw;
      socket.end();
      resolve(new X509Certificate(raw));
    });
    socket.on('error', reject);
  });
}

describe('the reply of a call that changes its own listener', () => {
  it('maintenance apply-config --insecure: the reply and grpc-status 0 arrive, then the listener demands client certificates', async () => {
    const data = Buffer.from(env.cluster.configTextFor(env.cluster.planOf('new-1')!));
    const insecure = env.client('machine.MachineService', 'new-1', { insecure: true });
    const call = apply(insecure, data);
    const answer = await env.drive.settle(call.answer);
    expect(answer.error).toBeNull();
    expect(answer.status?.code).toBe(grpc.status.OK);
    expect(answer.reply?.messages[0]?.mode).toBe('NO_REBOOT');
    await env.servers.refresh();
    expect((await peerCertificate(env.target('new-1'))).subject).not.toContain('maintenance-service.talos.dev');
  });

  it('maintenance apply whose install and reboot happen in the same stretch of virtual time still answers OK', async () => {
    const node = env.node('new-2');
    const data = Buffer.from(env.cluster.configTextFor(env.cluster.planOf('new-2')!));
    const insecure = env.client('machine.MachineService', 'new-2', { insecure: true });
    const call = apply(insecure, data);
    await call.arrived;
    // The whole consequence in one synchronous run: persisted, installed, rebooting, apid gone.
    const bootId = node.bootId;
    env.kernel.runUntilCondition(() => node.bootId !== bootId, { maxTimeMs: env.kernel.now + 20 * 60_000 });
    expect(node.apiReachable()).toBe(false);
    const answer = await call.answer;
    expect(answer.error).toBeNull();
    expect(answer.status?.code).toBe(grpc.status.OK);
    expect(answer.reply?.messages[0]?.mode).toBe('NO_REBOOT');
  });

  it('an mTLS apply that changes the node certificate (certSANs) answers with grpc-status 0 before the new certificate is served', async () => {
    const node = env.node('worker-1');
    const data = Buffer.from(applyPatches(node.config!.text, [{ machine: { certSANs: ['worker-1.talsim.test'] } }]));
    const before = await peerCertificate(env.target('worker-1'));
    expect(before.subjectAltName).not.toContain('worker-1.talsim.test');
    const call = apply(env.client('machine.MachineService', 'worker-1'), data, 'NO_REBOOT');
    const answer = await env.drive.settle(call.answer);
    expect(answer.error).toBeNull();
    expect(answer.status?.code).toBe(grpc.status.OK);
    await env.servers.refresh();
    expect((await peerCertificate(env.target('worker-1'))).subjectAltName).toContain('DNS:worker-1.talsim.test');
  });

  it('apply --mode=reboot whose reboot closes the listener in the same stretch of virtual time answers REBOOT with grpc-status 0', async () => {
    const node = env.node('worker-1');
    const data = Buffer.from(applyPatches(node.config!.text, [{ machine: { nodeLabels: { rack: 'r7' } } }]));
    const call = apply(env.client('machine.MachineService', 'worker-1'), data, 'REBOOT');
    await call.arrived;
    const bootId = node.bootId;
    env.kernel.runUntilCondition(() => node.bootId !== bootId, { maxTimeMs: env.kernel.now + 10 * 60_000 });
    expect(node.apiReachable()).toBe(false);
    const answer = await call.answer;
    expect(answer.error).toBeNull();
    expect(answer.status?.code).toBe(grpc.status.OK);
    expect(answer.reply?.messages[0]?.mode).toBe('REBOOT');
  });
});
