// The v1alpha1 machine config document as data: every key Talos v1.13 accepts, the Go type
// each decodes into (for go-yaml's "cannot construct ... into <type>" errors), the key order
// Talos prints, and how strategic-merge patches combine each list. Read from siderolabs/talos
// pkg/machinery/config/types/v1alpha1/v1alpha1_types.go at v1.13.0 (v1.12 and v1.14 differ only
// where a field says `since`). Free-form maps (extraArgs, nodeLabels, sysctls, env, ...) accept
// any key; `any` nodes (Talos' Unstructured) accept any YAML at all.
// Leaves out: per-field documentation and defaults (validation and the node supply those).

/** A leaf decoded by a Talos type with its own YAML unmarshaller. */
export type ScalarDecoder =
  | 'plain' // string/bool/int per goType
  | 'endpoint' // *v1alpha1.Endpoint: a URL string (url.Parse)
  | 'duration' // time.Duration: "30s", "1h"
  | 'fileMode' // v1alpha1.FileMode: an integer, usually octal (0o644)
  | 'humanBytes' // v1alpha1.DiskSize: "10GB" or a number
  | 'diskSizeMatcher' // v1alpha1.InstallDiskSizeMatcher: ">= 8GB"
  | 'base64' // []byte fields of the PEM types and Base64Bytes
  | 'text'; // a type with its own UnmarshalText (multi-document kinds: netip.Prefix, enums, sizes)

export type GoScalarType = 'string' | 'bool' | 'int' | 'int32' | 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'float64';

/** How a strategic-merge patch combines a list (Talos pkg/machinery/config/merge). */
export type ListMerge =
  | { by: 'append' }
  | { by: 'replace' }
  /** Items with the same value of `key` are merged, others appended (interfaces, vlans, admission plugins). */
  | { by: 'key'; key: string; alternateKey?: string };

interface SchemaBase {
  /** The Go type name go-yaml reports in type errors (pointers dereferenced). */
  goType: string;
  /** First Talos release that knows the field; absent = every modelled release. */
  since?: string;
}

export interface ScalarSchema extends SchemaBase {
  kind: 'scalar';
  scalarType: GoScalarType;
  decoder: ScalarDecoder;
}

export interface StructSchema extends SchemaBase {
  kind: 'struct';
  fields: Record<string, FieldSchema>;
  /** Struct pointer in Go: absent/null stays absent (a value struct decodes null to zero). */
  pointer: boolean;
}

export interface ListSchema extends SchemaBase {
  kind: 'list';
  item: FieldSchema;
  merge: ListMerge;
}

export interface MapSchema extends SchemaBase {
  kind: 'map';
  value: FieldSchema;
  /** `merge:"replace"` in Talos: a patch replaces the whole map. */
  replaceOnMerge?: boolean;
}

/** Talos' Args: values are a string, or (since v1.13) a list of strings. */
export interface ArgsSchema extends SchemaBase {
  kind: 'args';
}

/** Talos' Unstructured / interface{}: any YAML; `replaceOnMerge` for auditPolicy. */
export interface AnySchema extends SchemaBase {
  kind: 'any';
  replaceOnMerge?: boolean;
}

export type FieldSchema = ScalarSchema | StructSchema | ListSchema | MapSchema | ArgsSchema | AnySchema;

const scalar = (scalarType: GoScalarType, decoder: ScalarDecoder = 'plain', goType: string = scalarType): ScalarSchema => ({
  kind: 'scalar', scalarType, decoder, goType,
});
const str = (): ScalarSchema => scalar('string');
const bool = (): ScalarSchema => scalar('bool');
const int = (): ScalarSchema => scalar('int');
const u32 = (): ScalarSchema => scalar('uint32');
const duration = (): ScalarSchema => scalar('int', 'duration', 'time.Duration');
const endpoint = (): ScalarSchema => scalar('string', 'endpoint', 'string');
const base64 = (): ScalarSchema => scalar('string', 'base64', 'string');
const struct = (goType: string, fields: Record<string, FieldSchema>, pointer = true): StructSchema => ({
  kind: 'struct', goType, fields, pointer,
});
const list = (goType: string, item: FieldSchema, merge: ListMerge = { by: 'append' }): ListSchema => ({
  kind: 'list', goType, item, merge,
});
const strings = (): ListSchema => list('[]string', str());
const stringMap = (): MapSchema => ({ kind: 'map', goType: 'map[string]string', value: str() });
const args = (): ArgsSchema => ({ kind: 'args', goType: 'v1alpha1.Args' });
const unstructured = (replaceOnMerge = false): AnySchema => ({ kind: 'any', goType: 'v1alpha1.Unstructured', replaceOnMerge });
const since = <T extends FieldSchema>(version: string, schema: T): T => ({ ...schema, since: version });

