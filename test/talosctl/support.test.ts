// `talosctl support` (cmd/talosctl/cmd/talos/support.go with siderolabs/go-talos-support's
// collectors): for each node, with `node` metadata, the Talos side of the bundle: Dmesg, the
// controller-runtime log, Inspect's controller dependencies, Mounts, Read of /proc/bus/pci/devices,
// DiskStats, Processes, Version, every ResourceDefinition then a List of each type in its default
// namespace, Containers of k8s.io (CRI) then the log of each kube-system container that is not a
// sandbox, and ServiceList then each service's log and state. The bundle has no error from the
// Talos side when every call answers without an error status or an error in its metadata, but
// one per registered type talsim does not model (its List says so rather than claiming none).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startTestCluster, unary, type TestCluster } from '../api/harness.ts';
import { cosiStateService } from '../../nodes/api/cosi-state-service.ts';
import { decodeMessage } from '../../proto/load.ts';
import { allResourceDefinitions, isEmulatedType } from '../../nodes/api/cosi-resource-definitions.ts';
import { EMPTY_UNLESS_CONFIGURED_TYPES } from '../../nodes/api/cosi-unmodelled-types.ts';

let env: TestCluster;

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1, services: [cosiStateService] });
});
afterAll(() => env.close());

async function bundleFor(name: string): Promise<{ files: Map<string, number>; errors: string[] }> {
  const node = env.node(name).primaryAddress()!;
  const machine = env.client('machine.MachineService', 'cp-1');
  const files = new Map<string, number>();
  const errors: string[] = [];
  const noted = (file: string, messages: any[], error?: { details: string }) => {
    if (error) errors.push(`${file}: ${error.details}`);
    for (const message of messages) if (message?.metadata?.error) errors.push(`${file}: ${message.metadata.error}`);
    files.set(file, Buffer.concat(messages.map((message) => message?.bytes ?? Buffer.alloc(0))).length);
  };
  const streamed = async (file: string, method: string, request: unknown, client = machine) => {
    const { messages, error } = await collect(client, method, request, { node });
    noted(file, messages, error);
  };
  const called = async (file: string, method: string, request: unknown = {}, client = machine) => {
    try {
      noted(file, (await unary(client, method, request, { node })).messages ?? []);
    } catch (error) {
      errors.push(`${file}: ${(error as { details: string }).details}`);
    }
  };
  await streamed('dmesg.log', 'Dmesg', { follow: false, tail: false });
  await streamed('controller-runtime.log', 'Logs', { namespace: 'system', driver: 'CONTAINERD', id: 'controller-runtime', follow: false, tail_lines: -1 });
  await called('dependencies.dot', 'ControllerRuntimeDependencies', {}, env.client('inspect.InspectService', 'cp-1'));
  await called('mounts', 'Mounts');
  await streamed('devices', 'Read', { path: '/proc/bus/pci/devices' });
  await called('io', 'DiskStats');
  await called('processes', 'Processes');
  await called('summary', 'Version');
  const state = env.client('cosi.resource.State', 'cp-1');
  const definitions = await collect(state, 'List', { namespace: 'meta', type: 'ResourceDefinitions.meta.cosi.dev' }, { node });
  noted('resources', [], definitions.error);
  for (const message of definitions.messages) {
    const spec = decodeMessage<{ resource_type: string; default_namespace: string }>('cosi.resource.meta.ResourceDefinitionSpec', message.resource.spec.proto_spec);
    await streamed(`resources/${message.resource.metadata.id}.yaml`, 'List', { namespace: spec.default_namespace, type: spec.resource_type }, state);
  }
  const containers = (await unary(machine, 'Containers', { namespace: 'k8s.io', driver: 'CRI' }, { node })).messages[0].containers;
  for (const container of containers) {
    if (container.status === 'SANDBOX_READY' || !container.pod_id.startsWith('kube-system/')) continue;
    await streamed(`kubernetes-logs/kube-system/${container.name}.log`, 'Logs', { namespace: 'k8s.io', driver: 'CRI', id: container.id, follow: false, tail_lines: -1 });
  }
  const services = (await unary(machine, 'ServiceList', {}, { node })).messages[0].services;
  for (const service of services) {
    await streamed(`service-logs/${service.id}.log`, 'Logs', { namespace: 'system', driver: 'CONTAINERD', id: service.id, follow: false, tail_lines: -1 });
    await called(`service-logs/${service.id}.state`, 'ServiceList');
  }
  return { files, errors };
}

describe('talosctl support', () => {
  it('collects every Talos-side file of a control plane and a worker without an error', async () => {
    for (const name of ['cp-1', 'worker-1']) {
      const { files, errors } = await bundleFor(name);
      // The one kind of error: a registered type talsim does not model says so (a real node lists it).
      const notEmulated = errors.filter((error) => /^resources\/.*\.yaml: resource type ".*" is not emulated by talsim$/.test(error));
      expect(errors.filter((error) => !notEmulated.includes(error)), name).toEqual([]);
      expect(notEmulated.length, name).toBe(allResourceDefinitions().filter((spec) => !isEmulatedType(spec.type) && !EMPTY_UNLESS_CONFIGURED_TYPES.includes(spec.type)).length);
      expect(files.get('dmesg.log')).toBeGreaterThan(0);
      expect(files.get('controller-runtime.log')).toBeGreaterThan(0);
      expect(files.get('service-logs/machined.log')).toBeGreaterThan(0);
      expect([...files.keys()].filter((file) => file.startsWith('resources/')).length).toBeGreaterThan(20);
      if (name === 'cp-1') expect([...files.keys()]).toContain('kubernetes-logs/kube-system/kube-apiserver.log');
    }
  });
});
