// The State service of a booted node, called at the handler level with a real SimCluster: what
// talosctl does for `talosctl get <x>` (List ResourceDefinitions, protobuf-decode each proto_spec,
// resolve the name, then List/Get the type in its default namespace and print metadata +
// yaml_spec) works, every reply is valid on the wire, and the access filter answers with Talos's
// errors.

import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { cosiStateService } from '../../nodes/api/cosi-state-service.ts';
import { TalosApiError } from '../../nodes/api-error.ts';
import { RESOURCE_TYPES, RT } from '../../nodes/resources/resource-types.ts';
import type { SimCluster } from '../../sim/cluster/cluster.ts';
import { decodeMessage } from '../../proto/load.ts';
import type { ListResponse__Output } from '../../proto/gen/cosi/resource/ListResponse.ts';
import type { GetResponse__Output } from '../../proto/gen/cosi/resource/GetResponse.ts';
import type { Resource__Output } from '../../proto/gen/cosi/resource/Resource.ts';
import type { ResourceDefinitionSpec__Output } from '../../proto/gen/cosi/resource/meta/ResourceDefinitionSpec.ts';
import { bootToRunning, callContext, collect, overTheWire, poweredOnCluster, received } from './cosi-test-support.ts';
import type { Role } from '../../nodes/vocabulary.ts';

let cluster: SimCluster;

beforeAll(() => {
  cluster = poweredOnCluster();
  bootToRunning(cluster);
});

async function listOnWire(nodeName: string, request: object, roles: Role[] = ['os:admin']): Promise<Resource__Output[]> {
  const messages = await collect(cosiStateService.streams.List, received('cosi.resource.ListRequest', request), callContext(cluster, nodeName, roles));
  return messages.map((message) => overTheWire<ListResponse__Output>('cosi.resource.ListResponse', message).resource!);
}

async function getOnWire(nodeName: string, request: object, roles: Role[] = ['os:admin']): Promise<Resource__Output> {
  const reply = await cosiStateService.unary.Get(received('cosi.resource.GetRequest', request), callContext(cluster, nodeName, roles));
  return overTheWire<GetResponse__Output>('cosi.resource.GetResponse', reply).resource!;
}

async function failure(call: () => unknown): Promise<TalosApiError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof TalosApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** talosctl's lookup: the RD whose id or any of allAliases equals the name, case-insensitively. */
function resolveLikeTalosctl(definitions: ResourceDefinitionSpec__Output[], name: string): string[] {
  const wanted = name.toLowerCase();
  return definitions
    .filter((spec) => spec.resource_type.toLowerCase() === wanted || spec.all_aliases.some((alias) => alias.toLowerCase() === wanted))
    .map((spec) => spec.resource_type);
}