const certAndKey = () => struct('x509.PEMEncodedCertificateAndKey', { crt: base64(), key: base64() });
const certificate = () => struct('x509.PEMEncodedCertificate', { crt: base64() });
const resources = () => struct('v1alpha1.ResourcesConfig', { requests: unstructured(), limits: unstructured() });
const volumeMounts = () =>
  list('[]v1alpha1.VolumeMountConfig', struct('v1alpha1.VolumeMountConfig', { hostPath: str(), mountPath: str(), readonly: bool() }, false));
const idMappings = () =>
  list('[]v1alpha1.LinuxIDMapping', struct('v1alpha1.LinuxIDMapping', { containerID: u32(), hostID: u32(), size: u32() }, false));

const networkDeviceSelector = (pointer: boolean) =>
  struct(
    'v1alpha1.NetworkDeviceSelector',
    { busPath: str(), hardwareAddr: str(), permanentAddr: str(), pciID: str(), driver: str(), physical: bool() },
    pointer,
  );

const route = () =>
  struct('v1alpha1.Route', { network: str(), gateway: str(), source: str(), metric: u32(), mtu: u32() });

const dhcpOptions = () =>
  struct('v1alpha1.DHCPOptions', { routeMetric: u32(), ipv4: bool(), ipv6: bool(), duidv6: str() });

const vip = () =>
  struct('v1alpha1.DeviceVIPConfig', {
    ip: str(),
    equinixMetal: struct('v1alpha1.VIPEquinixMetalConfig', { apiToken: str() }),
    hcloud: struct('v1alpha1.VIPHCloudConfig', { apiToken: str() }),
  });

const bond = () =>
  struct('v1alpha1.Bond', {
    interfaces: strings(),
    deviceSelectors: list('[]v1alpha1.NetworkDeviceSelector', networkDeviceSelector(false)),
    arpIPTarget: strings(),
    mode: str(), xmitHashPolicy: str(), lacpRate: str(), adActorSystem: str(), arpValidate: str(),
    arpAllTargets: str(), primary: str(), primaryReselect: str(), failOverMac: str(), adSelect: str(),
    miimon: u32(), updelay: u32(), downdelay: u32(), arpInterval: u32(), resendIgmp: u32(), minLinks: u32(),
    lpInterval: u32(), packetsPerSlave: u32(), numPeerNotif: scalar('uint8'), tlbDynamicLb: scalar('uint8'),
    allSlavesActive: scalar('uint8'), useCarrier: bool(), adActorSysPrio: scalar('uint16'),
    adUserPortKey: scalar('uint16'), peerNotifyDelay: u32(),
  });

const bridge = () =>
  struct('v1alpha1.Bridge', {
    interfaces: strings(),
    stp: struct('v1alpha1.STP', { enabled: bool() }),
    vlan: struct('v1alpha1.BridgeVLAN', { vlanFiltering: bool() }),
  });

const wireguard = () =>
  struct('v1alpha1.DeviceWireguardConfig', {
    privateKey: str(), listenPort: int(), firewallMark: int(),
    peers: list(
      '[]*v1alpha1.DeviceWireguardPeer',
      struct('v1alpha1.DeviceWireguardPeer', {
        publicKey: str(), endpoint: str(), persistentKeepaliveInterval: duration(), allowedIPs: strings(),
      }),
    ),
  });

const vlan = () =>
  struct('v1alpha1.Vlan', {
    addresses: strings(), cidr: str(), routes: list('[]*v1alpha1.Route', route()), dhcp: bool(),
    vlanId: scalar('uint16'), mtu: u32(), vip: vip(), dhcpOptions: dhcpOptions(),
  });

