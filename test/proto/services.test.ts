// Every gRPC service talsim must serve exists under Talos' full name, with Talos' method names,
// request/response types and streaming flags, and the package definition really serves over grpc-js.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { loadTalosProtos, serviceDefinition, TALOS_SERVICE_NAMES, type TalosServiceName } from '../../proto/load.ts';
import type { ProtoGrpcType as MachineProtoGrpcType } from '../../proto/gen/machine.ts';
import type { MachineServiceClient, MachineServiceHandlers } from '../../proto/gen/machine/MachineService.ts';
import type { Event__Output } from '../../proto/gen/machine/Event.ts';

type Shape = 'unary' | 'server-stream' | 'client-stream' | 'bidi';

/** method -> [request type, response type, shape], as Talos v1.13 declares them. */
type ExpectedMethods = Record<string, [string, string, Shape]>;

const EMPTY = 'google.protobuf.Empty';
const DATA = 'common.Data';

function unaryFromEmpty(...methods: string[]): ExpectedMethods {
  return Object.fromEntries(methods.map((m) => [m, [EMPTY, `machine.${m}Response`, 'unary']]));
}

function unaryWithRequest(...methods: string[]): ExpectedMethods {
  return Object.fromEntries(methods.map((m) => [m, [`machine.${m}Request`, `machine.${m}Response`, 'unary']]));
}

const MACHINE_SERVICE: ExpectedMethods = {
  ...unaryFromEmpty(
    'CPUFreqStats', 'CPUInfo', 'DiskStats', 'EtcdAlarmList', 'EtcdAlarmDisarm', 'EtcdDefragment', 'EtcdStatus',
    'EtcdDowngradeCancel', 'Hostname', 'LoadAvg', 'LogsContainers', 'Memory', 'Mounts', 'NetworkDeviceStats',
    'Processes', 'ServiceList', 'SystemStat', 'Version',
  ),
  ...unaryWithRequest(
    'ApplyConfiguration', 'Bootstrap', 'Containers', 'EtcdMemberList', 'EtcdRemoveMemberByID', 'EtcdLeaveCluster',
    'EtcdForfeitLeadership', 'EtcdDowngradeValidate', 'EtcdDowngradeEnable', 'Reboot', 'Restart', 'Rollback', 'Reset',
    'ServiceStart', 'ServiceStop', 'ServiceRestart', 'Shutdown', 'Stats', 'Upgrade', 'GenerateClientConfiguration',
    'Netstat', 'MetaWrite', 'MetaDelete', 'ImagePull',
  ),
  Copy: ['machine.CopyRequest', DATA, 'server-stream'],
  Dmesg: ['machine.DmesgRequest', DATA, 'server-stream'],
  EtcdSnapshot: ['machine.EtcdSnapshotRequest', DATA, 'server-stream'],
  Kubeconfig: [EMPTY, DATA, 'server-stream'],
  Logs: ['machine.LogsRequest', DATA, 'server-stream'],
  Read: ['machine.ReadRequest', DATA, 'server-stream'],
  PacketCapture: ['machine.PacketCaptureRequest', DATA, 'server-stream'],
  Events: ['machine.EventsRequest', 'machine.Event', 'server-stream'],
  List: ['machine.ListRequest', 'machine.FileInfo', 'server-stream'],
  DiskUsage: ['machine.DiskUsageRequest', 'machine.DiskUsageInfo', 'server-stream'],
  ImageList: ['machine.ImageListRequest', 'machine.ImageListResponse', 'server-stream'],
  EtcdRecover: [DATA, 'machine.EtcdRecoverResponse', 'client-stream'],
};

const EXPECTED: Record<TalosServiceName, ExpectedMethods> = {
  'machine.MachineService': MACHINE_SERVICE,
  'machine.ImageService': {
    List: ['machine.ImageServiceListRequest', 'machine.ImageServiceListResponse', 'server-stream'],
    Pull: ['machine.ImageServicePullRequest', 'machine.ImageServicePullResponse', 'server-stream'],
    Import: ['machine.ImageServiceImportRequest', 'machine.ImageServiceImportResponse', 'client-stream'],
    Remove: ['machine.ImageServiceRemoveRequest', 'google.protobuf.Empty', 'unary'],
    Verify: ['machine.ImageServiceVerifyRequest', 'machine.ImageServiceVerifyResponse', 'unary'],
  },
  'machine.LifecycleService': {
    Install: ['machine.LifecycleServiceInstallRequest', 'machine.LifecycleServiceInstallResponse', 'server-stream'],
    Upgrade: ['machine.LifecycleServiceUpgradeRequest', 'machine.LifecycleServiceUpgradeResponse', 'server-stream'],
  },
  'storage.StorageService': {
    Disks: [EMPTY, 'storage.DisksResponse', 'unary'],
    BlockDeviceWipe: ['storage.BlockDeviceWipeRequest', 'storage.BlockDeviceWipeResponse', 'unary'],
  },
  'time.TimeService': {
    Time: [EMPTY, 'time.TimeResponse', 'unary'],
    TimeCheck: ['time.TimeRequest', 'time.TimeResponse', 'unary'],
  },
  'cluster.ClusterService': {
    HealthCheck: ['cluster.HealthCheckRequest', 'cluster.HealthCheckProgress', 'server-stream'],
  },
  'inspect.InspectService': {
    ControllerRuntimeDependencies: [EMPTY, 'inspect.ControllerRuntimeDependenciesResponse', 'unary'],
  },
  'cosi.resource.State': {
    Get: ['cosi.resource.GetRequest', 'cosi.resource.GetResponse', 'unary'],
    List: ['cosi.resource.ListRequest', 'cosi.resource.ListResponse', 'server-stream'],
    Create: ['cosi.resource.CreateRequest', 'cosi.resource.CreateResponse', 'unary'],
    Update: ['cosi.resource.UpdateRequest', 'cosi.resource.UpdateResponse', 'unary'],
    Destroy: ['cosi.resource.DestroyRequest', 'cosi.resource.DestroyResponse', 'unary'],
    Watch: ['cosi.resource.WatchRequest', 'cosi.resource.WatchResponse', 'server-stream'],
    Teardown: ['cosi.resource.TeardownRequest', 'cosi.resource.TeardownResponse', 'unary'],
    TeardownAndDestroy: ['cosi.resource.TeardownAndDestroyRequest', 'cosi.resource.TeardownAndDestroyResponse', 'unary'],
  },
  'talsim.control.v1.ControlService': Object.fromEntries(
    ['FaultInject', 'FaultHeal', 'FaultList', 'TimeControl', 'Status'].map((m) => [
      m,
      [`talsim.control.v1.${m}Request`, `talsim.control.v1.${m}Response`, 'unary'],
    ]),
  ),
  // siderolabs/kms-client's API, which Talos's kms volume keys call (talsim up serves it for a declared KMS).
  'sidero.kms.KMSService': {
    Seal: ['sidero.kms.Request', 'sidero.kms.Response', 'unary'],
    Unseal: ['sidero.kms.Request', 'sidero.kms.Response', 'unary'],
  },
};

