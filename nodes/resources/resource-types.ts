// The resource types a node keeps, declared once as data: Talos's type names, default
// namespaces, declared aliases, print columns (k8s JSONPath over the YAML spec) and sensitivity.
// The COSI API derives ResourceDefinitions from this table (facts §3, §8).

export interface ResourceTypeDefinition {
  type: string;
  namespace: string;
  aliases: string[];
  printColumns: Array<{ name: string; jsonPath: string }>;
  sensitive: boolean;
  /** Fully qualified protobuf message of the spec, when we encode `proto_spec`. */
  protoSpec?: string;
}

const def = (
  type: string,
  namespace: string,
  printColumns: Array<[string, string]> = [],
  extra: Partial<ResourceTypeDefinition> = {},
): ResourceTypeDefinition => ({
  type,
  namespace,
  aliases: [],
  printColumns: printColumns.map(([name, jsonPath]) => ({ name, jsonPath })),
  sensitive: false,
  ...extra,
});

export const RT = {
  machineStatus: 'MachineStatuses.runtime.talos.dev',
  diagnostic: 'Diagnostics.runtime.talos.dev',
  machineConfig: 'MachineConfigs.config.talos.dev',
  machineType: 'MachineTypes.config.talos.dev',
  member: 'Members.cluster.talos.dev',
  service: 'Services.v1alpha1.talos.dev',
  linkStatus: 'LinkStatuses.net.talos.dev',
  addressStatus: 'AddressStatuses.net.talos.dev',
  hostnameStatus: 'HostnameStatuses.net.talos.dev',
  routeStatus: 'RouteStatuses.net.talos.dev',
  disk: 'Disks.block.talos.dev',
  blockDevice: 'BlockDevices.block.talos.dev',
  etcdMember: 'EtcdMembers.etcd.talos.dev',
  nodename: 'Nodenames.kubernetes.talos.dev',
  staticPodStatus: 'StaticPodStatuses.kubernetes.talos.dev',
  version: 'Versions.runtime.talos.dev',
  timeStatus: 'TimeStatuses.v1alpha1.talos.dev',
  nodeLabelSpec: 'NodeLabelSpecs.k8s.talos.dev',
  bootstrapManifestsConfig: 'BootstrapManifestsConfigs.kubernetes.talos.dev',
  resolverStatus: 'ResolverStatuses.net.talos.dev',
  timeServerStatus: 'TimeServerStatuses.net.talos.dev',
  volumeStatus: 'VolumeStatuses.block.talos.dev',
  mountStatus: 'MountStatuses.block.talos.dev',
  swapStatus: 'SwapStatuses.block.talos.dev',
  nodeAddress: 'NodeAddresses.net.talos.dev',
  etcdSpec: 'EtcdSpecs.etcd.talos.dev',
  staticPod: 'StaticPods.kubernetes.talos.dev',
  kubeletSpec: 'KubeletSpecs.kubernetes.talos.dev',
  systemDisk: 'SystemDisks.block.talos.dev',
  discoveredVolume: 'DiscoveredVolumes.block.talos.dev',
  certSan: 'CertSANs.secrets.talos.dev',
  apiCertificates: 'ApiCertificates.secrets.talos.dev',
  networkStatus: 'NetworkStatuses.net.talos.dev',
  clusterInfo: 'Infos.cluster.talos.dev',
  systemInformation: 'SystemInformations.hardware.talos.dev',
  extensionStatus: 'ExtensionStatuses.runtime.talos.dev',
  securityState: 'SecurityStates.talos.dev',
} as const;