const networkInterface = () =>
  struct('v1alpha1.Device', {
    interface: str(),
    deviceSelector: networkDeviceSelector(true),
    addresses: strings(),
    cidr: str(),
    routes: list('[]*v1alpha1.Route', route()),
    bond: bond(),
    bridge: bridge(),
    bridgePort: struct('v1alpha1.BridgePort', { master: str() }),
    vlans: list('v1alpha1.VlanList', vlan(), { by: 'key', key: 'vlanId' }),
    mtu: int(),
    dhcp: bool(),
    ignore: bool(),
    dummy: bool(),
    dhcpOptions: dhcpOptions(),
    wireguard: wireguard(),
    vip: vip(),
  });

const kubespan = () =>
  struct('v1alpha1.NetworkKubeSpan', {
    enabled: bool(), advertiseKubernetesNetworks: bool(), allowDownPeerBypass: bool(),
    harvestExtraEndpoints: bool(), mtu: u32(),
    filters: struct('v1alpha1.KubeSpanFilters', {
      endpoints: strings(),
      excludeAdvertisedNetworks: since('v1.13.0', strings()),
    }),
  });

const machineNetwork = () =>
  struct('v1alpha1.NetworkConfig', {
    hostname: str(),
    interfaces: list('v1alpha1.NetworkDeviceList', networkInterface(), { by: 'key', key: 'interface', alternateKey: 'deviceSelector' }),
    nameservers: strings(),
    searchDomains: strings(),
    extraHostEntries: list('[]*v1alpha1.ExtraHost', struct('v1alpha1.ExtraHost', { ip: str(), aliases: strings() })),
    kubespan: kubespan(),
    disableSearchDomain: bool(),
  });

const kubelet = () =>
  struct('v1alpha1.KubeletConfig', {
    image: str(),
    clusterDNS: strings(),
    extraArgs: args(),
    extraMounts: list(
      '[]v1alpha1.ExtraMount',
      struct('v1alpha1.ExtraMount', {
        destination: str(), type: str(), source: str(), options: strings(), uidMappings: idMappings(), gidMappings: idMappings(),
      }, false),
    ),
    extraConfig: unstructured(),
    credentialProviderConfig: unstructured(),
    defaultRuntimeSeccompProfileEnabled: bool(),
    registerWithFQDN: bool(),
    nodeIP: struct('v1alpha1.KubeletNodeIPConfig', { validSubnets: strings() }),
    skipNodeRegistration: bool(),
    disableManifestsDirectory: bool(),
  });

const install = () =>
  struct('v1alpha1.InstallConfig', {
    disk: str(),
    diskSelector: struct('v1alpha1.InstallDiskSelector', {
      size: scalar('string', 'diskSizeMatcher', 'string'),
      name: str(), model: str(), serial: str(), modalias: str(), uuid: str(), wwid: str(), type: str(), busPath: str(),
    }),
    extraKernelArgs: strings(),
    image: str(),
    extensions: list('[]v1alpha1.InstallExtensionConfig', struct('v1alpha1.InstallExtensionConfig', { image: str() }, false)),
    bootloader: bool(),
    wipe: bool(),
    legacyBIOSSupport: bool(),
    grubUseUKICmdline: bool(),
  });

const encryption = () =>
  struct('v1alpha1.EncryptionConfig', {
    provider: str(),
    keys: list(
      '[]*v1alpha1.EncryptionKey',
      struct('v1alpha1.EncryptionKey', {
        static: struct('v1alpha1.EncryptionKeyStatic', { passphrase: str() }),
        nodeID: struct('v1alpha1.EncryptionKeyNodeID', {}),
        kms: struct('v1alpha1.EncryptionKeyKMS', { endpoint: str() }),
        slot: int(),
        tpm: struct('v1alpha1.EncryptionKeyTPM', { checkSecurebootStatusOnEnroll: bool() }),
      }),
    ),
    cipher: str(), keySize: scalar('uint'), blockSize: scalar('uint64'), options: strings(),
  });

const registries = () =>
  struct('v1alpha1.RegistriesConfig', {
    mirrors: {
      kind: 'map', goType: 'map[string]*v1alpha1.RegistryMirrorConfig',
      value: struct('v1alpha1.RegistryMirrorConfig', { endpoints: strings(), overridePath: bool(), skipFallback: bool() }),
    },
    config: {
      kind: 'map', goType: 'map[string]*v1alpha1.RegistryConfig',
      value: struct('v1alpha1.RegistryConfig', {
        tls: struct('v1alpha1.RegistryTLSConfig', { clientIdentity: certAndKey(), ca: base64(), insecureSkipVerify: bool() }),
        auth: struct('v1alpha1.RegistryAuthConfig', { username: str(), password: str(), auth: str(), identityToken: str() }),
      }),
    },
  }, false);

