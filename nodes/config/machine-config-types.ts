// TypeScript shapes of a decoded v1alpha1 machine config: the fields talsim models, with the
// values go-yaml would give Talos (strings as written, octal file modes as numbers, durations
// in Go's printed form "1m0s", extraArgs values as string or string list). Every key of the
// YAML keeps its YAML name. Absent fields are absent (undefined), never defaulted here.
// Leaves out: precise types for the sections talsim does not model (bond options, disk
// encryption, registries, ...), which are typed loosely as `ConfigObject`.
import type { SourcePoint } from './diagnostic.ts';

/** A decoded YAML mapping whose fields talsim does not model one by one. */
export type ConfigObject = { [key: string]: ConfigValue };
export type ConfigValue = string | number | boolean | null | ConfigValue[] | ConfigObject;

/** Talos' Args: `--flag value` or a repeated flag. */
export type ArgValue = string | string[];
export type ExtraArgs = Record<string, ArgValue>;

export interface CertificateAndKey {
  /** Base64 of a PEM certificate. */
  crt?: string;
  /** Base64 of a PEM private key. */
  key?: string;
}

export interface RouteConfig {
  network?: string;
  gateway?: string;
  source?: string;
  metric?: number;
  mtu?: number;
}

export interface VlanConfig {
  addresses?: string[];
  cidr?: string;
  routes?: RouteConfig[];
  dhcp?: boolean;
  vlanId?: number;
  mtu?: number;
  vip?: { ip?: string };
  dhcpOptions?: ConfigObject;
}

export interface BondConfig {
  interfaces?: string[];
  deviceSelectors?: ConfigObject[];
  arpIPTarget?: string[];
  mode?: string;
  xmitHashPolicy?: string;
  lacpRate?: string;
  miimon?: number;
  updelay?: number;
  downdelay?: number;
  [option: string]: ConfigValue | undefined;
}

export interface NetworkInterfaceConfig {
  interface?: string;
  deviceSelector?: ConfigObject;
  addresses?: string[];
  cidr?: string;
  routes?: RouteConfig[];
  bond?: BondConfig;
  bridge?: { interfaces?: string[]; stp?: { enabled?: boolean }; vlan?: { vlanFiltering?: boolean } };
  bridgePort?: { master?: string };
  vlans?: VlanConfig[];
  mtu?: number;
  dhcp?: boolean;
  ignore?: boolean;
  dummy?: boolean;
  dhcpOptions?: ConfigObject;
  wireguard?: ConfigObject;
  vip?: { ip?: string };
}

export interface MachineNetworkConfig {
  hostname?: string;
  interfaces?: NetworkInterfaceConfig[];
  nameservers?: string[];
  searchDomains?: string[];
  extraHostEntries?: { ip?: string; aliases?: string[] }[];
  kubespan?: {
    enabled?: boolean;
    mtu?: number;
    filters?: { endpoints?: string[]; excludeAdvertisedNetworks?: string[] };
    [option: string]: ConfigValue | undefined;
  };
  disableSearchDomain?: boolean;
}

export interface KubeletConfig {
  image?: string;
  clusterDNS?: string[];
  extraArgs?: ExtraArgs;
  extraMounts?: ConfigObject[];
  extraConfig?: ConfigObject;
  credentialProviderConfig?: ConfigObject;
  nodeIP?: { validSubnets?: string[] };
  registerWithFQDN?: boolean;
  skipNodeRegistration?: boolean;
  defaultRuntimeSeccompProfileEnabled?: boolean;
  disableManifestsDirectory?: boolean;
}

export interface InstallConfig {
  disk?: string;
  diskSelector?: {
    size?: string;
    name?: string;
    model?: string;
    serial?: string;
    modalias?: string;
    uuid?: string;
    wwid?: string;
    type?: string;
    busPath?: string;
  };
  extraKernelArgs?: string[];
  image?: string;
  extensions?: { image?: string }[];
  bootloader?: boolean;
  wipe?: boolean;
  legacyBIOSSupport?: boolean;
  grubUseUKICmdline?: boolean;
}

export interface MachineFileConfig {
  content?: string;
  /** The file mode as a number (0o644 => 420). */
  permissions?: number;
  path?: string;
  op?: string;
}

export interface FeaturesConfig {
  rbac?: boolean;
  stableHostname?: boolean;
  kubernetesTalosAPIAccess?: { enabled?: boolean; allowedRoles?: string[]; allowedKubernetesNamespaces?: string[] };
  apidCheckExtKeyUsage?: boolean;
  diskQuotaSupport?: boolean;
  kubePrism?: { enabled?: boolean; port?: number };
  hostDNS?: { enabled?: boolean; forwardKubeDNSToHost?: boolean; resolveMemberNames?: boolean };
  imageCache?: { localEnabled?: boolean };
  nodeAddressSortAlgorithm?: string;
}

