// One admission decision (nodes/api/admission.ts) for the real listeners and for scenario steps:
// the pure stages give Talos's texts, and for the same caller and node a scenario step's call
// (sim/scenario/client-call.ts, no sockets) is refused, denied or let in exactly when a real
// grpc-js client over TLS to the node's listener is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { TalosApiError } from '../../nodes/api-error.ts';
import { authorizeCall, callerRoles, handshakeRefusal, MAINTENANCE_CALLER_ROLES } from '../../nodes/api/admission.ts';
import { checkCall } from '../../sim/scenario/client-call.ts';
import type { CallerPlan } from '../../sim/scenario/plan.ts';
import { startTestCluster, unary, type TestCluster } from './harness.ts';

const thrown = (run: () => unknown): TalosApiError | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof TalosApiError) return error;
    throw error;
  }
};

describe('the stages', () => {
  const window = { notBeforeMs: 1_000_000, notAfterMs: 2_000_000 };

  it('TLS: what a Go client meets on each listener', () => {
    expect(handshakeRefusal('maintenance', { insecure: true, sameMachineCa: false }, window, 1_500_000)).toBeNull();
    expect(handshakeRefusal('maintenance', { insecure: false, sameMachineCa: false }, window, 1_500_000)?.message).toContain('x509: certificate signed by unknown authority');
    expect(handshakeRefusal('configured', { insecure: true, sameMachineCa: true }, window, 1_500_000)?.message).toContain('tls: certificate required');
    expect(handshakeRefusal('configured', { insecure: false, sameMachineCa: false }, window, 1_500_000)?.message).toContain('candidate authority certificate "talos"');
    expect(handshakeRefusal('configured', { insecure: false, sameMachineCa: true }, window, 1_500_000)).toBeNull();
    const early = handshakeRefusal('configured', { insecure: false, sameMachineCa: true }, window, 0);
    expect(early?.code).toBe('Unavailable');
    expect(early?.message).toBe(
      'connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 1970-01-01T00:00:00Z is before 1970-01-01T00:16:40Z"',
    );
  });

  it('roles: everyone is os:reader in maintenance; a certificate needs clientAuth; an impersonator forwards', () => {
    expect(callerRoles(true, undefined, () => [])).toBe(MAINTENANCE_CALLER_ROLES);
    expect(thrown(() => callerRoles(false, undefined, () => []))).toMatchObject({ code: 'Unauthenticated', message: 'no client certificate presented' });
    expect(thrown(() => callerRoles(false, { roles: ['os:admin'], problem: 'bad eku' }, () => []))).toMatchObject({ code: 'Unauthenticated', message: 'bad eku' });
    expect([...callerRoles(false, { roles: ['os:operator'], problem: null }, () => ['os:admin'])]).toEqual(['os:operator']);
    expect([...callerRoles(false, { roles: ['os:impersonator'], problem: null }, () => ['os:reader'])]).toEqual(['os:reader']);
  });

  it('the role table on the answering node', () => {
    const reader = new Set(['os:reader'] as const);
    expect(thrown(() => authorizeCall('/machine.MachineService/Version', reader, false))).toBeUndefined();
    expect(thrown(() => authorizeCall('/machine.MachineService/Reboot', reader, false))).toMatchObject({ code: 'PermissionDenied', message: 'not authorized' });
    expect(thrown(() => authorizeCall('/machine.MachineService/ApplyConfiguration', reader, true))).toBeUndefined();
    expect(thrown(() => authorizeCall('/machine.MachineService/ApplyConfiguration', reader, false))).toMatchObject({ code: 'PermissionDenied' });
    expect(thrown(() => authorizeCall('/machine.MachineService/GenerateClientConfiguration', reader, true))?.code).toBe('Unimplemented');
  });
});

type Verdict = 'refused' | 'denied' | 'admitted';

/** Refused in the handshake, denied by the role stage (or the maintenance refusal), or let through to a handler. */
function verdictOf(error: grpc.ServiceError | undefined): Verdict {
  if (error?.code === grpc.status.UNAVAILABLE) return 'refused';
  if (error?.code === grpc.status.PERMISSION_DENIED) return 'denied';
  if (error?.code === grpc.status.UNIMPLEMENTED && error.details.includes('maintenance mode')) return 'denied';
  return 'admitted';
}

describe('scenario steps and real clients agree', () => {
  let env: TestCluster;
  beforeAll(async () => {
    env = await startTestCluster({ controlPlanes: 1, workers: 1, unconfigured: 1 });
  });
  afterAll(() => env?.close());

  // Methods chosen so that an admitted call changes nothing: Version reads, ServiceRestart of an unknown service fails in its handler.
  const cases: Array<{ node: string; method: string; request: object; caller: CallerPlan }> = [
    { node: 'new-1', method: 'Version', request: {}, caller: { insecure: true } },
    { node: 'new-1', method: 'ServiceRestart', request: { id: 'nope' }, caller: { insecure: true } },
    { node: 'new-1', method: 'GenerateClientConfiguration', request: { roles: ['os:admin'] }, caller: { insecure: true } },
    { node: 'new-1', method: 'Version', request: {}, caller: {} },
    { node: 'cp-1', method: 'Version', request: {}, caller: { insecure: true } },
    { node: 'cp-1', method: 'Version', request: {}, caller: {} },
    { node: 'worker-1', method: 'Version', request: {}, caller: { roles: ['os:reader'] } },
    { node: 'worker-1', method: 'ServiceRestart', request: { id: 'nope' }, caller: { roles: ['os:reader'] } },
    { node: 'worker-1', method: 'ServiceRestart', request: { id: 'nope' }, caller: { roles: ['os:operator'] } },
    { node: 'cp-1', method: 'EtcdMemberList', request: {}, caller: { roles: ['os:etcd:backup'] } },
    { node: 'cp-1', method: 'EtcdMemberList', request: {}, caller: { roles: ['os:image:verifier'] } },
    { node: 'worker-1', method: 'ApplyConfiguration', request: { data: Buffer.from('machine: [unclosed'), mode: 'AUTO' }, caller: { roles: ['os:reader'] } },
  ];

  it.each(cases)('$node $method as $caller', async ({ node, method, request, caller }) => {
    const scenario = thrown(() => checkCall(env.cluster, env.node(node), method, caller));
    const scenarioVerdict: Verdict = scenario === undefined ? 'admitted' : scenario.code === 'Unavailable' ? 'refused' : 'denied';
    const client = env.client('machine.MachineService', node, { insecure: caller.insecure, roles: caller.roles });
    const real = await unary(client, method, request, { deadlineMs: 5_000 }).then(
      () => undefined,
      (error: grpc.ServiceError) => error,
    );
    expect(scenarioVerdict).toBe(verdictOf(real));
    if (scenarioVerdict === 'denied') expect(scenario?.message).toBe(real?.details);
  });
});