const features = () =>
  struct('v1alpha1.FeaturesConfig', {
    rbac: bool(),
    stableHostname: bool(),
    kubernetesTalosAPIAccess: struct('v1alpha1.KubernetesTalosAPIAccessConfig', {
      enabled: bool(), allowedRoles: strings(), allowedKubernetesNamespaces: strings(),
    }),
    apidCheckExtKeyUsage: bool(),
    diskQuotaSupport: bool(),
    kubePrism: struct('v1alpha1.KubePrism', { enabled: bool(), port: int() }),
    hostDNS: struct('v1alpha1.HostDNSConfig', { enabled: bool(), forwardKubeDNSToHost: bool(), resolveMemberNames: bool() }),
    imageCache: struct('v1alpha1.ImageCacheConfig', { localEnabled: bool() }),
    nodeAddressSortAlgorithm: str(),
  });

const machine = () =>
  struct('v1alpha1.MachineConfig', {
    type: str(),
    token: str(),
    ca: certAndKey(),
    acceptedCAs: list('[]*x509.PEMEncodedCertificate', certificate()),
    certSANs: strings(),
    controlPlane: struct('v1alpha1.MachineControlPlaneConfig', {
      controllerManager: struct('v1alpha1.MachineControllerManagerConfig', { disabled: bool() }),
      scheduler: struct('v1alpha1.MachineSchedulerConfig', { disabled: bool() }),
    }),
    kubelet: kubelet(),
    pods: list('[]v1alpha1.Unstructured', unstructured()),
    network: machineNetwork(),
    disks: list(
      '[]*v1alpha1.MachineDisk',
      struct('v1alpha1.MachineDisk', {
        device: str(),
        partitions: list(
          '[]*v1alpha1.DiskPartition',
          struct('v1alpha1.DiskPartition', { size: scalar('uint64', 'humanBytes', 'v1alpha1.DiskSize'), mountpoint: str() }),
        ),
      }),
    ),
    install: install(),
    files: list(
      '[]*v1alpha1.MachineFile',
      struct('v1alpha1.MachineFile', {
        content: str(), permissions: scalar('uint32', 'fileMode', 'v1alpha1.FileMode'), path: str(), op: str(),
      }),
    ),
    env: stringMap(),
    time: struct('v1alpha1.TimeConfig', { disabled: bool(), servers: strings(), bootTimeout: duration() }),
    sysctls: stringMap(),
    sysfs: stringMap(),
    registries: registries(),
    systemDiskEncryption: struct('v1alpha1.SystemDiskEncryptionConfig', { state: encryption(), ephemeral: encryption() }),
    features: features(),
    udev: struct('v1alpha1.UdevConfig', { rules: strings() }),
    logging: struct('v1alpha1.LoggingConfig', {
      destinations: list(
        '[]v1alpha1.LoggingDestination',
        struct('v1alpha1.LoggingDestination', { endpoint: endpoint(), format: str(), extraTags: stringMap() }, false),
      ),
    }),
    kernel: struct('v1alpha1.KernelConfig', {
      modules: list('[]*v1alpha1.KernelModuleConfig', struct('v1alpha1.KernelModuleConfig', { name: str(), parameters: strings() })),
    }),
    seccompProfiles: list(
      '[]*v1alpha1.MachineSeccompProfile',
      struct('v1alpha1.MachineSeccompProfile', { name: str(), value: unstructured() }),
    ),
    baseRuntimeSpecOverrides: unstructured(),
    nodeLabels: stringMap(),
    nodeAnnotations: stringMap(),
    nodeTaints: stringMap(),
  });

const apiServer = () =>
  struct('v1alpha1.APIServerConfig', {
    image: str(),
    extraArgs: args(),
    extraVolumes: volumeMounts(),
    env: stringMap(),
    certSANs: strings(),
    disablePodSecurityPolicy: bool(),
    admissionControl: list(
      'v1alpha1.AdmissionPluginConfigList',
      struct('v1alpha1.AdmissionPluginConfig', { name: str(), configuration: unstructured() }),
      { by: 'key', key: 'name' },
    ),
    auditPolicy: unstructured(true),
    resources: resources(),
    authorizationConfig: list(
      'v1alpha1.AuthorizationConfigAuthorizerConfigList',
      struct('v1alpha1.AuthorizationConfigAuthorizerConfig', { type: str(), name: str(), webhook: unstructured() }),
    ),
  });

