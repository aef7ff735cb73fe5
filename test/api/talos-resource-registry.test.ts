// The resource types a node registers are the ones a Talos v1.13 node registers, declared as
// upstream declares them: talsim's table (nodes/resources/talos-resource-registry.ts) is compared
// with the fixture extracted from upstream's sources (fixtures/extract-talos-resource-definitions.ts;
// when the Talos mirror is on this machine, the fixture is extracted again and compared too).
// Aliases are ambiguous exactly where they are on a real node: the ambiguity table below is worked
// out from the upstream definitions by COSI's rules (Fill: display type, capitals) and checked
// against the words talosctl's client-side ResolveResourceKind finds in more than one definition.
// Over gRPC: `get rd` lists every registered type; a registered type talsim does not model answers
// Unimplemented naming it (List, Get and Watch), except the ones certainly empty on this node.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { TALOS_REGISTERED_TYPES, REGISTRY_TALOS_VERSION } from '../../nodes/resources/talos-resource-registry.ts';
import { allResourceDefinitions, isEmulatedType, TALOS_NAMESPACES } from '../../nodes/api/cosi-resource-definitions.ts';
import { EMPTY_UNLESS_CONFIGURED_TYPES, answerUnmodelledType } from '../../nodes/api/cosi-unmodelled-types.ts';
import { extractDefinitions, type UpstreamDefinition } from './fixtures/extract-talos-resource-definitions.ts';
import { collect, startTestCluster, unary, type TestCluster } from './harness.ts';
import { cosiStateService } from '../../nodes/api/cosi-state-service.ts';
import { decodeMessage } from '../../proto/load.ts';
import { matchResourceKind } from '../talosctl/talosctl-calls.ts';

const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/talos-resource-definitions.json', import.meta.url), 'utf8')) as {
  ref: string;
  namespaces: Array<[string, string]>;
  definitions: UpstreamDefinition[];
};
const MIRROR = '/work/.mirror/siderolabs+talos/repo';

