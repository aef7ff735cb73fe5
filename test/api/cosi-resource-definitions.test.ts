// ResourceDefinitions are derived from the type table exactly as COSI fills them in, so talosctl
// resolves the same names against talsim as against a Talos node: display type = singular of the
// Name, aliases = declared + display type + capitals (+s), allAliases = Name, Name.<suffix
// prefixes>, then the aliases.

import { describe, expect, it } from 'vitest';
import {
  allResourceDefinitions,
  deriveResourceDefinition,
  findRegisteredType,
  isServedNamespace,
  emulatedResourceTypes,
  singularTypeName,
} from '../../nodes/api/cosi-resource-definitions.ts';
import { RESOURCE_TYPES } from '../../nodes/resources/resource-types.ts';

/** type -> [displayType, aliases, allAliases], worked out by hand from COSI's rules. */
const EXPECTED: Record<string, [string, string[], string[]]> = {
  'MachineStatuses.runtime.talos.dev': [
    'MachineStatus',
    ['machinestatus', 'ms'],
    ['machinestatuses', 'machinestatuses.runtime', 'machinestatuses.runtime.talos', 'machinestatus', 'ms'],
  ],
  'MachineConfigs.config.talos.dev': [
    'MachineConfig',
    ['machineconfig', 'mc', 'mcs'],
    ['machineconfigs', 'machineconfigs.config', 'machineconfigs.config.talos', 'machineconfig', 'mc', 'mcs'],
  ],
  'MachineTypes.config.talos.dev': [
    'MachineType',
    ['machinetype', 'mt', 'mts'],
    ['machinetypes', 'machinetypes.config', 'machinetypes.config.talos', 'machinetype', 'mt', 'mts'],
  ],
  'Members.cluster.talos.dev': ['Member', ['member'], ['members', 'members.cluster', 'members.cluster.talos', 'member']],
  'Services.v1alpha1.talos.dev': [
    'Service',
    ['svc', 'service'],
    ['services', 'services.v1alpha1', 'services.v1alpha1.talos', 'svc', 'service'],
  ],
  'LinkStatuses.net.talos.dev': [
    'LinkStatus',
    ['link', 'links', 'linkstatus', 'ls'],
    ['linkstatuses', 'linkstatuses.net', 'linkstatuses.net.talos', 'link', 'links', 'linkstatus', 'ls'],
  ],
  'AddressStatuses.net.talos.dev': [
    'AddressStatus',
    ['address', 'addresses', 'addressstatus', 'as'],
    ['addressstatuses', 'addressstatuses.net', 'addressstatuses.net.talos', 'address', 'addresses', 'addressstatus', 'as'],
  ],
  'HostnameStatuses.net.talos.dev': [
    'HostnameStatus',
    ['hostname', 'hostnamestatus', 'hs'],
    ['hostnamestatuses', 'hostnamestatuses.net', 'hostnamestatuses.net.talos', 'hostname', 'hostnamestatus', 'hs'],
  ],
  'RouteStatuses.net.talos.dev': [
    'RouteStatus',
    ['route', 'routes', 'routestatus', 'rs'],
    ['routestatuses', 'routestatuses.net', 'routestatuses.net.talos', 'route', 'routes', 'routestatus', 'rs'],
  ],
  'Disks.block.talos.dev': ['Disk', ['disk'], ['disks', 'disks.block', 'disks.block.talos', 'disk']],
  'Diagnostics.runtime.talos.dev': ['Diagnostic', ['diagnostic'], ['diagnostics', 'diagnostics.runtime', 'diagnostics.runtime.talos', 'diagnostic']],
  'ResolverStatuses.net.talos.dev': [
    'ResolverStatus',
    ['resolvers', 'resolverstatus', 'rs'],
    ['resolverstatuses', 'resolverstatuses.net', 'resolverstatuses.net.talos', 'resolvers', 'resolverstatus', 'rs'],
  ],
  'TimeServerStatuses.net.talos.dev': [
    'TimeServerStatus',
    ['timeserver', 'timeservers', 'timeserverstatus', 'tss'],
    ['timeserverstatuses', 'timeserverstatuses.net', 'timeserverstatuses.net.talos', 'timeserver', 'timeservers', 'timeserverstatus', 'tss'],
  ],
  'VolumeStatuses.block.talos.dev': [
    'VolumeStatus',
    ['volumestatus', 'vs'],
    ['volumestatuses', 'volumestatuses.block', 'volumestatuses.block.talos', 'volumestatus', 'vs'],
  ],
  'MountStatuses.block.talos.dev': ['MountStatus', ['mountstatus', 'ms'], ['mountstatuses', 'mountstatuses.block', 'mountstatuses.block.talos', 'mountstatus', 'ms']],
  'SwapStatuses.block.talos.dev': ['SwapStatus', ['swap', 'swaps', 'swapstatus', 'ss'], ['swapstatuses', 'swapstatuses.block', 'swapstatuses.block.talos', 'swap', 'swaps', 'swapstatus', 'ss']],
  'NodeAddresses.net.talos.dev': ['NodeAddress', ['nodeaddress', 'na', 'nas'], ['nodeaddresses', 'nodeaddresses.net', 'nodeaddresses.net.talos', 'nodeaddress', 'na', 'nas']],
  'EtcdSpecs.etcd.talos.dev': ['EtcdSpec', ['etcdspec', 'es'], ['etcdspecs', 'etcdspecs.etcd', 'etcdspecs.etcd.talos', 'etcdspec', 'es']],
  'StaticPods.kubernetes.talos.dev': ['StaticPod', ['staticpod', 'sp', 'sps'], ['staticpods', 'staticpods.kubernetes', 'staticpods.kubernetes.talos', 'staticpod', 'sp', 'sps']],
  'KubeletSpecs.kubernetes.talos.dev': ['KubeletSpec', ['kubeletspec', 'ks'], ['kubeletspecs', 'kubeletspecs.kubernetes', 'kubeletspecs.kubernetes.talos', 'kubeletspec', 'ks']],
  'SystemDisks.block.talos.dev': ['SystemDisk', ['systemdisk', 'sd', 'sds'], ['systemdisks', 'systemdisks.block', 'systemdisks.block.talos', 'systemdisk', 'sd', 'sds']],
  'DiscoveredVolumes.block.talos.dev': ['DiscoveredVolume', ['discoveredvolume', 'dv', 'dvs'], ['discoveredvolumes', 'discoveredvolumes.block', 'discoveredvolumes.block.talos', 'discoveredvolume', 'dv', 'dvs']],
  'CertSANs.secrets.talos.dev': ['CertSAN', ['certsan', 'csan', 'csans'], ['certsans', 'certsans.secrets', 'certsans.secrets.talos', 'certsan', 'csan', 'csans']],
  'ApiCertificates.secrets.talos.dev': ['ApiCertificate', ['apicertificate', 'ac', 'acs'], ['apicertificates', 'apicertificates.secrets', 'apicertificates.secrets.talos', 'apicertificate', 'ac', 'acs']],
  'NetworkStatuses.net.talos.dev': ['NetworkStatus', ['netstatus', 'netstatuses', 'networkstatus', 'ns'], ['networkstatuses', 'networkstatuses.net', 'networkstatuses.net.talos', 'netstatus', 'netstatuses', 'networkstatus', 'ns']],
  'Infos.cluster.talos.dev': ['Info', ['info'], ['infos', 'infos.cluster', 'infos.cluster.talos', 'info']],
  // Its own alias plus COSI's lower-cased display type: Fill() appends without removing the repeat.
  'SystemInformations.hardware.talos.dev': [
    'SystemInformation',
    ['systeminformation', 'systeminformation', 'si', 'sis'],
    ['systeminformations', 'systeminformations.hardware', 'systeminformations.hardware.talos', 'systeminformation', 'systeminformation', 'si', 'sis'],
  ],
  // Upper letters "ES" end in S: no extra plural abbreviation.
  'ExtensionStatuses.runtime.talos.dev': ['ExtensionStatus', ['extensions', 'extensionstatus', 'es'], ['extensionstatuses', 'extensionstatuses.runtime', 'extensionstatuses.runtime.talos', 'extensions', 'extensionstatus', 'es']],
  // Suffix talos.dev (no group word): two dotted forms only.
  'SecurityStates.talos.dev': ['SecurityState', ['securitystate', 'ss'], ['securitystates', 'securitystates.talos', 'securitystate', 'ss']],
  // Declared aliases, then the display type's repeat, then the capitals "OOMA" and their plural.
  'OOMActions.talos.dev': ['OOMAction', ['oomaction', 'oomactions', 'oomaction', 'ooma', 'oomas'], ['oomactions', 'oomactions.talos', 'oomaction', 'oomactions', 'oomaction', 'ooma', 'oomas']],
  'BlockDevices.block.talos.dev': [
    'BlockDevice',
    ['blockdevice', 'bd', 'bds'],
    ['blockdevices', 'blockdevices.block', 'blockdevices.block.talos', 'blockdevice', 'bd', 'bds'],
  ],
  'EtcdMembers.etcd.talos.dev': [
    'EtcdMember',
    ['etcdmember', 'em', 'ems'],
    ['etcdmembers', 'etcdmembers.etcd', 'etcdmembers.etcd.talos', 'etcdmember', 'em', 'ems'],
  ],
  'Nodenames.kubernetes.talos.dev': [
    'Nodename',
    ['nodename'],
    ['nodenames', 'nodenames.kubernetes', 'nodenames.kubernetes.talos', 'nodename'],
  ],
  'StaticPodStatuses.kubernetes.talos.dev': [
    'StaticPodStatus',
    ['podstatus', 'staticpodstatus', 'sps'],
    ['staticpodstatuses', 'staticpodstatuses.kubernetes', 'staticpodstatuses.kubernetes.talos', 'podstatus', 'staticpodstatus', 'sps'],
  ],
  'Versions.runtime.talos.dev': ['Version', ['version'], ['versions', 'versions.runtime', 'versions.runtime.talos', 'version']],
  'TimeStatuses.v1alpha1.talos.dev': [
    'TimeStatus',
    ['timestatus', 'ts'],
    ['timestatuses', 'timestatuses.v1alpha1', 'timestatuses.v1alpha1.talos', 'timestatus', 'ts'],
  ],
  'NodeLabelSpecs.k8s.talos.dev': [
    'NodeLabelSpec',
    ['nodelabelspec', 'nls'],
    ['nodelabelspecs', 'nodelabelspecs.k8s', 'nodelabelspecs.k8s.talos', 'nodelabelspec', 'nls'],
  ],
  'BootstrapManifestsConfigs.kubernetes.talos.dev': [
    'BootstrapManifestsConfig',
    ['bootstrapmanifestsconfig', 'bmc', 'bmcs'],
    ['bootstrapmanifestsconfigs', 'bootstrapmanifestsconfigs.kubernetes', 'bootstrapmanifestsconfigs.kubernetes.talos', 'bootstrapmanifestsconfig', 'bmc', 'bmcs'],
  ],
  'ResourceDefinitions.meta.cosi.dev': [
    'ResourceDefinition',
    ['api-resources', 'resourcedefinition', 'rd', 'rds'],
    ['resourcedefinitions', 'resourcedefinitions.meta', 'resourcedefinitions.meta.cosi', 'api-resources', 'resourcedefinition', 'rd', 'rds'],
  ],
  'Namespaces.meta.cosi.dev': ['Namespace', ['ns', 'namespace'], ['namespaces', 'namespaces.meta', 'namespaces.meta.cosi', 'ns', 'namespace']],
};

