// The resource types a node models (keeps in its ResourceStore and serves through COSI), each
// with the protobuf message its `proto_spec` is encoded with. Namespace, aliases, print columns
// and sensitivity are upstream's, from the table of every type Talos registers
// (talos-resource-registry.ts); the COSI API derives ResourceDefinitions from them (facts §3, §8).

import { registeredTypeDefinition, type ResourceTypeDefinition } from './talos-resource-registry.ts';

export type { ResourceTypeDefinition } from './talos-resource-registry.ts';

/** A type the node models: upstream's definition (talos-resource-registry.ts) and its spec message. */
const def = (type: string, protoSpec: string): ResourceTypeDefinition => {
  const registered = registeredTypeDefinition(type);
  if (registered === undefined) throw new RangeError(`${type} is not a type Talos registers`);
  return { ...registered, protoSpec };
};

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
  oomAction: 'OOMActions.talos.dev',
} as const;

export const RESOURCE_TYPES: ResourceTypeDefinition[] = [
  def(RT.machineStatus, 'talos.resource.definitions.runtime.MachineStatusSpec'),
  def(RT.machineConfig, 'resource.config.MachineConfigSpec'),
  def(RT.machineType, 'resource.config.MachineTypeSpec'),
  def(RT.member, 'talos.resource.definitions.cluster.MemberSpec'),
  def(RT.service, 'talos.resource.definitions.v1alpha1.ServiceSpec'),
  def(RT.linkStatus, 'talos.resource.definitions.network.LinkStatusSpec'),
  def(RT.addressStatus, 'talos.resource.definitions.network.AddressStatusSpec'),
  def(RT.hostnameStatus, 'talos.resource.definitions.network.HostnameStatusSpec'),
  def(RT.routeStatus, 'talos.resource.definitions.network.RouteStatusSpec'),
  def(RT.disk, 'talos.resource.definitions.block.DiskSpec'),
  def(RT.blockDevice, 'talos.resource.definitions.block.DeviceSpec'),
  def(RT.etcdMember, 'talos.resource.definitions.etcd.MemberSpec'),
  def(RT.nodename, 'talos.resource.definitions.k8s.NodenameSpec'),
  def(RT.staticPodStatus, 'talos.resource.definitions.k8s.StaticPodStatusSpec'),
  def(RT.version, 'talos.resource.definitions.runtime.VersionSpec'),
  def(RT.timeStatus, 'talos.resource.definitions.time.StatusSpec'),
  def(RT.nodeLabelSpec, 'talos.resource.definitions.k8s.NodeLabelSpecSpec'),
  def(RT.bootstrapManifestsConfig, 'talos.resource.definitions.k8s.BootstrapManifestsConfigSpec'),
  def(RT.resolverStatus, 'talos.resource.definitions.network.ResolverStatusSpec'),
  def(RT.timeServerStatus, 'talos.resource.definitions.network.TimeServerStatusSpec'),
  def(RT.volumeStatus, 'talos.resource.definitions.block.VolumeStatusSpec'),
  def(RT.mountStatus, 'talos.resource.definitions.block.MountStatusSpec'),
  def(RT.swapStatus, 'talos.resource.definitions.block.SwapStatusSpec'),
  def(RT.nodeAddress, 'talos.resource.definitions.network.NodeAddressSpec'),
  def(RT.etcdSpec, 'talos.resource.definitions.etcd.SpecSpec'),
  def(RT.staticPod, 'talos.resource.definitions.k8s.StaticPodSpec'),
  def(RT.kubeletSpec, 'talos.resource.definitions.k8s.KubeletSpecSpec'),
  def(RT.systemDisk, 'talos.resource.definitions.block.SystemDiskSpec'),
  def(RT.discoveredVolume, 'talos.resource.definitions.block.DiscoveredVolumeSpec'),
  def(RT.certSan, 'talos.resource.definitions.secrets.CertSANSpec'),
  def(RT.apiCertificates, 'talos.resource.definitions.secrets.APICertsSpec'),
  def(RT.diagnostic, 'talos.resource.definitions.runtime.DiagnosticSpec'),
  def(RT.networkStatus, 'talos.resource.definitions.network.StatusSpec'),
  def(RT.clusterInfo, 'talos.resource.definitions.cluster.InfoSpec'),
  def(RT.systemInformation, 'talos.resource.definitions.hardware.SystemInformationSpec'),
  def(RT.extensionStatus, 'talos.resource.definitions.extensions.Layer'),
  def(RT.securityState, 'talos.resource.definitions.runtime.SecurityStateSpec'),
  def(RT.oomAction, 'talos.resource.definitions.runtime.OOMActionSpec'),
];

export function resourceTypeDefinition(type: string): ResourceTypeDefinition | undefined {
  return RESOURCE_TYPES.find((t) => t.type === type);
}