/** Every word talosctl finds in more than one definition on a v1.13.9 node, and the types it names. */
const AMBIGUOUS: Record<string, string[]> = {
  ac: ['ApiCertificates.secrets.talos.dev', 'AuthorizationConfigs.kubernetes.talos.dev'],
  acs: ['AcquireConfigSpecs.v1alpha1.talos.dev', 'AcquireConfigStatuses.v1alpha1.talos.dev', 'ApiCertificates.secrets.talos.dev', 'AuthorizationConfigs.kubernetes.talos.dev'],
  apisc: ['APIServerConfigs.kubernetes.talos.dev', 'APIServiceConfigs.runtime.talos.dev'],
  apiscs: ['APIServerConfigs.kubernetes.talos.dev', 'APIServiceConfigs.runtime.talos.dev'],
  as: ['AddressSpecs.net.talos.dev', 'AddressStatuses.net.talos.dev', 'AdjtimeStatuses.v1alpha1.talos.dev'],
  cpus: ['CPUStats.perf.talos.dev', 'Processors.hardware.talos.dev'],
  dcs: ['DeviceConfigSpecs.net.talos.dev', 'DiscoveryConfigs.cluster.talos.dev'],
  efs: ['EtcFileSpecs.files.talos.dev', 'EtcFileStatuses.files.talos.dev'],
  es: ['EncryptionSalts.secrets.talos.dev', 'EtcdSecrets.secrets.talos.dev', 'EtcdSpecs.etcd.talos.dev', 'EthernetSpecs.net.talos.dev', 'EthernetStatuses.net.talos.dev', 'ExtensionStatuses.runtime.talos.dev'],
  esc: ['EventSinkConfigs.runtime.talos.dev', 'ExtensionServiceConfigs.runtime.talos.dev'],
  escs: ['EventSinkConfigs.runtime.talos.dev', 'ExtensionServiceConfigs.runtime.talos.dev', 'ExtensionServiceConfigStatuses.runtime.talos.dev'],
  hs: ['HostnameSpecs.net.talos.dev', 'HostnameStatuses.net.talos.dev'],
  kc: ['KernelCmdlines.runtime.talos.dev', 'KubeletConfigs.kubernetes.talos.dev'],
  kcs: ['KernelCmdlines.runtime.talos.dev', 'KubeletConfigs.kubernetes.talos.dev'],
  kps: ['KernelParamSpecs.runtime.talos.dev', 'KernelParamStatuses.runtime.talos.dev', 'KubePrismStatuses.kubernetes.talos.dev'],
  ks: ['KubeletSecrets.secrets.talos.dev', 'KubeletSpecs.kubernetes.talos.dev', 'KubernetesSecrets.secrets.talos.dev'],
  ksps: ['KubeSpanPeerSpecs.kubespan.talos.dev', 'KubeSpanPeerStatuses.kubespan.talos.dev'],
  ls: ['LinkSpecs.net.talos.dev', 'LinkStatuses.net.talos.dev'],
  mrs: ['MachineResetSignals.runtime.talos.dev', 'MaintenanceRootSecrets.secrets.talos.dev', 'MountRequests.block.talos.dev'],
  ms: ['MachineStatuses.runtime.talos.dev', 'ManifestStatuses.kubernetes.talos.dev', 'MemoryStats.perf.talos.dev', 'MountStatuses.block.talos.dev'],
  nas: ['NodeAddresses.net.talos.dev', 'NodeAnnotationSpecs.k8s.talos.dev'],
  ns: ['Namespaces.meta.cosi.dev', 'NetworkStatuses.net.talos.dev', 'NodeStatuses.kubernetes.talos.dev'],
  ps: ['ProbeSpecs.net.talos.dev', 'ProbeStatuses.net.talos.dev'],
  rrs: ['RoutingRuleSpecs.net.talos.dev', 'RoutingRuleStatuses.net.talos.dev'],
  rs: ['ResolverSpecs.net.talos.dev', 'ResolverStatuses.net.talos.dev', 'RouteSpecs.net.talos.dev', 'RouteStatuses.net.talos.dev'],
  sc: ['SchedulerConfigs.kubernetes.talos.dev', 'SiderolinkConfigs.siderolink.talos.dev'],
  scs: ['SchedulerConfigs.kubernetes.talos.dev', 'SiderolinkConfigs.siderolink.talos.dev'],
  sp: ['SeccompProfiles.cri.talos.dev', 'StaticPods.kubernetes.talos.dev'],
  sps: ['SeccompProfiles.cri.talos.dev', 'StaticPods.kubernetes.talos.dev', 'StaticPodStatuses.kubernetes.talos.dev'],
  ss: ['SecretStatuses.kubernetes.talos.dev', 'SecurityStates.talos.dev', 'SiderolinkStatuses.siderolink.talos.dev', 'SwapStatuses.block.talos.dev'],
  tss: ['TimeServerSpecs.net.talos.dev', 'TimeServerStatuses.net.talos.dev'],
};

const asUpstream = () =>
  TALOS_REGISTERED_TYPES.map((definition) => ({
    type: definition.type,
    namespace: definition.namespace,
    aliases: definition.aliases,
    printColumns: definition.printColumns.map((column) => [column.name, column.jsonPath]),
    sensitive: definition.sensitive,
    ...(definition.skipAutomaticAliases ? { skipAutomaticAliases: true } : {}),
  }));

