// Which multi-document config kinds (`apiVersion: v1alpha1` + `kind: X`) each Talos release
// registers; the decoder rejects any other kind with `"<kind>" "<apiVersion>": not registered`.
// Read from the registry calls in siderolabs/talos pkg/machinery/config/types at v1.11.0,
// v1.12.0, v1.13.0 and v1.14.0-rc.1. Leaves out: the contents of these documents (not modelled),
// releases before v1.11 (they get the v1.11 list).
import { isAtLeast } from './talos-version.ts';

/** Every registered kind accepts only `apiVersion: v1alpha1`. */
export const MULTI_DOCUMENT_API_VERSION = 'v1alpha1';

const KINDS_V1_11 = [
  'EthernetConfig', 'EventSinkConfig', 'ExistingVolumeConfig', 'ExtensionServiceConfig', 'KmsgLogConfig',
  'KubeSpanEndpointsConfig', 'NetworkDefaultActionConfig', 'NetworkRuleConfig', 'PCIDriverRebindConfig',
  'RawVolumeConfig', 'SideroLinkConfig', 'SwapVolumeConfig', 'TrustedRootsConfig', 'UserVolumeConfig',
  'VolumeConfig', 'WatchdogTimerConfig', 'ZswapConfig',
];

const ADDED_V1_12 = [
  'BondConfig', 'BridgeConfig', 'DHCPv4Config', 'DHCPv6Config', 'DummyLinkConfig', 'HCloudVIPConfig',
  'HostnameConfig', 'Layer2VIPConfig', 'LinkAliasConfig', 'LinkConfig', 'OOMConfig', 'RegistryAuthConfig',
  'RegistryMirrorConfig', 'RegistryTLSConfig', 'ResolverConfig', 'StaticHostConfig', 'TimeSyncConfig',
  'VLANConfig', 'WireguardConfig',
];

const ADDED_V1_13 = [
  'BlackholeRouteConfig', 'EnvironmentConfig', 'ExternalVolumeConfig', 'ImageVerificationConfig',
  'KubeSpanConfig', 'RoutingRuleConfig', 'TCPProbeConfig', 'VRFConfig',
];

const ADDED_V1_14 = [
  'BGPInstanceConfig', 'CRIBaseRuntimeSpecConfig', 'CRICustomizationConfig', 'ContainerConfig',
  'DiscoveryIdentityConfig', 'DiscoveryServiceConfig', 'EtcFileConfig', 'FilesystemScrubConfig',
  'FilesystemTrimConfig', 'HTTPProbeConfig', 'ImageCacheConfig', 'KernelModuleConfig', 'KubeAPIServerCAConfig',
  'KubeAPIServerConfig', 'KubeAdmissionControlConfig', 'KubeAggregatorCAConfig', 'KubeAuditPolicyConfig',
  'KubeAuthenticationConfig', 'KubeAuthorizerConfig', 'KubeClusterConfig', 'KubeControllerManagerConfig',
  'KubeCoreDNSConfig', 'KubeCredentialProviderConfig', 'KubeEtcdEncryptionConfig', 'KubeExternalManifestConfig',
  'KubeFlannelCNIConfig', 'KubeInlineManifestConfig', 'KubeNetworkConfig', 'KubeNodeConfig', 'KubePrismConfig',
  'KubeProxyConfig', 'KubeSchedulerConfig', 'KubeServiceAccountConfig', 'KubeStaticPodConfig',
  'KubeTalosAPIAccessConfig', 'KubeletConfig', 'LVMLogicalVolumeConfig', 'LVMVolumeGroupConfig', 'RAIDArrayConfig',
  'SecurityProfileConfig', 'SysctlConfig', 'SysfsConfig', 'UdevRulesConfig', 'UnattendedInstallConfig', 'VethConfig',
];

/** The kinds a release registers (besides the legacy v1alpha1 document). */
export function registeredKinds(talosVersion: string): ReadonlySet<string> {
  const kinds = [...KINDS_V1_11];
  if (isAtLeast(talosVersion, 'v1.12.0')) kinds.push(...ADDED_V1_12);
  if (isAtLeast(talosVersion, 'v1.13.0')) kinds.push(...ADDED_V1_13);
  if (isAtLeast(talosVersion, 'v1.14.0')) kinds.push(...ADDED_V1_14);
  return new Set(kinds);
}

/** The registry's answer for a document kind: '' when known, else Talos' error text. */
export function registryLookupError(kind: string, apiVersion: string, talosVersion: string): string {
  if (apiVersion === MULTI_DOCUMENT_API_VERSION && registeredKinds(talosVersion).has(kind)) return '';
  return `"${kind}" "${apiVersion}": not registered`;
}