describe('talosctl get: resolving the name through ResourceDefinitions', () => {
  it('decodes every proto_spec as a ResourceDefinitionSpec and resolves the names people type', async () => {
    const resources = await listOnWire('cp-1', { namespace: 'meta', type: 'ResourceDefinitions.meta.cosi.dev' }, ['os:reader']);
    const definitions = resources.map((resource) =>
      decodeMessage<ResourceDefinitionSpec__Output>('cosi.resource.meta.ResourceDefinitionSpec', resource.spec!.proto_spec),
    );
    // Every type v1.13 registers, modelled or not, and COSI's two.
    expect(definitions.length).toBe(167);
    expect(definitions.length).toBeGreaterThan(RESOURCE_TYPES.length + 2);
    // `ms` is the capitals of MachineStatuses, ManifestStatuses, MemoryStats and MountStatuses: talosctl refuses it as ambiguous, as on v1.13.9.
    expect(resolveLikeTalosctl(definitions, 'ms').sort()).toEqual([RT.machineStatus, 'ManifestStatuses.kubernetes.talos.dev', 'MemoryStats.perf.talos.dev', 'MountStatuses.block.talos.dev']);
    // `ns` is Namespaces' alias and NetworkStatuses' and NodeStatuses' capitals: ambiguous too, as on v1.13.9.
    expect(resolveLikeTalosctl(definitions, 'ns').sort()).toEqual(['Namespaces.meta.cosi.dev', RT.networkStatus, 'NodeStatuses.kubernetes.talos.dev']);
    const expectations: Record<string, string> = {
      machinestatus: RT.machineStatus,
      MachineStatus: RT.machineStatus,
      'machinestatuses.runtime': RT.machineStatus,
      'machinestatuses.runtime.talos.dev': RT.machineStatus,
      svc: RT.service,
      services: RT.service,
      members: RT.member,
      links: RT.linkStatus,
      addresses: RT.addressStatus,
      disks: RT.disk,
      mc: RT.machineConfig,
      em: RT.etcdMember,
      rd: 'ResourceDefinitions.meta.cosi.dev',
      namespaces: 'Namespaces.meta.cosi.dev',
    };
    for (const [name, type] of Object.entries(expectations)) expect(resolveLikeTalosctl(definitions, name), name).toEqual([type]);
    expect(resolveLikeTalosctl(definitions, 'nosuchthing')).toEqual([]);
  });

  it('gives each definition the metadata and YAML of a COSI meta resource', async () => {
    const definition = await getOnWire('cp-1', { namespace: 'meta', type: 'ResourceDefinitions.meta.cosi.dev', id: 'machinestatuses.runtime.talos.dev' });
    expect(definition.metadata).toMatchObject({ namespace: 'meta', id: 'machinestatuses.runtime.talos.dev', version: '1', owner: 'meta', phase: 'running' });
    expect(parseYaml(definition.spec!.yaml_spec)).toEqual({
      type: 'MachineStatuses.runtime.talos.dev',
      displayType: 'MachineStatus',
      defaultNamespace: 'runtime',
      aliases: ['machinestatus', 'ms'],
      allAliases: ['machinestatuses', 'machinestatuses.runtime', 'machinestatuses.runtime.talos', 'machinestatus', 'ms'],
      printColumns: [
        { name: 'Stage', jsonPath: '{.stage}' },
        { name: 'Ready', jsonPath: '{.status.ready}' },
      ],
    });
    const config = await getOnWire('cp-1', { namespace: 'meta', type: 'ResourceDefinitions.meta.cosi.dev', id: 'machineconfigs.config.talos.dev' });
    expect(parseYaml(config.spec!.yaml_spec).sensitivity).toBe('sensitive');
    const configSpec = decodeMessage<ResourceDefinitionSpec__Output>('cosi.resource.meta.ResourceDefinitionSpec', config.spec!.proto_spec);
    expect(configSpec.sensitivity).toBe('SENSITIVE');
  });

  it('lists the namespaces Talos registers, with descriptions', async () => {
    const namespaces = await listOnWire('cp-1', { namespace: 'meta', type: 'Namespaces.meta.cosi.dev' });
    const ids = namespaces.map((resource) => resource.metadata!.id);
    expect(ids).toEqual([...ids].sort());
    for (const id of ['meta', 'runtime', 'config', 'network', 'cluster', 'etcd', 'k8s']) expect(ids).toContain(id);
    const config = namespaces.find((resource) => resource.metadata!.id === 'config')!;
    expect(parseYaml(config.spec!.yaml_spec)).toEqual({ description: 'Talos node configuration.' });
  });
});