describe('the registry is Talos v1.13\'s', () => {
  it('holds every type upstream registers, in its order, with its namespace, aliases, columns and sensitivity', () => {
    expect(FIXTURE.ref).toBe(REGISTRY_TALOS_VERSION);
    expect(FIXTURE.definitions.length).toBe(165);
    expect(asUpstream()).toEqual(FIXTURE.definitions);
  });

  it('registers upstream\'s namespaces with their descriptions', () => {
    expect(TALOS_NAMESPACES.filter((namespace) => namespace.name !== 'meta').map((namespace) => [namespace.name, namespace.description])).toEqual(FIXTURE.namespaces);
  });

  it.skipIf(!existsSync(MIRROR))('the fixture is what upstream\'s sources declare (extracted again from the mirror)', () => {
    const extracted = extractDefinitions(MIRROR, REGISTRY_TALOS_VERSION);
    expect(extracted.definitions).toEqual(FIXTURE.definitions);
    expect(extracted.namespaces).toEqual(FIXTURE.namespaces);
  }, 60_000);

  it('every type talsim models is a registered type; the definitions list holds COSI\'s two and Talos\'s 165', () => {
    const ids = allResourceDefinitions().map((definition) => definition.type);
    expect(ids.length).toBe(167);
    expect(new Set(ids).size).toBe(167);
    for (const definition of FIXTURE.definitions) expect(ids).toContain(definition.type);
  });

  it('aliases are ambiguous exactly where talosctl finds them ambiguous on a real node', () => {
    const definitions = allResourceDefinitions().map((spec) => ({ id: spec.type.toLowerCase(), resource_type: spec.type, all_aliases: spec.allAliases }));
    const found: Record<string, string[]> = {};
    const words = new Set(definitions.flatMap((definition) => [definition.id, ...definition.all_aliases]));
    for (const word of words) {
      try {
        matchResourceKind(definitions as never, word);
      } catch (error) {
        expect((error as Error).message).toContain(`resource type "${word}" is ambiguous`);
        found[word] = definitions.filter((d) => d.id === word || d.all_aliases.includes(word)).map((d) => d.resource_type).sort();
      }
    }
    expect(found).toEqual(Object.fromEntries(Object.entries(AMBIGUOUS).map(([word, types]) => [word, [...types].sort()])));
  });

  it('a type certainly empty on a node lists empty until its config uses the feature, then is not emulated', () => {
    for (const type of EMPTY_UNLESS_CONFIGURED_TYPES) expect(isEmulatedType(type), type).toBe(false);
    const plain = { text: '', object: { machine: { network: {} } } } as never;
    expect(() => answerUnmodelledType(plain, [], 'KubeSpanIdentities.kubespan.talos.dev')).not.toThrow();
    expect(() => answerUnmodelledType(undefined, [], 'ZswapStatuses.block.talos.dev')).not.toThrow();
    const kubeSpan = { text: '', object: { machine: { network: { kubespan: { enabled: true } } } } } as never;
    expect(() => answerUnmodelledType(kubeSpan, [], 'KubeSpanIdentities.kubespan.talos.dev')).toThrow('resource type "KubeSpanIdentities.kubespan.talos.dev" is not emulated by talsim');
    const zswap = { text: '', object: {}, documents: [{ apiVersion: 'v1alpha1', kind: 'ZswapConfig', name: '', line: 1, body: {} }] } as never;
    expect(() => answerUnmodelledType(zswap, [], 'ZswapStatuses.block.talos.dev')).toThrow('is not emulated by talsim');
    expect(() => answerUnmodelledType(plain, ['console=ttyS0'], 'EventSinkConfigs.runtime.talos.dev')).not.toThrow();
    expect(() => answerUnmodelledType(plain, ['talos.events.sink=[fd00::1]:4000'], 'EventSinkConfigs.runtime.talos.dev')).toThrow('is not emulated by talsim');
    expect(() => answerUnmodelledType(plain, [], 'SeccompProfiles.cri.talos.dev')).not.toThrow();
    const seccomp = { text: '', object: { machine: { seccompProfiles: [{ name: 'audit.json', value: {} }] } } } as never;
    expect(() => answerUnmodelledType(seccomp, [], 'SeccompProfiles.cri.talos.dev')).toThrow('is not emulated by talsim');
    expect(() => answerUnmodelledType(plain, [], 'PlatformMetadatas.talos.dev')).toThrow('resource type "PlatformMetadatas.talos.dev" is not emulated by talsim');
  });
});

