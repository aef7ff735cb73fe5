// Every role x every method of the Talos services over real mutual TLS: a call is refused with
// PermissionDenied `not authorized` exactly when the role table says so, before any handler runs.
// Callers are client certificates from the machine CA with one role each (plus none, and an
// unknown role). The target is a worker, and each request is built to fail harmlessly after
// authorization where the method would change the node; virtual time does not move, so a
// Reboot or Shutdown that gets through starts nothing that runs. Then the same for a node in
// maintenance mode, where every caller is os:reader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { collect, startTestCluster, unary, type TestCluster } from './harness.ts';
import { serviceDefinition, type TalosServiceName } from '../../proto/load.ts';
import { ROLES, type Role } from '../../nodes/vocabulary.ts';
import { ROLE_RULES, isAuthorized } from '../../nodes/api/role-table.ts';
import type { ServiceImplementation } from '../../nodes/api/api-contract.ts';

const SERVICES: TalosServiceName[] = ['machine.MachineService', 'storage.StorageService', 'time.TimeService', 'cluster.ClusterService', 'inspect.InspectService', 'cosi.resource.State'];

/** COSI State without handlers (its real service is tested with it): enforcement alone is under test here. */
const stateWithoutHandlers: ServiceImplementation = { service: 'cosi.resource.State', unary: {}, streams: {} };

/** Requests that fail after authorization instead of changing the node. */
const HARMLESS: Record<string, object> = {
  ApplyConfiguration: { data: Buffer.from('machine: [unclosed'), mode: 'AUTO' },
  Reset: { user_disks_to_wipe: ['/dev/nope'] },
  Upgrade: { image: '' },
  ServiceStart: { id: 'nope' },
  ServiceStop: { id: 'nope' },
  ServiceRestart: { id: 'nope' },
  Logs: { namespace: 'system', id: 'machined', tail_lines: 1 },
  Read: { path: '/etc/hosts' },
  List: { root: '/etc' },
  EtcdRemoveMemberByID: { member_id: '1' },
  GenerateClientConfiguration: { roles: ['os:reader'], crt_ttl: { seconds: 0 } },
};

interface MethodUnderTest {
  service: TalosServiceName;
  method: string;
  path: string;
  kind: 'unary' | 'server-stream' | 'client-stream';
}

const methods: MethodUnderTest[] = SERVICES.flatMap((service) =>
  Object.entries(serviceDefinition(service)).map(([method, definition]) => ({
    service,
    method,
    path: definition.path,
    kind: definition.requestStream ? 'client-stream' : definition.responseStream ? 'server-stream' : 'unary',
  })),
);

type Outcome = 'denied' | 'allowed';

function outcomeOf(error: grpc.ServiceError | undefined): Outcome {
  return error?.code === grpc.status.PERMISSION_DENIED && error.details === 'not authorized' ? 'denied' : 'allowed';
}

function clientStreamCall(client: grpc.Client, method: string): Promise<grpc.ServiceError | undefined> {
  const call = (client as unknown as Record<string, (metadata: grpc.Metadata, callback: (error: grpc.ServiceError | null) => void) => grpc.ClientWritableStream<unknown>>)[method]!;
  return new Promise((resolve) => call.call(client, new grpc.Metadata(), (error) => resolve(error ?? undefined)).end());
}

async function callOnce(clients: Map<TalosServiceName, grpc.Client>, target: MethodUnderTest): Promise<{ error?: grpc.ServiceError }> {
  const client = clients.get(target.service)!;
  const request = HARMLESS[target.method] ?? {};
  if (target.kind === 'client-stream') return { error: await clientStreamCall(client, target.method) };
  if (target.kind === 'server-stream') return collect(client, target.method, request, { until: (messages) => messages.length >= 1 });
  return unary(client, target.method, request).then(
    () => ({}),
    (error: grpc.ServiceError) => ({ error }),
  );
}

async function matrixFor(env: TestCluster, node: string, options: { roles?: string[]; insecure?: boolean }): Promise<Record<string, Outcome>> {
  const clients = new Map(SERVICES.map((service) => [service, env.client(service, node, options)] as const));
  const results = await Promise.all(methods.map(async (target) => [target.path, outcomeOf((await callOnce(clients, target)).error)] as const));
  return Object.fromEntries(results);
}

let env: TestCluster;

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1, unconfigured: 1, services: [stateWithoutHandlers] });
});
afterAll(() => env.close());

describe('the role table as data', () => {
  it('names only methods that exist, in `/<package>.<Service>/<Method>` form', () => {
    for (const path of Object.keys(ROLE_RULES)) expect(path).toMatch(/^\/[a-z.]+\.[A-Z]\w+\/[A-Z]\w+$/);
    const served = new Set(methods.map((target) => target.path));
    const unknown = Object.keys(ROLE_RULES).filter((path) => SERVICES.some((service) => path.startsWith(`/${service}/`)) && !served.has(path));
    expect(unknown).toEqual([]);
  });

  it('grants what Talos grants (spot checks from the facts)', () => {
    const may = (path: string, role: Role) => isAuthorized(path, new Set([role]), false);
    expect(may('/machine.MachineService/Read', 'os:operator')).toBe(false);
    expect(may('/machine.MachineService/Reboot', 'os:operator')).toBe(true);
    expect(may('/machine.MachineService/Reboot', 'os:reader')).toBe(false);
    expect(may('/machine.MachineService/EtcdSnapshot', 'os:etcd:backup')).toBe(true);
    expect(may('/machine.MachineService/EtcdSnapshot', 'os:reader')).toBe(false);
    expect(may('/machine.MachineService/MetaWrite', 'os:meta:writer')).toBe(true);
    expect(may('/machine.MachineService/ApplyConfiguration', 'os:reader')).toBe(false);
    expect(isAuthorized('/machine.MachineService/ApplyConfiguration', new Set(['os:reader']), true)).toBe(true);
    expect(may('/machine.MachineService/SomethingNew', 'os:operator')).toBe(false);
    expect(may('/machine.MachineService/SomethingNew', 'os:admin')).toBe(true);
  });
});

describe('every role x every method on a configured node', () => {
  const roleSets: string[][] = [...ROLES.map((role) => [role]), [], ['team:ops']];

  it.each(roleSets.map((roles) => [roles.join(',') || '(no role)', roles] as const))('%s', async (_label, roles) => {
    const actual = await matrixFor(env, 'worker-1', { roles });
    const known = new Set(roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)));
    const expected = Object.fromEntries(methods.map((target) => [target.path, isAuthorized(target.path, known, false) ? 'allowed' : 'denied']));
    expect(actual).toEqual(expected);
  });
});

describe('every method on a node in maintenance mode (every caller os:reader)', () => {
  it('matches the table with maintenance rules; GenerateClientConfiguration answers its maintenance text', async () => {
    const actual = await matrixFor(env, 'new-1', { insecure: true });
    const reader = new Set<Role>(['os:reader']);
    const expected = Object.fromEntries(
      methods.map((target) => [target.path, target.method === 'GenerateClientConfiguration' || isAuthorized(target.path, reader, true) ? 'allowed' : 'denied']),
    );
    expect(actual).toEqual(expected);
    expect(actual['/machine.MachineService/ApplyConfiguration']).toBe('allowed');
    expect(actual['/machine.MachineService/Reboot']).toBe('denied');
  });
});