export interface MachineSection {
  type?: string;
  token?: string;
  ca?: CertificateAndKey;
  acceptedCAs?: CertificateAndKey[];
  certSANs?: string[];
  controlPlane?: { controllerManager?: { disabled?: boolean }; scheduler?: { disabled?: boolean } };
  kubelet?: KubeletConfig;
  pods?: ConfigObject[];
  network?: MachineNetworkConfig;
  disks?: { device?: string; partitions?: { size?: number; mountpoint?: string }[] }[];
  install?: InstallConfig;
  files?: MachineFileConfig[];
  env?: Record<string, string>;
  time?: { disabled?: boolean; servers?: string[]; bootTimeout?: string };
  sysctls?: Record<string, string>;
  sysfs?: Record<string, string>;
  registries?: ConfigObject;
  systemDiskEncryption?: ConfigObject;
  features?: FeaturesConfig;
  udev?: { rules?: string[] };
  logging?: { destinations?: { endpoint?: string; format?: string; extraTags?: Record<string, string> }[] };
  kernel?: { modules?: { name?: string; parameters?: string[] }[] };
  seccompProfiles?: { name?: string; value?: ConfigObject }[];
  baseRuntimeSpecOverrides?: ConfigObject;
  nodeLabels?: Record<string, string>;
  nodeAnnotations?: Record<string, string>;
  nodeTaints?: Record<string, string>;
}

export interface ControlPlaneComponentConfig {
  image?: string;
  extraArgs?: ExtraArgs;
  extraVolumes?: { hostPath?: string; mountPath?: string; readonly?: boolean }[];
  env?: Record<string, string>;
  resources?: { requests?: ConfigObject; limits?: ConfigObject };
}

export interface APIServerConfig extends ControlPlaneComponentConfig {
  certSANs?: string[];
  disablePodSecurityPolicy?: boolean;
  admissionControl?: { name?: string; configuration?: ConfigObject }[];
  auditPolicy?: ConfigObject;
  authorizationConfig?: { type?: string; name?: string; webhook?: ConfigObject }[];
}

export interface EtcdConfig {
  image?: string;
  ca?: CertificateAndKey;
  extraArgs?: ExtraArgs;
  subnet?: string;
  advertisedSubnets?: string[];
  listenSubnets?: string[];
}

export interface ClusterSection {
  id?: string;
  secret?: string;
  /** `endpoint` is the URL as written (`https://10.5.0.2:6443`). */
  controlPlane?: { endpoint?: string; localAPIServerPort?: number };
  clusterName?: string;
  network?: {
    cni?: { name?: string; urls?: string[]; flannel?: { extraArgs?: string[]; kubeNetworkPoliciesEnabled?: boolean } };
    dnsDomain?: string;
    podSubnets?: string[];
    serviceSubnets?: string[];
  };
  token?: string;
  aescbcEncryptionSecret?: string;
  secretboxEncryptionSecret?: string;
  ca?: CertificateAndKey;
  acceptedCAs?: CertificateAndKey[];
  aggregatorCA?: CertificateAndKey;
  serviceAccount?: { key?: string };
  apiServer?: APIServerConfig;
  controllerManager?: ControlPlaneComponentConfig;
  proxy?: { disabled?: boolean; image?: string; mode?: string; extraArgs?: ExtraArgs };
  scheduler?: ControlPlaneComponentConfig & { config?: ConfigObject };
  discovery?: {
    enabled?: boolean;
    registries?: { kubernetes?: { disabled?: boolean }; service?: { disabled?: boolean; endpoint?: string } };
  };
  etcd?: EtcdConfig;
  coreDNS?: { disabled?: boolean; image?: string };
  externalCloudProvider?: { enabled?: boolean; manifests?: string[] };
  extraManifests?: string[];
  extraManifestHeaders?: Record<string, string>;
  inlineManifests?: { name?: string; contents?: string }[];
  adminKubeconfig?: { certLifetime?: string };
  allowSchedulingOnMasters?: boolean;
  allowSchedulingOnControlPlanes?: boolean;
}

/** The decoded v1alpha1 document. */
export interface MachineConfig {
  version?: string;
  debug?: boolean;
  persist?: boolean;
  machine?: MachineSection;
  cluster?: ClusterSection;
}

/** A further document of the stream (`apiVersion` + `kind`), kept as decoded YAML. */
export interface OtherDocument {
  apiVersion: string;
  kind: string;
  /** The document's `name` field, '' when it has none. */
  name: string;
  /** 1-based line of the document's first key. */
  line: number;
  /** The document as decoded (fields of its kind only; the whole YAML for kinds without a schema). */
  body: ConfigObject;
  /** Position of every decoded key by dotted path ('addresses[0].address'); empty when not recorded. */
  positions: ReadonlyMap<string, SourcePoint>;
}