describe('over gRPC, as talosctl meets it', () => {
  let env: TestCluster;
  const node = () => env.node('cp-1').primaryAddress()!;
  const state = () => env.client('cosi.resource.State', 'cp-1');

  beforeAll(async () => {
    env = await startTestCluster({ controlPlanes: 1, workers: 0, services: [cosiStateService] });
  });
  afterAll(() => env.close());

  it('`get rd` lists 167 definitions; `get ls` is ambiguous, `get links` is not', async () => {
    const listed = await collect<{ resource: { metadata: { id: string }; spec: { proto_spec: Buffer } } }>(state(), 'List', { namespace: 'meta', type: 'ResourceDefinitions.meta.cosi.dev' }, { node: node() });
    expect(listed.error).toBeUndefined();
    expect(listed.messages.length).toBe(167);
    const definitions = listed.messages.map(({ resource }) => ({ id: resource.metadata.id, ...decodeMessage<{ resource_type: string; all_aliases: string[] }>('cosi.resource.meta.ResourceDefinitionSpec', resource.spec.proto_spec) }));
    expect(() => matchResourceKind(definitions as never, 'ls')).toThrow('resource type "ls" is ambiguous');
    expect(matchResourceKind(definitions as never, 'links').resource_type).toBe('LinkStatuses.net.talos.dev');
    expect(matchResourceKind(definitions as never, 'mounts').resource_type).toBe('MountStatuses.runtime.talos.dev');
  });

  it('a type talsim does not model answers Unimplemented naming it on List, Get and Watch', async () => {
    const request = { namespace: 'runtime', type: 'PlatformMetadatas.talos.dev' };
    const text = 'resource type "PlatformMetadatas.talos.dev" is not emulated by talsim';
    const listed = await collect(state(), 'List', request, { node: node() });
    expect(listed.error).toMatchObject({ code: grpc.status.UNIMPLEMENTED, details: text });
    await expect(unary(state(), 'Get', { ...request, id: 'platformmetadata' }, { node: node() })).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED, details: text });
    const watched = await collect(state(), 'Watch', { ...request, options: { bootstrap_contents: true }, api_version: 1 }, { node: node() });
    expect(watched.messages).toEqual([]);
    expect(watched.error).toMatchObject({ code: grpc.status.UNIMPLEMENTED, details: text });
  });

  it('a sensitive type talsim does not model is refused to a reader first, as Talos refuses it', async () => {
    const reader = env.client('cosi.resource.State', 'cp-1', { roles: ['os:reader'] });
    const listed = await collect(reader, 'List', { namespace: 'secrets', type: 'OSRootSecrets.secrets.talos.dev' }, { node: node() });
    expect(listed.error).toMatchObject({ code: grpc.status.PERMISSION_DENIED });
  });

  it('a type certainly empty on this node lists empty, Get is NotFound, Watch bootstraps with nothing', async () => {
    const request = { namespace: 'kubespan', type: 'KubeSpanPeerStatuses.kubespan.talos.dev' };
    const listed = await collect(state(), 'List', request, { node: node() });
    expect(listed.error).toBeUndefined();
    expect(listed.messages).toEqual([]);
    await expect(unary(state(), 'Get', { ...request, id: 'x' }, { node: node() })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    const watched = await collect<{ event: Array<{ event_type: string }> }>(state(), 'Watch', { ...request, options: { bootstrap_contents: true }, api_version: 1 }, {
      node: node(),
      until: (messages) => messages.some((message) => message.event.some((event) => event.event_type === 'BOOTSTRAPPED')),
    });
    expect(watched.error).toBeUndefined();
    expect(watched.messages.flatMap((message) => message.event).map((event) => event.event_type)).toEqual(['BOOTSTRAPPED']);
  });
});
