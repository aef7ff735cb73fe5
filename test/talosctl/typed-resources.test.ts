// talosctl's typed resource readers, replayed over real gRPC with `node` metadata:
// - `get rd` (cmd/talosctl/cmd/talos/get.go): ResourceDefinitions decoded from proto_spec; every
//   served type names a spec message that its resources' proto_spec decodes with.
// - `health --server=false` (pkg/cluster/check/default.go via cluster.Members): Members decoded from
//   proto_spec must carry the node's addresses, else it fails with `no IP address found for member`.
// - `dashboard` (internal/pkg/dashboard/resourcedata): LinkStatus, AddressStatus, RouteStatus,
//   StaticPodStatus, MachineType, TimeStatus decoded from proto_spec.
// - NodeLabelSpecs are sensitive (admin only) with upstream's one print column; TimeStatus's column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { collect, startTestCluster, type TestCluster } from '../api/harness.ts';
import { cosiStateService } from '../../nodes/api/cosi-state-service.ts';
import { decodeMessage } from '../../proto/load.ts';
import { emulatedResourceTypes, registeredResourceTypes } from '../../nodes/api/cosi-resource-definitions.ts';

let env: TestCluster;
let state: grpc.Client;
const NODE = () => env.node('cp-1').primaryAddress()!;

interface WireResource {
  metadata: { id: string; type: string; namespace: string };
  spec: { proto_spec: Buffer; yaml_spec: string };
}

async function list(namespace: string, type: string, client = state): Promise<WireResource[]> {
  const { messages, error } = await collect(client, 'List', { namespace, type }, { node: NODE() });
  if (error) throw error;
  return messages.map((message: { resource: WireResource }) => message.resource);
}

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1, services: [cosiStateService] });
  state = env.client('cosi.resource.State', 'cp-1');
});
afterAll(() => env.close());

describe('typed proto_spec of every served type', () => {
  it('each resource definition names a spec message and every listed resource decodes with it', async () => {
    const definitions = await list('meta', 'ResourceDefinitions.meta.cosi.dev');
    expect(definitions.length).toBe(registeredResourceTypes().length);
    for (const served of emulatedResourceTypes()) {
      expect(served.protoSpec, served.type).toBeDefined();
      if (served.namespace === 'meta') continue;
      for (const resource of await list(served.namespace, served.type)) {
        expect(resource.spec.proto_spec.length > 0 || resource.spec.yaml_spec === '{}\n', `${served.type} ${resource.metadata.id}`).toBe(true);
        expect(() => decodeMessage(served.protoSpec!, resource.spec.proto_spec)).not.toThrow();
      }
    }
  });

  it('Members carry their addresses as NetIP bytes (health --server=false needs an IP per member)', async () => {
    const members = await list('cluster', 'Members.cluster.talos.dev');
    expect(members.length).toBe(2);
    for (const member of members) {
      const spec = decodeMessage<{ addresses: Array<{ ip: Buffer }>; machine_type: string; hostname: string }>('talos.resource.definitions.cluster.MemberSpec', member.spec.proto_spec);
      expect(spec.addresses.length).toBeGreaterThan(0);
      const ip = [...spec.addresses[0]!.ip].join('.');
      expect(env.cluster.node(spec.hostname).addresses()).toContain(ip);
      expect(['TYPE_CONTROL_PLANE', 'TYPE_WORKER']).toContain(spec.machine_type);
    }
  });

  it('the dashboard types decode with their values', async () => {
    const [address] = await list('network', 'AddressStatuses.net.talos.dev');
    const decoded = decodeMessage<{ address: { ip: Buffer; prefix_length: number }; family: string }>('talos.resource.definitions.network.AddressStatusSpec', address!.spec.proto_spec);
    expect(decoded.address.ip.length).toBe(4);
    expect(decoded.family).toBe('FAMILY_INET4');
    const links = await list('network', 'LinkStatuses.net.talos.dev');
    const ether = links.map((link) => decodeMessage<{ type: string; operational_state: string; hardware_addr: Buffer }>('talos.resource.definitions.network.LinkStatusSpec', link.spec.proto_spec)).find((link) => link.type === 'LINK_ETHER');
    expect(ether).toMatchObject({ operational_state: 'OPER_STATE_UP' });
    expect(ether!.hardware_addr.length).toBe(6);
    const routes = await list('network', 'RouteStatuses.net.talos.dev');
    const gateway = decodeMessage<{ gateway?: { ip: Buffer } }>('talos.resource.definitions.network.RouteStatusSpec', routes[0]!.spec.proto_spec).gateway;
    expect(gateway?.ip.length).toBe(4);
    const [machineType] = await list('config', 'MachineTypes.config.talos.dev');
    expect(decodeMessage('resource.config.MachineTypeSpec', machineType!.spec.proto_spec)).toEqual({ machine_type: 'CONTROL_PLANE' });
    const [time] = await list('runtime', 'TimeStatuses.v1alpha1.talos.dev');
    expect(decodeMessage('talos.resource.definitions.time.StatusSpec', time!.spec.proto_spec)).toMatchObject({ synced: true });
    const pods = await list('k8s', 'StaticPodStatuses.kubernetes.talos.dev');
    expect(decodeMessage<{ pod_status: unknown }>('talos.resource.definitions.k8s.StaticPodStatusSpec', pods[0]!.spec.proto_spec).pod_status).toBeTruthy();
  });
});

describe('NodeLabelSpec and TimeStatus definitions as upstream declares them', () => {
  it('NodeLabelSpecs: one Value column, sensitive (a reader is refused), TimeStatuses: one Synced column', async () => {
    const definitions = await list('meta', 'ResourceDefinitions.meta.cosi.dev');
    const spec = (id: string) => decodeMessage<{ print_columns: Array<{ name: string }>; sensitivity: string }>('cosi.resource.meta.ResourceDefinitionSpec', definitions.find((d) => d.metadata.id === id)!.spec.proto_spec);
    expect(spec('nodelabelspecs.k8s.talos.dev')).toMatchObject({ print_columns: [{ name: 'Value' }], sensitivity: 'SENSITIVE' });
    expect(spec('timestatuses.v1alpha1.talos.dev')).toMatchObject({ print_columns: [{ name: 'Synced' }], sensitivity: 'NON_SENSITIVE' });
    const reader = env.client('cosi.resource.State', 'cp-1', { roles: ['os:reader'] });
    await expect(list('k8s', 'NodeLabelSpecs.k8s.talos.dev', reader)).rejects.toMatchObject({ code: grpc.status.PERMISSION_DENIED });
  });
});