export const RESOURCE_TYPES: ResourceTypeDefinition[] = [
  def(RT.machineStatus, 'runtime', [['Stage', '{.stage}'], ['Ready', '{.status.ready}']], {
    protoSpec: 'talos.resource.definitions.runtime.MachineStatusSpec',
  }),
  def(RT.machineConfig, 'config', [], { sensitive: true, protoSpec: 'resource.config.MachineConfigSpec' }),
  def(RT.machineType, 'config', [['Type', '{@}']], { protoSpec: 'resource.config.MachineTypeSpec' }),
  def(RT.member, 'cluster', [
    ['Hostname', '{.hostname}'],
    ['Machine Type', '{.machineType}'],
    ['OS', '{.operatingSystem}'],
    ['Addresses', '{.addresses}'],
  ], { protoSpec: 'talos.resource.definitions.cluster.MemberSpec' }),
  def(RT.service, 'runtime', [['Running', '{.running}'], ['Healthy', '{.healthy}'], ['Health Unknown', '{.unknown}']], {
    aliases: ['svc'],
    protoSpec: 'talos.resource.definitions.v1alpha1.ServiceSpec',
  }),
  def(
    RT.linkStatus,
    'network',
    [
      ['Alias', '{.alias}'],
      ['Type', '{.type}'],
      ['Kind', '{.kind}'],
      ['Hw Addr', '{.hardwareAddr}'],
      ['Oper State', '{.operationalState}'],
      ['Link State', '{.linkState}'],
    ],
    { aliases: ['link', 'links'], protoSpec: 'talos.resource.definitions.network.LinkStatusSpec' },
  ),
  def(RT.addressStatus, 'network', [['Address', '{.address}'], ['Link', '{.linkName}']], { aliases: ['address', 'addresses'], protoSpec: 'talos.resource.definitions.network.AddressStatusSpec' }),
  def(RT.hostnameStatus, 'network', [['Hostname', '{.hostname}'], ['Domainname', '{.domainname}']], {
    aliases: ['hostname'],
    protoSpec: 'talos.resource.definitions.network.HostnameStatusSpec',
  }),
  def(RT.routeStatus, 'network', [
    ['Destination', '{.dst}'],
    ['Gateway', '{.gateway}'],
    ['Link', '{.outLinkName}'],
    ['Metric', '{.priority}'],
  ], { aliases: ['route', 'routes'], protoSpec: 'talos.resource.definitions.network.RouteStatusSpec' }),
  def(RT.disk, 'runtime', [
    ['Size', '{.pretty_size}'],
    ['Read Only', '{.readonly}'],
    ['Transport', '{.transport}'],
    ['Rotational', '{.rotational}'],
    ['WWID', '{.wwid}'],
    ['Model', '{.model}'],
    ['Serial', '{.serial}'],
  ], { protoSpec: 'talos.resource.definitions.block.DiskSpec' }),
  def(RT.blockDevice, 'runtime', [['Type', '{.type}'], ['PartitionName', '{.partitionName}'], ['Generation', '{.generation}']], {
    protoSpec: 'talos.resource.definitions.block.DeviceSpec',
  }),
  def(RT.etcdMember, 'etcd', [['Member ID', '{.memberID}']], { protoSpec: 'talos.resource.definitions.etcd.MemberSpec' }),
  def(RT.nodename, 'k8s', [['Nodename', '{.nodename}']], { protoSpec: 'talos.resource.definitions.k8s.NodenameSpec' }),
  def(RT.staticPodStatus, 'k8s', [['Ready', '{.conditions[?(@.type=="Ready")].status}']], { aliases: ['podstatus'], protoSpec: 'talos.resource.definitions.k8s.StaticPodStatusSpec' }),
  def(RT.version, 'runtime', [['Name', '{.name}'], ['Version', '{.version}']], { protoSpec: 'talos.resource.definitions.runtime.VersionSpec' }),
  def(RT.timeStatus, 'runtime', [['Synced', '{.synced}']], { protoSpec: 'talos.resource.definitions.time.StatusSpec' }),
  def(RT.nodeLabelSpec, 'k8s', [['Value', '{.value}']], { sensitive: true, protoSpec: 'talos.resource.definitions.k8s.NodeLabelSpecSpec' }),
  def(RT.bootstrapManifestsConfig, 'controlplane', [], { protoSpec: 'talos.resource.definitions.k8s.BootstrapManifestsConfigSpec' }),
  def(RT.resolverStatus, 'network', [['Resolvers', '{.dnsServers}'], ['Search Domains', '{.searchDomains}']], {
    aliases: ['resolvers'],
    protoSpec: 'talos.resource.definitions.network.ResolverStatusSpec',
  }),
  def(RT.timeServerStatus, 'network', [['Timeservers', '{.timeServers}']], {
    aliases: ['timeserver', 'timeservers'],
    protoSpec: 'talos.resource.definitions.network.TimeServerStatusSpec',
  }),
  def(RT.volumeStatus, 'runtime', [['Type', '{.type}'], ['Phase', '{.phase}'], ['Location', '{.location}'], ['Size', '{.prettySize}']], {
    protoSpec: 'talos.resource.definitions.block.VolumeStatusSpec',
  }),
  def(RT.mountStatus, 'runtime', [['Source', '{.source}'], ['Target', '{.target}'], ['Filesystem', '{.filesystem}'], ['Volume', '{.spec.volumeID}']], {
    protoSpec: 'talos.resource.definitions.block.MountStatusSpec',
  }),
  def(RT.swapStatus, 'runtime', [['Device', '{.device}'], ['Size', '{.sizeHuman}'], ['Used', '{.usedHuman}'], ['Priority', '{.priority}']], {
    aliases: ['swap', 'swaps'],
    protoSpec: 'talos.resource.definitions.block.SwapStatusSpec',
  }),
  def(RT.nodeAddress, 'network', [['Addresses', '{.addresses}'], ['SortAlgorithm', '{.sortAlgorithm}']], { protoSpec: 'talos.resource.definitions.network.NodeAddressSpec' }),
  def(RT.etcdSpec, 'etcd', [
    ['Name', '{.name}'],
    ['AdvertisedAddresses', '{.advertisedAddresses}'],
    ['ListenPeerAddresses', '{.listenPeerAddresses}'],
    ['ListenClientAddresses', '{.listenClientAddresses}'],
  ], { protoSpec: 'talos.resource.definitions.etcd.SpecSpec' }),
  def(RT.staticPod, 'k8s', [], { protoSpec: 'talos.resource.definitions.k8s.StaticPodSpec' }),
  def(RT.kubeletSpec, 'k8s', [], { sensitive: true, protoSpec: 'talos.resource.definitions.k8s.KubeletSpecSpec' }),
  def(RT.systemDisk, 'runtime', [['Disk', '{.diskID}']], { protoSpec: 'talos.resource.definitions.block.SystemDiskSpec' }),
  def(RT.discoveredVolume, 'runtime', [
    ['Type', '{.type}'],
    ['Size', '{.pretty_size}'],
    ['Discovered', '{.name}'],
    ['Label', '{.label}'],
    ['PartitionLabel', '{.partition_label}'],
  ], { protoSpec: 'talos.resource.definitions.block.DiscoveredVolumeSpec' }),
  def(RT.certSan, 'secrets', [], { sensitive: true, protoSpec: 'talos.resource.definitions.secrets.CertSANSpec' }),
  def(RT.apiCertificates, 'secrets', [], { sensitive: true, protoSpec: 'talos.resource.definitions.secrets.APICertsSpec' }),
  def(RT.diagnostic, 'runtime', [['Message', '{.message}']], { protoSpec: 'talos.resource.definitions.runtime.DiagnosticSpec' }),
  def(RT.networkStatus, 'network', [['Address', '{.addressReady}'], ['Connectivity', '{.connectivityReady}'], ['Hostname', '{.hostnameReady}'], ['Etc', '{.etcFilesReady}']], {
    aliases: ['netstatus', 'netstatuses'],
    protoSpec: 'talos.resource.definitions.network.StatusSpec',
  }),
  def(RT.clusterInfo, 'cluster', [['Cluster ID', '{.clusterId}'], ['Cluster Name', '{.clusterName}']], { protoSpec: 'talos.resource.definitions.cluster.InfoSpec' }),
  def(RT.systemInformation, 'hardware', [
    ['Manufacturer', '{.manufacturer}'],
    ['ProductName', '{.productName}'],
    ['Version', '{.version}'],
    ['SerialNumber', '{.serialnumber}'],
    ['UUID', '{.uuid}'],
    ['WakeUpType', '{.wakeUpType}'],
    ['SKUNumber', '{.skuNumber}'],
  ], { aliases: ['systeminformation'], protoSpec: 'talos.resource.definitions.hardware.SystemInformationSpec' }),
  // One per system extension (none on a plain install); the columns read the extension's metadata.
  def(RT.extensionStatus, 'runtime', [['Name', '{.metadata.name}'], ['Version', '{.metadata.version}']], {
    aliases: ['extensions'],
    protoSpec: 'talos.resource.definitions.extensions.Layer',
  }),
  // Upstream's type has no group of its own (SecurityStates.talos.dev), in the runtime namespace.
  def(RT.securityState, 'runtime', [
    ['SecureBoot', '{.secureBoot}'],
    ['UKISigningKeyFingerprint', '{.ukiSigningKeyFingerprint}'],
    ['PCRSigningKeyFingerprint', '{.pcrSigningKeyFingerprint}'],
    ['SELinuxState', '{.selinuxState}'],
    ['ModuleSignatureEnforced', '{.moduleSignatureEnforced}'],
  ], { protoSpec: 'talos.resource.definitions.runtime.SecurityStateSpec' }),
];

export function resourceTypeDefinition(type: string): ResourceTypeDefinition | undefined {
  return RESOURCE_TYPES.find((t) => t.type === type);
}