describe('resources of a booted node', () => {
  it('serves MachineStatus with decimal version, wall-clock timestamps, YAML and proto specs', async () => {
    const node = cluster.node('cp-1');
    const [status] = await listOnWire('cp-1', { namespace: 'runtime', type: RT.machineStatus }, ['os:reader']);
    const stored = node.resources.get('runtime', RT.machineStatus, 'machine')!;
    expect(status.metadata).toMatchObject({
      namespace: 'runtime',
      type: RT.machineStatus,
      id: 'machine',
      version: String(stored.metadata.version),
      phase: 'running',
    });
    const createdMs = Number(status.metadata!.created!.seconds) * 1000 + status.metadata!.created!.nanos / 1e6;
    expect(createdMs).toBe(cluster.world.epochWallMs + stored.metadata.createdMs);
    const updatedMs = Number(status.metadata!.updated!.seconds) * 1000 + status.metadata!.updated!.nanos / 1e6;
    expect(updatedMs).toBe(cluster.world.epochWallMs + stored.metadata.updatedMs);
    expect(parseYaml(status.spec!.yaml_spec)).toEqual({ stage: 'running', status: { ready: true, unmetConditions: [] } });
    expect(decodeMessage('talos.resource.definitions.runtime.MachineStatusSpec', status.spec!.proto_spec)).toEqual({
      stage: 'MACHINE_STAGE_RUNNING',
      status: { ready: true, unmet_conditions: [] },
    });
  });

  it('serves the machine config to os:admin only, as a YAML string with the yaml-spec annotation', async () => {
    const node = cluster.node('worker-1');
    const config = await getOnWire('worker-1', { namespace: 'config', type: RT.machineConfig, id: 'v1alpha1' });
    expect(config.metadata!.annotations).toEqual({ 'talos.dev/yaml-spec': '1' });
    expect(parseYaml(config.spec!.yaml_spec)).toBe(node.config!.text);
    const proto = decodeMessage<{ yaml_marshalled: Buffer }>('resource.config.MachineConfigSpec', config.spec!.proto_spec);
    expect(proto.yaml_marshalled.toString('utf8')).toBe(node.config!.text);
    const denied = await failure(() => getOnWire('worker-1', { namespace: 'config', type: RT.machineConfig, id: 'v1alpha1' }, ['os:reader']));
    expect([denied.code, denied.message]).toEqual(['PermissionDenied', 'not authorized']);
    const deniedList = await failure(() => listOnWire('worker-1', { namespace: 'config', type: RT.machineConfig }, ['os:operator']));
    expect([deniedList.code, deniedList.message]).toEqual(['PermissionDenied', 'not authorized']);
  });

  it('serves the machine type as a bare string', async () => {
    const machineType = await getOnWire('worker-1', { namespace: 'config', type: RT.machineType, id: 'machine-type' });
    expect(machineType.spec!.yaml_spec).toBe('worker\n');
  });

  it('sends every resource of every type as valid wire messages with non-empty YAML', async () => {
    let total = 0;
    for (const nodeName of ['cp-1', 'worker-1']) {
      for (const definition of RESOURCE_TYPES) {
        const resources = await listOnWire(nodeName, { namespace: definition.namespace, type: definition.type });
        for (const resource of resources) {
          expect(resource.spec!.yaml_spec.trim().length, `${definition.type}/${resource.metadata!.id}`).toBeGreaterThan(0);
          expect(() => parseYaml(resource.spec!.yaml_spec)).not.toThrow();
          expect(Number.isInteger(Number(resource.metadata!.version))).toBe(true);
        }
        total += resources.length;
      }
    }
    expect(total).toBeGreaterThan(30);
  });

  it('lists one message per resource, sorted by id, filtered by the id query', async () => {
    const services = await listOnWire('cp-1', { namespace: 'runtime', type: RT.service });
    const ids = services.map((resource) => resource.metadata!.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining(['apid', 'etcd', 'kubelet', 'machined']));
    const filtered = await listOnWire('cp-1', { namespace: 'runtime', type: RT.service, options: { id_query: { regexp: '^(etcd|kube)' } } });
    expect(filtered.map((resource) => resource.metadata!.id)).toEqual(ids.filter((id) => /^(etcd|kube)/.test(id)));
    const none = await listOnWire('cp-1', { namespace: 'runtime', type: RT.service, options: { label_query: [{ terms: [{ key: 'any', op: 'EXISTS' }] }] } });
    expect(none).toEqual([]);
    const all = await listOnWire('cp-1', { namespace: 'runtime', type: RT.service, options: { label_query: [{ terms: [{ key: 'any', op: 'EXISTS', invert: true }] }] } });
    expect(all.length).toBe(ids.length);
  });

  it('answers a missing resource, an unknown type and an unknown namespace with Talos errors', async () => {
    const missing = await failure(() => getOnWire('cp-1', { namespace: 'runtime', type: RT.machineStatus, id: 'nope' }));
    expect([missing.code, missing.message]).toEqual(['NotFound', 'resource MachineStatuses.runtime.talos.dev(runtime/nope@undefined) doesn\'t exist']);
    const unknownType = await failure(() => listOnWire('cp-1', { namespace: 'runtime', type: 'Widgets.talos.dev' }));
    expect([unknownType.code, unknownType.message]).toEqual(['PermissionDenied', 'resource type "Widgets.talos.dev" is not supported']);
    const unknownNamespace = await failure(() => getOnWire('cp-1', { namespace: 'nowhere', type: RT.machineStatus, id: 'machine' }));
    expect([unknownNamespace.code, unknownNamespace.message]).toEqual(['PermissionDenied', 'namespace "nowhere" is not supported']);
  });

  it('refuses every write', async () => {
    const context = callContext(cluster, 'cp-1');
    for (const method of ['Create', 'Update', 'Destroy', 'Teardown', 'TeardownAndDestroy']) {
      const refused = await failure(() => cosiStateService.unary[method]({}, context));
      expect([method, refused.code, refused.message]).toEqual([method, 'PermissionDenied', 'write access is not allowed']);
    }
  });

  it('is the cosi.resource.State service with Talos method names', () => {
    expect(cosiStateService.service).toBe('cosi.resource.State');
    expect(Object.keys(cosiStateService.unary).sort()).toEqual(['Create', 'Destroy', 'Get', 'Teardown', 'TeardownAndDestroy', 'Update']);
    expect(Object.keys(cosiStateService.streams).sort()).toEqual(['List', 'Watch']);
  });
});