const cluster = () =>
  struct('v1alpha1.ClusterConfig', {
    id: str(),
    secret: str(),
    controlPlane: struct('v1alpha1.ControlPlaneConfig', { endpoint: endpoint(), localAPIServerPort: int() }),
    clusterName: str(),
    network: struct('v1alpha1.ClusterNetworkConfig', {
      cni: struct('v1alpha1.CNIConfig', {
        name: str(),
        urls: strings(),
        flannel: struct('v1alpha1.FlannelCNIConfig', {
          extraArgs: strings(),
          kubeNetworkPoliciesEnabled: since('v1.13.0', bool()),
        }),
      }),
      dnsDomain: str(),
      podSubnets: list('[]string', str(), { by: 'replace' }),
      serviceSubnets: list('[]string', str(), { by: 'replace' }),
    }),
    token: str(),
    aescbcEncryptionSecret: str(),
    secretboxEncryptionSecret: str(),
    ca: certAndKey(),
    acceptedCAs: list('[]*x509.PEMEncodedCertificate', certificate()),
    aggregatorCA: certAndKey(),
    serviceAccount: struct('x509.PEMEncodedKey', { key: base64() }),
    apiServer: apiServer(),
    controllerManager: struct('v1alpha1.ControllerManagerConfig', {
      image: str(), extraArgs: args(), extraVolumes: volumeMounts(), env: stringMap(), resources: resources(),
    }),
    proxy: struct('v1alpha1.ProxyConfig', { disabled: bool(), image: str(), mode: str(), extraArgs: args() }),
    scheduler: struct('v1alpha1.SchedulerConfig', {
      image: str(), extraArgs: args(), extraVolumes: volumeMounts(), env: stringMap(), resources: resources(), config: unstructured(),
    }),
    discovery: struct('v1alpha1.ClusterDiscoveryConfig', {
      enabled: bool(),
      registries: struct('v1alpha1.DiscoveryRegistriesConfig', {
        kubernetes: struct('v1alpha1.RegistryKubernetesConfig', { disabled: bool() }, false),
        service: struct('v1alpha1.RegistryServiceConfig', { disabled: bool(), endpoint: str() }, false),
      }, false),
    }),
    etcd: struct('v1alpha1.EtcdConfig', {
      image: str(), ca: certAndKey(), extraArgs: args(), subnet: str(), advertisedSubnets: strings(), listenSubnets: strings(),
    }),
    coreDNS: struct('v1alpha1.CoreDNS', { disabled: bool(), image: str() }),
    externalCloudProvider: struct('v1alpha1.ExternalCloudProviderConfig', { enabled: bool(), manifests: strings() }),
    extraManifests: strings(),
    extraManifestHeaders: stringMap(),
    inlineManifests: list(
      'v1alpha1.ClusterInlineManifests',
      struct('v1alpha1.ClusterInlineManifest', { name: str(), contents: str() }, false),
    ),
    adminKubeconfig: struct('v1alpha1.AdminKubeconfigConfig', { certLifetime: duration() }),
    allowSchedulingOnMasters: bool(),
    allowSchedulingOnControlPlanes: bool(),
  });

/** The whole v1alpha1 document (`version`, `debug`, `persist`, `machine`, `cluster`). */
export const V1ALPHA1_SCHEMA: StructSchema = struct('v1alpha1.Config', {
  version: str(),
  debug: bool(),
  persist: bool(),
  machine: machine(),
  cluster: cluster(),
});

/** The schema of a dotted path ('machine.network.interfaces[].interface'), or null when unknown. */
export function schemaAt(path: string): FieldSchema | null {
  let schema: FieldSchema = V1ALPHA1_SCHEMA;
  for (const segment of path.split('.')) {
    const listItem = segment.endsWith('[]');
    const name = listItem ? segment.slice(0, -2) : segment;
    if (schema.kind !== 'struct' || !(name in schema.fields)) return null;
    schema = schema.fields[name];
    if (listItem) {
      if (schema.kind !== 'list') return null;
      schema = schema.item;
    }
  }
  return schema;
}
