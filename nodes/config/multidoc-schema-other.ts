// The fields of Talos v1.13's block, runtime, security, siderolink, CRI and hardware document
// kinds and the Go type each field decodes into, read from siderolabs/talos
// pkg/machinery/config/types at v1.13.9 (names and types are facts). Used to reject unknown keys
// and mistyped values as Talos' decoder does. Leaves out: field documentation and examples.
import { bool, custom, document, duration, int, list, map, str, struct, text, u64, uint } from './multidoc-schema-builders.ts';
import type { DocumentSchema } from './multidoc-schema-builders.ts';

/** How a volume document asks for its partition (block.ProvisioningSpec), shared by the volume kinds. */
const PROVISIONING = struct('block.ProvisioningSpec', {
  diskSelector: struct('block.DiskSelector', {
    match: text('cel.Expression'),
  }),
  grow: bool(),
  minSize: text('block.ByteSize'),
  maxSize: text('block.Size'),
});

/** A volume's encryption (block.EncryptionSpec), shared by the volume kinds. */
const ENCRYPTION = struct('block.EncryptionSpec', {
  provider: text('block.EncryptionProviderType'),
  keys: list('[]block.EncryptionKey', struct('block.EncryptionKey', {
    slot: int(),
    static: struct('block.EncryptionKeyStatic', {
      passphrase: str(),
    }),
    nodeID: struct('block.EncryptionKeyNodeID', {}),
    kms: struct('block.EncryptionKeyKMS', {
      endpoint: str(),
    }),
    tpm: struct('block.EncryptionKeyTPM', {
      options: struct('block.EncryptionKeyTPMOptions', {
        pcrs: list('[]int', int()),
      }),
      checkSecurebootStatusOnEnroll: bool(),
    }),
    lockToState: bool(),
  })),
  cipher: str(),
  keySize: uint(),
  blockSize: u64(),
  options: list('[]string', str()),
});

export const OTHER_DOCUMENT_SCHEMAS: Record<string, DocumentSchema> = {
  EnvironmentConfig: document('runtime.EnvironmentV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    variables: map('runtime.Env', str()),
  }),
  EventSinkConfig: document('runtime.EventSinkV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    endpoint: str(),
  }),
  ExistingVolumeConfig: document('block.ExistingVolumeConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    discovery: struct('block.VolumeDiscoverySpec', {
      volumeSelector: struct('block.VolumeSelector', {
        match: text('cel.Expression'),
      }),
    }),
    mount: struct('block.ExistingMountSpec', {
      readOnly: bool(),
      disableAccessTime: bool(),
      secure: bool(),
    }),
  }),
  ExtensionServiceConfig: document('extensions.ServiceConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    configFiles: list('extensions.ConfigFileList', struct('extensions.ConfigFile', {
      content: str(),
      mountPath: str(),
    })),
    environment: list('[]string', str()),
  }),
  ExternalVolumeConfig: document('block.ExternalVolumeConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    filesystemType: text('block.FilesystemType'),
    mount: struct('block.ExternalMountSpec', {
      readOnly: bool(),
      disableAccessTime: bool(),
      secure: bool(),
      virtiofs: struct('block.VirtiofsMountSpec', {
        tag: str(),
      }),
    }),
  }),
  ImageVerificationConfig: document('security.ImageVerificationConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    rules: list('security.ImageVerificationRules', struct('security.ImageVerificationRuleV1Alpha1', {
      image: str(),
      skip: bool(),
      deny: bool(),
      keyless: struct('security.ImageKeylessVerifierV1Alpha1', {
        issuer: str(),
        subject: str(),
        subjectRegex: str(),
      }),
      publicKey: struct('security.ImagePublicKeyVerifierV1Alpha1', {
        certificate: str(),
      }),
    })),
  }),
  KmsgLogConfig: document('runtime.KmsgLogV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    url: custom('meta.URL'),
  }),
  OOMConfig: document('runtime.OOMV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    triggerExpression: text('cel.Expression'),
    cgroupRankingExpression: text('cel.Expression'),
    strictCgroupClassOrdering: bool(),
    sampleInterval: duration(),
  }),
  PCIDriverRebindConfig: document('hardware.PCIDriverRebindConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    targetDriver: str(),
  }),
  RawVolumeConfig: document('block.RawVolumeConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    provisioning: PROVISIONING,
    encryption: ENCRYPTION,
  }),
  RegistryAuthConfig: document('cri.RegistryAuthConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    username: str(),
    password: str(),
    auth: str(),
    identityToken: str(),
  }),
  RegistryMirrorConfig: document('cri.RegistryMirrorConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    endpoints: list('[]cri.RegistryEndpoint', struct('cri.RegistryEndpoint', {
      url: custom('meta.URL'),
      overridePath: bool(),
    })),
    skipFallback: bool(),
  }),
  RegistryTLSConfig: document('cri.RegistryTLSConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    clientIdentity: struct('meta.CertificateAndKey', {
      cert: str(),
      key: str(),
    }),
    ca: str(),
    insecureSkipVerify: bool(),
  }),
  SideroLinkConfig: document('siderolink.ConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    apiUrl: custom('meta.URL'),
    uniqueToken: str(),
  }),
  SwapVolumeConfig: document('block.SwapVolumeConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    provisioning: PROVISIONING,
    encryption: ENCRYPTION,
  }),
  TrustedRootsConfig: document('security.TrustedRootsConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    certificates: str(),
  }),
  UserVolumeConfig: document('block.UserVolumeConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    volumeType: text('block.VolumeType'),
    provisioning: PROVISIONING,
    filesystem: struct('block.FilesystemSpec', {
      type: text('block.FilesystemType'),
      projectQuotaSupport: bool(),
    }),
    encryption: ENCRYPTION,
    mount: struct('block.UserMountSpec', {
      disableAccessTime: bool(),
      secure: bool(),
    }),
  }),
  VolumeConfig: document('block.VolumeConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    provisioning: PROVISIONING,
    encryption: ENCRYPTION,
    mount: struct('block.MountSpec', {
      secure: bool(),
    }),
  }),
  WatchdogTimerConfig: document('runtime.WatchdogTimerV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    device: str(),
    timeout: duration(),
  }),
  ZswapConfig: document('block.ZswapConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    maxPoolPercent: int(),
    shrinkerEnabled: bool(),
  }),
};