describe('ResourceDefinition derivation', () => {
  it('covers every type talsim models with a hand-worked expectation', () => {
    expect(emulatedResourceTypes().map((t) => t.type).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [type, [displayType, aliases, allAliases]] of Object.entries(EXPECTED)) {
    it(`${type}: ${displayType}, aliases ${aliases.join(' ')}`, () => {
      const spec = deriveResourceDefinition(findRegisteredType(type)!);
      expect(spec.type).toBe(type);
      expect(spec.displayType).toBe(displayType);
      expect(spec.aliases).toEqual(aliases);
      expect(spec.allAliases).toEqual(allAliases);
    });
  }

  it('keeps namespace, print columns and sensitivity from the table', () => {
    const machineStatus = deriveResourceDefinition(findRegisteredType('MachineStatuses.runtime.talos.dev')!);
    expect(machineStatus.defaultNamespace).toBe('runtime');
    expect(machineStatus.printColumns).toEqual([
      { name: 'Stage', jsonPath: '{.stage}' },
      { name: 'Ready', jsonPath: '{.status.ready}' },
    ]);
    expect(machineStatus.sensitivity).toBeUndefined();
    expect(deriveResourceDefinition(findRegisteredType('MachineConfigs.config.talos.dev')!).sensitivity).toBe('sensitive');
  });

  it('singularises the endings Talos type names use', () => {
    expect(singularTypeName('MachineStatuses')).toBe('MachineStatus');
    expect(singularTypeName('AddressStatuses')).toBe('AddressStatus');
    expect(singularTypeName('Services')).toBe('Service');
    expect(singularTypeName('Namespaces')).toBe('Namespace');
    expect(singularTypeName('Identities')).toBe('Identity');
    expect(singularTypeName('Processes')).toBe('Process');
    expect(singularTypeName('Aliases')).toBe('Alias');
    expect(singularTypeName('Infos')).toBe('Info');
    // go-pluralize's rules as COSI applies them, odd ones included.
    expect(singularTypeName('BootedEntries')).toBe('BootedEntry');
    expect(singularTypeName('LinkRefreshes')).toBe('LinkRefresh');
    expect(singularTypeName('HardwareAddresses')).toBe('HardwareAddress');
    expect(singularTypeName('DNSResolveCaches')).toBe('DNSResolveCach');
    expect(singularTypeName('PlatformMetadatas')).toBe('PlatformMetadata');
    expect(singularTypeName('KubeSpanIdentities')).toBe('KubeSpanIdentity');
  });

  it('adds no automatic alias to a type that turns them off (runtime MountStatuses: only `mounts`)', () => {
    const spec = deriveResourceDefinition(findRegisteredType('MountStatuses.runtime.talos.dev')!);
    expect(spec.displayType).toBe('MountStatus');
    expect(spec.aliases).toEqual(['mounts']);
    expect(spec.allAliases).toEqual(['mounts']);
    expect(spec.skipAutomaticAliases).toBe(true);
  });

  it('finds a type by its definition id, whatever the case', () => {
    expect(findRegisteredType('machinestatuses.runtime.talos.dev')?.type).toBe('MachineStatuses.runtime.talos.dev');
    expect(findRegisteredType('MachineStatus')).toBeUndefined();
    // Registered though talsim does not model it.
    expect(findRegisteredType('platformmetadatas.talos.dev')?.type).toBe('PlatformMetadatas.talos.dev');
  });

  it('lists definitions sorted by id and serves every namespace the table uses', () => {
    const ids = allResourceDefinitions().map((spec) => spec.type.toLowerCase());
    expect(ids).toEqual([...ids].sort());
    for (const definition of RESOURCE_TYPES) expect(isServedNamespace(definition.namespace)).toBe(true);
    expect(isServedNamespace('meta')).toBe(true);
    expect(isServedNamespace('nosuch')).toBe(false);
  });

  it('refuses a type name without a suffix', () => {
    expect(() => deriveResourceDefinition({ type: 'Things', namespace: 'x', aliases: [], printColumns: [], sensitive: false })).toThrow(RangeError);
  });
});
