// Field tables of the non-Kubernetes kinds Talos first registers in v1.14 (runtime, CRI, cluster
// discovery, block, storage, network, container), read from siderolabs/talos
// pkg/machinery/config/types at v1.14.0-rc.1 (names and Go types are facts), and the fields v1.14
// adds to kinds v1.13 already knows (decoded only when the node runs v1.14). Below v1.14 the new
// kinds are "not registered" (registered-kinds.ts) and the added fields are unknown keys.
// Leaves out: field documentation and examples.
import { bool, document, duration, i32, int, list, map, str, struct, text, u32, u8, unstructured } from './multidoc-schema-builders.ts';
import type { DocumentSchema } from './multidoc-schema-builders.ts';
import type { FieldSchema } from './v1alpha1-schema.ts';
import { COMMON_LINK_CONFIG } from './multidoc-schema-network.ts';

export const V1_14_DOCUMENT_SCHEMAS: Record<string, DocumentSchema> = {
  BGPInstanceConfig: document('network.BGPInstanceConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    vrf: str(),
    localASN: u32(),
    routerID: text('meta.Addr'),
    routeSource: text('meta.Addr'),
    advertise: list('[]string', str()),
    multipath: bool(),
    maxPaths: u8(),
    installRoutes: bool(),
    importRoutes: list('[]network.BGPImportRoute', struct('network.BGPImportRoute', {
      bgpInstance: str(),
      prefixes: list('[]meta.Prefix', text('meta.Prefix')),
    })),
    neighbors: list('[]network.BGPNeighborConfig', struct('network.BGPNeighborConfig', {
      address: text('meta.Addr'),
      link: str(),
      peerASN: u32(),
      localASN: u32(),
      passive: bool(),
      holdTime: duration(),
      bfd: struct('network.BGPBFDConfig', {
        transmitInterval: duration(),
        receiveInterval: duration(),
        detectMultiplier: u8(),
      }),
    })),
  }),
  CRIBaseRuntimeSpecConfig: document('cri.CRIBaseRuntimeSpecConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    overrides: unstructured(),
  }),
  CRICustomizationConfig: document('cri.CRICustomizationConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    content: str(),
  }),
  ContainerConfig: document('container.ContainerConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    image: str(),
    entrypoint: list('[]string', str()),
    args: list('[]string', str()),
    workingDir: str(),
    runAs: struct('container.ContainerRunAs', {
      uid: i32(),
      gid: i32(),
    }),
    environment: list('[]string', str()),
    mounts: list('[]container.ContainerMount', struct('container.ContainerMount', {
      userVolume: struct('container.UserVolumeMount', {
        name: str(),
        destination: str(),
        options: list('[]string', str()),
      }),
      tmpfs: struct('container.TmpfsMount', {
        destination: str(),
        size: str(),
        options: list('[]string', str()),
      }),
      hostPath: struct('container.HostPathMount', {
        source: str(),
        destination: str(),
        options: list('[]string', str()),
      }),
    })),
    security: struct('container.ContainerSecurity', {
      profile: str('config.ContainerSecurityProfile'),
      capabilities: struct('container.ContainerCapabilities', {
        add: list('[]string', str()),
        drop: list('[]string', str()),
      }),
    }),
    network: struct('container.ContainerNetwork', {
      mode: str('config.ContainerNetworkMode'),
    }),
    resources: struct('container.ContainerResources', {
      limits: struct('container.ContainerResourceLimits', {
        cpu: str(),
        memory: str(),
      }),
    }),
    dependsOn: struct('container.ContainerDependsOn', {
      paths: list('[]string', str()),
      networks: list('[]string', str()),
      time: bool(),
      containers: list('[]string', str()),
    }),
  }),
  DiscoveryIdentityConfig: document('cluster.DiscoveryIdentityConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    clusterID: str(),
    clusterSecret: str(),
  }),
  DiscoveryServiceConfig: document('cluster.DiscoveryServiceConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    endpoint: text('meta.URL'),
  }),
  EtcFileConfig: document('runtime.EtcFileConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    mode: u32('fs.FileMode'),
    contents: str(),
  }),
  FilesystemScrubConfig: document('block.FilesystemScrubConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    interval: duration(),
  }),
  FilesystemTrimConfig: document('block.FilesystemTrimConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    interval: duration(),
  }),
  HTTPProbeConfig: document('network.HTTPProbeConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    interval: duration(),
    failureThreshold: int(),
    url: text('meta.URL'),
    timeout: duration(),
  }),
  ImageCacheConfig: document('cri.ImageCacheConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    local: struct('cri.LocalImageCacheConfig', {
      enabled: bool(),
    }),
  }),
  KernelModuleConfig: document('runtime.KernelModuleConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    parameters: list('[]string', str()),
  }),
  LVMLogicalVolumeConfig: document('storage.LVMLogicalVolumeConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    type: text('storage.LVMLogicalVolumeType'),
    mirrors: u32(),
    stripes: u32(),
    provisioning: struct('storage.LVMLogicalVolumeProvisioningSpec', {
      volumeGroup: str(),
      minSize: text('block.ByteSize'),
      maxSize: text('block.Size'),
    }),
  }),
  LVMVolumeGroupConfig: document('storage.LVMVolumeGroupConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    provisioning: struct('storage.ProvisioningSpec', {
      volumeSelector: struct('storage.LVMVolumeSelectorSpec', {
        match: text('cel.Expression'),
      }),
    }),
  }),
  RAIDArrayConfig: document('storage.RAIDArrayConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    level: text('storage.MDLevel'),
    metadata: text('storage.MDMetadata'),
    provisioning: struct('storage.RAIDProvisioningSpec', {
      volumeSelector: struct('storage.RAIDVolumeSelector', {
        match: text('cel.Expression'),
      }),
    }),
  }),
  SecurityProfileConfig: document('runtime.SecurityProfileConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    workloadIsolation: bool(),
  }),
  SysctlConfig: document('runtime.SysctlConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    params: map('map[string]string', str()),
  }),
  SysfsConfig: document('runtime.SysfsConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    params: map('map[string]string', str()),
  }),
  UdevRulesConfig: document('runtime.UdevRulesConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    rules: list('[]string', str()),
  }),
  UnattendedInstallConfig: document('runtime.UnattendedInstallConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    reboot: bool(),
    installer: struct('runtime.InstallerSpec', {
      image: str(),
    }),
    provisioning: struct('runtime.ProvisioningSpec', {
      diskSelector: struct('runtime.DiskSelectorSpec', {
        match: text('cel.Expression'),
      }),
      wipe: bool(),
    }),
  }),
  VethConfig: document('network.VethConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    peer: struct('network.VethPeerConfig', {
      name: str(),
      ...COMMON_LINK_CONFIG,
    }),
    ...COMMON_LINK_CONFIG,
  }),
};

