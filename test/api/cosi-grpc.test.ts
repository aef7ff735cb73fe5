// `talosctl get` over real gRPC and TLS: the client lists ResourceDefinitions on the first node,
// decodes every proto_spec to resolve `ms`, then lists MachineStatuses with `node` metadata on
// each node (apid forwards the call to the worker); a reader may not read the machine config, and
// `talosctl get -w` gets the empty response, the bootstrap contents and BOOTSTRAPPED.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as grpc from '@grpc/grpc-js';
import { parse as parseYaml } from 'yaml';
import { collect, startTestCluster, unary, type TestCluster } from './harness.ts';
import { cosiStateService } from '../../nodes/api/cosi-state-service.ts';
import { decodeMessage } from '../../proto/load.ts';
import type { ListResponse__Output } from '../../proto/gen/cosi/resource/ListResponse.ts';
import type { WatchResponse__Output } from '../../proto/gen/cosi/resource/WatchResponse.ts';
import type { ResourceDefinitionSpec__Output } from '../../proto/gen/cosi/resource/meta/ResourceDefinitionSpec.ts';

let testCluster: TestCluster;

beforeAll(async () => {
  testCluster = await startTestCluster({ controlPlanes: 1, workers: 1, services: [cosiStateService] });
});

afterAll(async () => {
  await testCluster?.close();
});

describe('talosctl get over gRPC', () => {
  it('resolves `machinestatus` from the ResourceDefinitions (`ms` is ambiguous, as on v1.13.9), then lists MachineStatuses on every node', async () => {
    const state = testCluster.client('cosi.resource.State', 'cp-1');
    const definitions = await testCluster.drive.settle(
      collect<ListResponse__Output>(state, 'List', { namespace: 'meta', type: 'ResourceDefinitions.meta.cosi.dev' }, { node: 'cp-1' }),
    );
    expect(definitions.error).toBeUndefined();
    const specs = definitions.messages.map((message) =>
      decodeMessage<ResourceDefinitionSpec__Output>('cosi.resource.meta.ResourceDefinitionSpec', message.resource!.spec!.proto_spec),
    );
    expect(specs.filter((spec) => spec.all_aliases.includes('ms')).map((spec) => spec.resource_type).sort()).toEqual([
      'MachineStatuses.runtime.talos.dev',
      'ManifestStatuses.kubernetes.talos.dev',
      'MemoryStats.perf.talos.dev',
      'MountStatuses.block.talos.dev',
    ]);
    const matched = specs.filter((spec) => spec.all_aliases.includes('machinestatus'));
    expect(matched.map((spec) => [spec.resource_type, spec.default_namespace])).toEqual([['MachineStatuses.runtime.talos.dev', 'runtime']]);

    for (const node of ['cp-1', 'worker-1']) {
      const statuses = await testCluster.drive.settle(
        collect<ListResponse__Output>(state, 'List', { namespace: 'runtime', type: matched[0].resource_type }, { node }),
      );
      expect(statuses.error, node).toBeUndefined();
      expect(statuses.messages.length, node).toBe(1);
      const resource = statuses.messages[0].resource!;
      expect(resource.metadata!.id).toBe('machine');
      expect(parseYaml(resource.spec!.yaml_spec)).toEqual({ stage: 'running', status: { ready: true, unmetConditions: [] } });
    }
  });

  it('refuses the machine config to a reader', async () => {
    const reader = testCluster.client('cosi.resource.State', 'cp-1', { roles: ['os:reader'] });
    const error = await testCluster.drive
      .settle(unary(reader, 'Get', { namespace: 'config', type: 'MachineConfigs.config.talos.dev', id: 'v1alpha1' }, { node: 'cp-1' }))
      .then(
        () => undefined,
        (thrown: grpc.ServiceError) => thrown,
      );
    expect(error?.details).toBe('not authorized');
  });

  it('watches with bootstrap contents until BOOTSTRAPPED', async () => {
    const state = testCluster.client('cosi.resource.State', 'cp-1');
    const watch = await testCluster.drive.settle(
      collect<WatchResponse__Output>(
        state,
        'Watch',
        { namespace: 'runtime', type: 'Services.v1alpha1.talos.dev', options: { bootstrap_contents: true }, api_version: 1 },
        { node: 'cp-1', until: (messages) => messages.some((message) => message.event.some((event) => event.event_type === 'BOOTSTRAPPED')) },
      ),
    );
    expect(watch.messages[0].event).toEqual([]);
    const types = watch.messages.slice(1).flatMap((message) => message.event.map((event) => event.event_type));
    expect(types.at(-1)).toBe('BOOTSTRAPPED');
    expect(types.slice(0, -1).every((type) => type === 'CREATED')).toBe(true);
    expect(types.length).toBe(testCluster.node('cp-1').resources.list('runtime', 'Services.v1alpha1.talos.dev').length + 1);
  });
});