function shapeOf(requestStream: boolean, responseStream: boolean): Shape {
  if (requestStream && responseStream) return 'bidi';
  if (requestStream) return 'client-stream';
  return responseStream ? 'server-stream' : 'unary';
}

describe('service shapes', () => {
  it('knows exactly the services we serve', () => {
    expect([...TALOS_SERVICE_NAMES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const serviceName of TALOS_SERVICE_NAMES) {
    it(`${serviceName} has Talos' methods, types and streaming flags`, () => {
      const definition = serviceDefinition(serviceName);
      const actual: ExpectedMethods = {};
      const service = loadTalosProtos().root.lookupService(serviceName);
      for (const [name, method] of Object.entries(definition)) {
        expect(method.path).toBe(`/${serviceName}/${name}`);
        const protoMethod = service.methods[name]!;
        protoMethod.resolve();
        actual[name] = [
          protoMethod.resolvedRequestType!.fullName.slice(1),
          protoMethod.resolvedResponseType!.fullName.slice(1),
          shapeOf(method.requestStream, method.responseStream),
        ];
      }
      expect(actual).toEqual(EXPECTED[serviceName]);
    });
  }

  it('MachineService has no Disks RPC and no GenerateConfiguration (removed in v1.13)', () => {
    const definition = serviceDefinition('machine.MachineService');
    expect(Object.keys(definition)).not.toContain('Disks');
    expect(Object.keys(definition)).not.toContain('GenerateConfiguration');
  });
});

describe('the package definition serves over grpc-js', () => {
  const server = new grpc.Server();
  let client: MachineServiceClient;

  beforeAll(async () => {
    const handlers: Pick<MachineServiceHandlers, 'Version' | 'Events'> = {
      Version: (_call, callback) => {
        callback(null, { messages: [{ version: { tag: 'v1.13.0', os: 'linux', arch: 'amd64' }, features: { rbac: true } }] });
      },
      Events: (call) => {
        call.write({ id: 'hello' });
        call.write({ id: 'second', data: { type_url: 'talos/runtime/machine.TaskEvent', value: Buffer.from([0x0a, 0x01, 0x74]) } });
        call.end();
      },
    };
    server.addService(serviceDefinition('machine.MachineService'), handlers);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, boundPort) =>
        error ? reject(error) : resolve(boundPort),
      ),
    );
    const loaded = grpc.loadPackageDefinition(loadTalosProtos().packageDefinition) as unknown as MachineProtoGrpcType;
    client = new loaded.machine.MachineService(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  afterAll(() => {
    client.close();
    server.forceShutdown();
  });

  it('answers a unary call with snake_case fields and filled defaults', async () => {
    const response = await new Promise((resolve, reject) =>
      client.Version({}, (error, value) => (error ? reject(error) : resolve(value))),
    );
    expect(response).toEqual({
      messages: [
        {
          metadata: null,
          version: { tag: 'v1.13.0', sha: '', built: '', go_version: '', os: 'linux', arch: 'amd64' },
          platform: null,
          features: { rbac: true },
        },
      ],
    });
  });

  it('streams events', async () => {
    const events: Event__Output[] = [];
    await new Promise<void>((resolve, reject) => {
      const stream = client.Events({ tail_events: -1 });
      stream.on('data', (event: Event__Output) => events.push(event));
      stream.on('error', reject);
      stream.on('end', resolve);
    });
    expect(events.map((event) => event.id)).toEqual(['hello', 'second']);
    expect(events[1]!.data).toEqual({ type_url: 'talos/runtime/machine.TaskEvent', value: Buffer.from('0a0174', 'hex') });
  });

  it('answers Unimplemented for a method without a handler', async () => {
    const error = await new Promise<grpc.ServiceError>((resolve) =>
      client.Hostname({}, (callError) => resolve(callError!)),
    );
    expect(error.code).toBe(grpc.status.UNIMPLEMENTED);
  });
});
