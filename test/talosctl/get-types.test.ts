// `talosctl get <type> [id] [-o yaml]` for the types troubleshooters reach for, replayed as
// talosctl v1.13.9 does it (cmd/talosctl/cmd/talos/get.go, pkg/machinery/client/resources.go):
// Version (ClientVersionCheck), List of ResourceDefinitions decoded from proto_spec, the typed
// word resolved against each definition's all_aliases (its default namespace unless -n is
// given), then Get (with an id) or List, all with `node` metadata; the table prints each print
// column's JSONPath over the YAML spec. Sensitive types answer PermissionDenied to os:reader.
// apicertificates (pkg/machinery/resources/secrets/api.go) is compared with the certificate the
// listener presents in a real TLS handshake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { parse } from 'yaml';
import { collect, startTestCluster, unary, type TestCluster } from '../api/harness.ts';
import { cosiStateService } from '../../nodes/api/cosi-state-service.ts';
import { decodeMessage } from '../../proto/load.ts';
import { toOpenSslPrivateKeyPem } from '../../nodes/pki/index.ts';
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';

let env: TestCluster;
const NODE = () => env.node('cp-1').primaryAddress()!;

interface WireResource {
  metadata: { id: string; type: string; namespace: string };
  spec: { proto_spec: Buffer; yaml_spec: string };
}
interface Definition {
  resource_type: string;
  default_namespace: string;
  all_aliases: string[];
  print_columns: Array<{ name: string; json_path: string }>;
  sensitivity: string;
}

/** talosctl get: resolve `word` through the ResourceDefinitions, then List (or Get `id`). */
async function talosctlGet(word: string, options: { id?: string; roles?: string[] } = {}): Promise<{ definition: Definition; resources: Array<{ id: string; namespace: string; yaml: any; proto: Buffer }> }> {
  const state = env.client('cosi.resource.State', 'cp-1', options.roles ? { roles: options.roles } : {});
  await unary(env.client('machine.MachineService', 'cp-1', options.roles ? { roles: options.roles } : {}), 'Version', {}, { node: NODE() });
  const listed = await collect(state, 'List', { namespace: 'meta', type: 'ResourceDefinitions.meta.cosi.dev' }, { node: NODE() });
  if (listed.error) throw listed.error;
  const definitions = listed.messages.map((message: { resource: WireResource }) => decodeMessage<Definition>('cosi.resource.meta.ResourceDefinitionSpec', message.resource.spec.proto_spec));
  const definition = definitions.find((candidate) => candidate.all_aliases.includes(word.toLowerCase()));
  if (!definition) throw new Error(`resource "${word}" is not registered`);
  const request = { namespace: definition.default_namespace, type: definition.resource_type };
  let wire: WireResource[];
  if (options.id !== undefined) {
    const reply = await unary<{ resource: WireResource }>(state, 'Get', { ...request, id: options.id }, { node: NODE() });
    wire = [reply.resource];
  } else {
    const { messages, error } = await collect(state, 'List', request, { node: NODE() });
    if (error) throw error;
    wire = messages.map((message: { resource: WireResource }) => message.resource);
  }
  return { definition, resources: wire.map((resource) => ({ id: resource.metadata.id, namespace: resource.metadata.namespace, yaml: parse(resource.spec.yaml_spec), proto: resource.spec.proto_spec })) };
}

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1, services: [cosiStateService] });
});
afterAll(() => env.close());