/** block.TrimConfig and block.ScrubConfig: periodic fstrim / xfs_scrub of a volume. */
const periodic = (goType: string) => struct(goType, { enabled: bool(), interval: duration() });
const XFS = struct('block.XFSSpec', { minAllocationGroupSize: text('block.ByteSize') });

/** A field v1.14 adds to a kind v1.13 registers: the kind, the dotted path of the struct it joins ('' = the document). */
export interface AddedFields {
  kind: string;
  path: string;
  fields: Record<string, FieldSchema>;
}

export const V1_14_ADDED_FIELDS: readonly AddedFields[] = [
  { kind: 'DHCPv4Config', path: '', fields: { ignoreRoutes: bool() } },
  ...['ExistingVolumeConfig', 'UserVolumeConfig', 'VolumeConfig'].map((kind) => ({
    kind, path: '', fields: { trim: periodic('block.TrimConfig'), scrub: periodic('block.ScrubConfig') },
  })),
  ...['RawVolumeConfig', 'SwapVolumeConfig', 'UserVolumeConfig', 'VolumeConfig'].map((kind) => ({
    kind, path: 'encryption', fields: { allowDiscards: bool() },
  })),
  { kind: 'UserVolumeConfig', path: 'filesystem', fields: { xfs: XFS } },
  { kind: 'VolumeConfig', path: '', fields: { filesystem: struct('block.SystemVolumeFilesystemSpec', { xfs: XFS }) } },
  { kind: 'VolumeConfig', path: 'mount', fields: { disableAccessTime: bool() } },
  {
    kind: 'ResolverConfig', path: '', fields: {
      hostDNS: struct('network.HostDNSConfig', { enabled: bool(), forwardKubeDNSToHost: bool(), resolveMemberNames: bool() }),
    },
  },
  { kind: 'ResolverConfig', path: 'nameservers', fields: { protocol: text('nethelpers.DNSProtocol'), tlsServerName: str() } },
  { kind: 'TimeSyncConfig', path: 'ntp', fields: { useNTS: bool() } },
];