describe('talosctl get: the types a stuck node is read with', () => {
  it('nodeaddresses: current/default/routed/accumulative hold the node address, typed as NetIPPrefix', async () => {
    const { definition, resources } = await talosctlGet('nodeaddresses');
    expect(definition).toMatchObject({ default_namespace: 'network', print_columns: [{ name: 'Addresses' }, { name: 'SortAlgorithm' }] });
    expect(resources.map((r) => r.id).sort()).toEqual(['accumulative', 'current', 'default', 'routed']);
    const current = resources.find((r) => r.id === 'current')!;
    expect(current.yaml.addresses).toEqual([`${NODE()}/24`]);
    const typed = decodeMessage<{ addresses: Array<{ ip: Buffer; prefix_length: number }> }>('talos.resource.definitions.network.NodeAddressSpec', current.proto);
    expect([...typed.addresses[0]!.ip].join('.')).toBe(NODE());
  });

  it('resolvers and timeservers: typed proto_spec as upstream (NetIP servers, ntp_servers)', async () => {
    const resolvers = await talosctlGet('resolvers', { id: 'resolvers' });
    expect(resolvers.definition.print_columns.map((c) => c.name)).toEqual(['Resolvers', 'Search Domains']);
    const typed = decodeMessage<{ dns_servers: Array<{ ip: Buffer }> }>('talos.resource.definitions.network.ResolverStatusSpec', resolvers.resources[0]!.proto);
    expect(typed.dns_servers.map((server) => [...server.ip].join('.'))).toEqual(resolvers.resources[0]!.yaml.dnsServers);
    const timeservers = await talosctlGet('timeserver', { id: 'timeservers' });
    expect(decodeMessage<{ ntp_servers: string[] }>('talos.resource.definitions.network.TimeServerStatusSpec', timeservers.resources[0]!.proto).ntp_servers).toEqual(timeservers.resources[0]!.yaml.timeServers);
  });

  it('etcdspec on a control plane names the member, its image and addresses', async () => {
    const { definition, resources } = await talosctlGet('etcdspec', { id: 'etcd' });
    expect(definition.default_namespace).toBe('etcd');
    expect(resources[0]!.yaml).toMatchObject({ name: env.node('cp-1').hostname(), advertisedAddresses: [NODE()], listenClientAddresses: ['0.0.0.0'] });
    expect(resources[0]!.yaml.image).toMatch(/etcd:v3\.6/);
    const typed = decodeMessage<{ advertised_addresses: Array<{ ip: Buffer }> }>('talos.resource.definitions.etcd.SpecSpec', resources[0]!.proto);
    expect([...typed.advertised_addresses[0]!.ip].join('.')).toBe(NODE());
  });

  it('staticpods: one Pod manifest per control-plane component, with its image', async () => {
    const { resources } = await talosctlGet('staticpods');
    expect(resources.map((r) => r.id).sort()).toEqual(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);
    const apiserver = resources.find((r) => r.id === 'kube-apiserver')!;
    expect(apiserver.yaml.pod).toMatchObject({ kind: 'Pod', metadata: { name: 'kube-apiserver', namespace: 'kube-system' }, spec: { hostNetwork: true } });
    expect(apiserver.yaml.pod.spec.containers[0].command).toContain(`--advertise-address=${NODE()}`);
    const typed = decodeMessage<{ pod: unknown }>('talos.resource.definitions.k8s.StaticPodSpec', apiserver.proto);
    expect(typed.pod).toBeTruthy();
  });

  it('kubeletspec, certsans: sensitive (admin reads them, a reader is refused)', async () => {
    const kubelet = await talosctlGet('kubeletspec', { id: 'kubelet' });
    expect(kubelet.definition.sensitivity).toBe('SENSITIVE');
    expect(kubelet.resources[0]!.yaml).toMatchObject({ expectedNodename: env.node('cp-1').hostname(), config: { kind: 'KubeletConfiguration' } });
    expect(kubelet.resources[0]!.yaml.args).toContain(`--hostname-override=${env.node('cp-1').hostname()}`);
    const sans = await talosctlGet('certsans');
    expect(sans.resources.map((r) => r.id).sort()).toEqual(['api', 'k8s']);
    expect(sans.resources.find((r) => r.id === 'api')!.yaml.ips).toContain(NODE());
    expect(sans.resources.find((r) => r.id === 'k8s')!.yaml.ips).toContain('10.96.0.1');
    for (const word of ['kubeletspec', 'certsans']) {
      await expect(talosctlGet(word, { roles: ['os:reader'] })).rejects.toMatchObject({ code: grpc.status.PERMISSION_DENIED });
    }
  });

  it('systemdisk and discoveredvolumes describe the installed disk and its partitions', async () => {
    const system = await talosctlGet('systemdisk', { id: 'system-disk' });
    const disk = env.node('cp-1').systemDisk()!;
    expect(system.resources[0]!.yaml).toEqual({ diskID: disk.name, devPath: disk.devPath });
    const volumes = await talosctlGet('discoveredvolumes');
    const byId = new Map(volumes.resources.map((r) => [r.id, r.yaml]));
    expect(byId.get(disk.name)).toMatchObject({ type: 'disk', name: 'gpt' });
    const state = [...byId.values()].find((yaml) => yaml.partition_label === 'STATE');
    expect(state).toMatchObject({ type: 'partition', name: 'xfs', label: 'STATE', parent: disk.name });
    const typed = decodeMessage<{ partition_label: string; offset: string | number }>('talos.resource.definitions.block.DiscoveredVolumeSpec', volumes.resources.find((r) => r.yaml.partition_label === 'STATE')!.proto);
    expect(typed.partition_label).toBe('STATE');
    expect(Number(typed.offset)).toBeGreaterThan(0);
  });

  it('volumestatus decodes with its phase and type enums', async () => {
    const { resources } = await talosctlGet('volumestatus', { id: 'EPHEMERAL' });
    expect(decodeMessage('talos.resource.definitions.block.VolumeStatusSpec', resources[0]!.proto)).toMatchObject({ phase: 'VOLUME_PHASE_READY', type: 'VOLUME_TYPE_PARTITION', filesystem: 'FILESYSTEM_TYPE_XFS' });
    expect(decodeMessage<{ mount_location: string }>('talos.resource.definitions.block.VolumeStatusSpec', resources[0]!.proto).mount_location).toBe(resources[0]!.yaml.mountLocation);
  });

  it('apicertificates: sensitive, the certificate apid really serves, its trust and a control plane\'s impersonator certificate', async () => {
    const { definition, resources } = await talosctlGet('apicertificates', { id: 'api' });
    expect(definition).toMatchObject({ resource_type: 'ApiCertificates.secrets.talos.dev', default_namespace: 'secrets', print_columns: [], sensitivity: 'SENSITIVE' });
    expect(definition.all_aliases).toEqual(expect.arrayContaining(['apicertificates', 'apicertificate']));
    const spec = resources[0]!.yaml;
    const pem = (encoded: string) => Buffer.from(encoded, 'base64').toString();
    // The server certificate is the one a client meets in the TLS handshake of cp-1's listener.
    const [host, port] = env.target('cp-1').split(':');
    const served = await new Promise<X509Certificate>((resolve, reject) => {
      const socket = tls.connect({ host, port: Number(port), rejectUnauthorized: false, ALPNProtocols: ['h2'], cert: env.talosconfig.crtPem, key: toOpenSslPrivateKeyPem(env.talosconfig.keyPem) }, () => {
        resolve(socket.getPeerX509Certificate()!);
        socket.end();
      });
      socket.on('error', reject);
    });
    expect(new X509Certificate(pem(spec.server.crt)).fingerprint256).toBe(served.fingerprint256);
    expect(pem(spec.server.key)).toMatch(/PRIVATE KEY/);
    expect(spec.acceptedCAs.map((ca: { crt: string }) => pem(ca.crt))).toEqual([env.talosconfig.caPem]);
    const client = new X509Certificate(pem(spec.client.crt));
    expect(client.subject).toContain('O=os:impersonator');
    expect(client.verify(new X509Certificate(env.talosconfig.caPem).publicKey)).toBe(true);
    expect(spec.skipVerifyingClientCert).toBe(false);
    const typed = decodeMessage<{ server: { crt: Buffer; key: Buffer }; client: { crt: Buffer }; accepted_c_as: Array<{ crt: Buffer }>; skip_verifying_client_cert: boolean }>(
      'talos.resource.definitions.secrets.APICertsSpec',
      resources[0]!.proto,
    );
    expect(typed.server.crt.toString()).toBe(pem(spec.server.crt));
    expect(typed.client.crt.toString()).toBe(pem(spec.client.crt));
    expect(typed.accepted_c_as.map((ca) => ca.crt.toString())).toEqual([env.talosconfig.caPem]);
    // A worker's apid has no client certificate (upstream's trustd path leaves it empty).
    const worker = await unary<{ resource: WireResource }>(env.client('cosi.resource.State', 'cp-1'), 'Get', { namespace: 'secrets', type: 'ApiCertificates.secrets.talos.dev', id: 'api' }, { node: env.node('worker-1').primaryAddress()! });
    expect(parse(worker.resource.spec.yaml_spec)).toMatchObject({ client: null, skipVerifyingClientCert: false });
    await expect(talosctlGet('apicertificates', { roles: ['os:reader'] })).rejects.toMatchObject({ code: grpc.status.PERMISSION_DENIED });
  });

  it('netstatus and info: the network\'s four readiness facts and the cluster\'s id and name, typed', async () => {
    const status = await talosctlGet('netstatus', { id: 'status' });
    expect(status.definition).toMatchObject({ resource_type: 'NetworkStatuses.net.talos.dev', default_namespace: 'network' });
    expect(status.definition.print_columns.map((c) => c.name)).toEqual(['Address', 'Connectivity', 'Hostname', 'Etc']);
    expect(status.resources[0]!.yaml).toEqual({ addressReady: true, connectivityReady: true, hostnameReady: true, etcFilesReady: true });
    expect(decodeMessage('talos.resource.definitions.network.StatusSpec', status.resources[0]!.proto)).toMatchObject({ address_ready: true, connectivity_ready: true, hostname_ready: true, etc_files_ready: true });
    const info = await talosctlGet('info', { id: 'current' });
    expect(info.definition).toMatchObject({ default_namespace: 'cluster', print_columns: [{ name: 'Cluster ID', json_path: '{.clusterId}' }, { name: 'Cluster Name', json_path: '{.clusterName}' }] });
    const cluster = env.node('cp-1').config!.object.cluster!;
    expect(info.resources[0]!.yaml).toEqual({ clusterId: cluster.id, clusterName: cluster.clusterName });
    expect(decodeMessage('talos.resource.definitions.cluster.InfoSpec', info.resources[0]!.proto)).toEqual({ cluster_id: cluster.id, cluster_name: cluster.clusterName });
  });

  it('netstatus follows the node: a link without carrier loses its address and default route', async () => {
    const worker = env.node('worker-1');
    const read = async () => parse((await unary<{ resource: WireResource }>(env.client('cosi.resource.State', 'worker-1'), 'Get', { namespace: 'network', type: 'NetworkStatuses.net.talos.dev', id: 'status' })).resource.spec.yaml_spec);
    expect(await read()).toMatchObject({ addressReady: true, connectivityReady: true });
    worker.nics[0]!.faults.linkDown = true;
    await env.drive.advance(1_000);
    expect(worker.resources.get('network', 'NetworkStatuses.net.talos.dev', 'status')!.spec).toMatchObject({ addressReady: false, connectivityReady: false, hostnameReady: true });
    worker.nics[0]!.faults.linkDown = false;
    expect(await env.drive.runUntil(() => (worker.resources.get('network', 'NetworkStatuses.net.talos.dev', 'status')!.spec as { addressReady: boolean }).addressReady, 5 * 60_000)).toBe(true);
  });

  it('systeminformation: the hardware profile\'s SMBIOS system block, with a uuid of the node\'s own', async () => {
    const { definition, resources } = await talosctlGet('systeminformation', { id: 'systeminformation' });
    expect(definition).toMatchObject({ resource_type: 'SystemInformations.hardware.talos.dev', default_namespace: 'hardware', sensitivity: 'NON_SENSITIVE' });
    expect(definition.print_columns.map((c) => c.json_path)).toEqual(['{.manufacturer}', '{.productName}', '{.version}', '{.serialnumber}', '{.uuid}', '{.wakeUpType}', '{.skuNumber}']);
    expect(definition.all_aliases).toEqual(expect.arrayContaining(['systeminformation', 'si', 'sis']));
    const yaml = resources[0]!.yaml;
    expect(yaml).toMatchObject({ manufacturer: 'QEMU', productName: 'Standard PC (Q35 + ICH9, 2009)', wakeUpType: 'Power Switch' });
    expect(yaml.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(yaml.uuid).toBe(env.node('cp-1').hardware.system.uuid);
    const worker = await unary<{ resource: WireResource }>(env.client('cosi.resource.State', 'cp-1'), 'Get', { namespace: 'hardware', type: definition.resource_type, id: 'systeminformation' }, { node: env.node('worker-1').primaryAddress()! });
    expect(parse(worker.resource.spec.yaml_spec).uuid).not.toBe(yaml.uuid);
    const typed = decodeMessage<Record<string, string>>('talos.resource.definitions.hardware.SystemInformationSpec', resources[0]!.proto);
    expect(typed).toMatchObject({ manufacturer: 'QEMU', product_name: yaml.productName, version: yaml.version, uuid: yaml.uuid, wake_up_type: 'Power Switch' });
  });

  it('extensions: registered, none on a plain install', async () => {
    const { definition, resources } = await talosctlGet('extensions');
    expect(definition).toMatchObject({ resource_type: 'ExtensionStatuses.runtime.talos.dev', default_namespace: 'runtime' });
    expect(definition.print_columns).toEqual([{ name: 'Name', json_path: '{.metadata.name}' }, { name: 'Version', json_path: '{.metadata.version}' }]);
    expect(resources).toEqual([]);
  });

  it('securitystate: no secure boot, booted from a UKI on UEFI, SELinux permissive and module signatures enforced as the command line asks', async () => {
    const { definition, resources } = await talosctlGet('securitystate', { id: 'securitystate' });
    expect(definition).toMatchObject({ resource_type: 'SecurityStates.talos.dev', default_namespace: 'runtime', sensitivity: 'NON_SENSITIVE' });
    expect(definition.print_columns.map((c) => c.name)).toEqual(['SecureBoot', 'UKISigningKeyFingerprint', 'PCRSigningKeyFingerprint', 'SELinuxState', 'ModuleSignatureEnforced']);
    expect(resources[0]!.yaml).toEqual({ secureBoot: false, selinuxState: 'enabled, permissive', bootedWithUKI: true, moduleSignatureEnforced: true });
    expect(decodeMessage('talos.resource.definitions.runtime.SecurityStateSpec', resources[0]!.proto)).toMatchObject({
      secure_boot: false, se_linux_state: 'SE_LINUX_STATE_PERMISSIVE', booted_with_uki: true, fips_state: 'FIPS_STATE_DISABLED', module_signature_enforced: true,
    });
  });

  it('an unknown word is not registered, as talosctl reports it', async () => {
    await expect(talosctlGet('nosuchthing')).rejects.toThrow('resource "nosuchthing" is not registered');
  });
});
