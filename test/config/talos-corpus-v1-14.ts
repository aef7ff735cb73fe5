// A corpus of the document kinds Talos first registers in v1.14, written from Talos's
// configuration reference and the testdata of pkg/machinery/config/types/* at v1.14.0-rc.1:
// each accepted document, and each rejected one with the text Talos rejects it with. The
// documents ride on a v1alpha1 control plane that leaves to them what they configure (no
// `.machine.kubelet`, `.cluster.network`, `.cluster.apiServer`... which they would conflict with).
// Run through lint under v1.14 and v1.13 (talos-corpus-v1-14.test.ts).

/** A test CA (ed25519, self-signed) and an EC key, generated for this corpus only. */
export const TEST_CA_CERT = `-----BEGIN CERTIFICATE-----
MIIBODCB66ADAgECAhQhoUqDR+jRNVWHy7rUVyTyDHebxDAFBgMrZXAwETEPMA0G
A1UECgwGdGFsc2ltMCAXDTI2MTIwMjA5NDIwOVoYDzIxMjYxMTA4MDk0MjA5WjAR
MQ8wDQYDVQQKDAZ0YWxzaW0wKjAFBgMrZXADIQDJ9RReaImVkN+DpXX0iS61XEDb
eQBVLBM6qWep2mDDCqNTMFEwHQYDVR0OBBYEFE9fCKMoj3slZ0UZuhyVPp+cOODG
MB8GA1UdIwQYMBaAFE9fCKMoj3slZ0UZuhyVPp+cOODGMA8GA1UdEwEB/wQFMAMB
Af8wBQYDK2VwA0EAhbmtQnETET4O6Z8L0KgVafv0Ins4D3t7HcSQZKUrjzOWHYWW
9rIyiIrpcDiOHGFvzNphiL3VXl8dn30pfSbFBw==
-----END CERTIFICATE-----
`;
export const TEST_CA_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIMtbDjRN6vJJZPINc9UqV4a1FbS5iyX3APFt+U8MbC4b
-----END PRIVATE KEY-----
`;
export const TEST_EC_KEY = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIHkltlUZcR1O2Ws+ODmJdYZ0tBTYjf8kqeZ/rD1c4rFYoAoGCCqGSM49
AwEHoUQDQgAEnTzz97kL4TIn1qruTCJsbW6GpBRSjYy0zZPeIdKdkY83bJ4orVRq
2byMdoXjrKIorC5YOpeNBwDSAVor/SVlmw==
-----END EC PRIVATE KEY-----
`;

const indent = (text: string, spaces: number) => text.trimEnd().split('\n').map((line) => `${' '.repeat(spaces)}${line}`).join('\n');
const block = (key: string, text: string, spaces = 0) => `${' '.repeat(spaces)}${key}: |\n${indent(text, spaces + 4)}\n`;

export type CorpusBase = 'controlplane' | 'worker';

export interface CorpusEntry {
  name: string;
  /** The documents after the v1alpha1 one, each starting with `kind:` (apiVersion is added). */
  documents: string[];
  base?: CorpusBase;
  /** Set for a rejected entry: the text Talos rejects it with. */
  rejects?: string;
}

export const ACCEPTED_V1_14: CorpusEntry[] = [
  { name: 'kubelet', documents: ['kind: KubeletConfig\nimage: ghcr.io/siderolabs/kubelet:v1.35.0\nconfig:\n  serverTLSBootstrap: true\nextraArgs:\n  feature-gates: AllBeta=true\nclusterDNS: [10.96.0.10]\ndefaultRuntimeSeccompProfileEnabled: true\n'] },
  { name: 'kube-apiserver', documents: ['kind: KubeAPIServerConfig\nimage: registry.k8s.io/kube-apiserver:v1.35.0\nextraArgs:\n  feature-gates: [ServerSideApply=true]\n  http2-max-streams-per-connection: "32"\nenv:\n  GOMAXPROCS: "4"\nresources:\n  requests:\n    cpu: 1\n    memory: 1Gi\napiPort: 6443\ncertExtraSANs: [api.example.org]\nstartupProbes: false\n'] },
  { name: 'kube-controller-manager', documents: ['kind: KubeControllerManagerConfig\nimage: registry.k8s.io/kube-controller-manager:v1.35.0\nextraArgs:\n  node-cidr-mask-size: "24"\n'] },
  { name: 'kube-controller-manager disabled without image', documents: ['kind: KubeControllerManagerConfig\nenabled: false\n'] },
  { name: 'kube-scheduler', documents: ['kind: KubeSchedulerConfig\nimage: registry.k8s.io/kube-scheduler:v1.35.0\nconfig:\n  profiles:\n    - schedulerName: default-scheduler\n'] },
  { name: 'kube-proxy', documents: ['kind: KubeProxyConfig\nenabled: true\nimage: registry.k8s.io/kube-proxy:v1.35.0\nmode: nftables\nconfig:\n  bindAddressHardFail: true\nresources:\n  limits:\n    cpu: 2\n    memory: 2500Mi\n'] },
  { name: 'coredns', documents: ['kind: KubeCoreDNSConfig\nenabled: true\nimage: registry.k8s.io/coredns/coredns:v1.12.4\n'] },
  { name: 'flannel', documents: ['kind: KubeFlannelCNIConfig\nbackendType: vxlan\nbackendPort: 4789\nbackendMTU: 1450\nextraArgs: [--iface-can-reach=192.168.1.1]\nkubeNetworkPoliciesEnabled: true\n'] },
  { name: 'kubernetes network', documents: ['kind: KubeNetworkConfig\ndnsDomain: cluster.local\npodSubnets: [10.244.0.0/16]\nserviceSubnets: [10.96.0.0/12]\n'] },
  { name: 'dual-stack kubernetes network', documents: ['kind: KubeNetworkConfig\npodSubnets: [10.244.0.0/16, "fd00:10:244::/56"]\nserviceSubnets: [10.96.0.0/12, "fd00:10:96::/112"]\nnodeCIDRMaskSizeIPv4: 24\nnodeCIDRMaskSizeIPv6: 64\n'] },
  { name: 'kubernetes cluster', documents: ['kind: KubeClusterConfig\nclusterName: example-cluster\nendpoint: https://example.com:6443/\n'] },
  { name: 'kubernetes node', documents: ['kind: KubeNodeConfig\nregisterWithFQDN: true\nnodeIP:\n  validSubnets: [10.0.0.0/8, "!10.0.0.3/32"]\nlabels:\n  topology.kubernetes.io/zone: zone-a\nannotations:\n  example.com/owner: team-a\ntaints:\n  example.com/dedicated: gpu:NoSchedule\n'] },
  { name: 'kubeprism', documents: ['kind: KubePrismConfig\nport: 7445\n'] },
  { name: 'service account', documents: [`kind: KubeServiceAccountConfig\nissuer:\n${block('privateKey', TEST_EC_KEY, 2)}  issuerURL: https://kubernetes.default.svc.cluster.local\naccepted:\n  audiences: [https://kubernetes.default.svc.cluster.local]\n`] },
  { name: 'apiserver CA', documents: [`kind: KubeAPIServerCAConfig\nissuingCA:\n${block('cert', TEST_CA_CERT, 2)}${block('key', TEST_CA_KEY, 2)}acceptedCAs:\n  - |\n${indent(TEST_CA_CERT, 4)}\n`, 'kind: KubeEtcdEncryptionConfig\nconfig:\n  apiVersion: apiserver.config.k8s.io/v1\n  kind: EncryptionConfiguration\n  resources:\n    - resources: [secrets]\n      providers:\n        - identity: {}\n'] },
  { name: 'aggregator CA', documents: [`kind: KubeAggregatorCAConfig\nissuingCA:\n${block('cert', TEST_CA_CERT, 2)}${block('key', TEST_CA_KEY, 2)}`] },
  { name: 'talos API access', documents: ['kind: KubeTalosAPIAccessConfig\nallowedRoles: [os:reader]\nallowedKubernetesNamespaces: [kube-system]\n'] },
  { name: 'static pod', documents: ['kind: KubeStaticPodConfig\nname: nginx\npod:\n  apiVersion: v1\n  kind: Pod\n  metadata:\n    name: nginx\n  spec:\n    containers:\n      - name: nginx\n        image: nginx\n'] },
  { name: 'inline manifest', documents: ['kind: KubeInlineManifestConfig\nname: namespace-ci\nmanifest: |\n  apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: ci\n'] },
  { name: 'external manifest', documents: ['kind: KubeExternalManifestConfig\nname: metrics-server\nurl: https://example.com/metrics-server.yaml\nheaders:\n  Authorization: Bearer token\n'] },
  { name: 'audit policy', documents: ['kind: KubeAuditPolicyConfig\nconfiguration:\n  apiVersion: audit.k8s.io/v1\n  kind: Policy\n  rules:\n    - level: Metadata\n'] },
  { name: 'authentication', documents: ['kind: KubeAuthenticationConfig\nconfiguration:\n  apiVersion: apiserver.config.k8s.io/v1\n  kind: AuthenticationConfiguration\n  anonymous:\n    enabled: false\n'] },
  { name: 'authorizers', documents: ['kind: KubeAuthorizerConfig\nname: node\ntype: Node\n', 'kind: KubeAuthorizerConfig\nname: rbac\ntype: RBAC\n', 'kind: KubeAuthorizerConfig\nname: webhook\ntype: Webhook\nwebhook:\n  timeout: 3s\n  subjectAccessReviewVersion: v1\n'] },
  { name: 'admission control', documents: ['kind: KubeAdmissionControlConfig\nname: PodSecurity\nconfiguration:\n  apiVersion: pod-security.admission.config.k8s.io/v1\n  kind: PodSecurityConfiguration\n  defaults:\n    enforce: baseline\n'] },
  { name: 'credential provider', documents: ['kind: KubeCredentialProviderConfig\nconfiguration:\n  apiVersion: kubelet.config.k8s.io/v1\n  kind: CredentialProviderConfig\n  providers:\n    - name: ecr-credential-provider\n      apiVersion: credentialprovider.kubelet.k8s.io/v1\n      matchImages: ["*.dkr.ecr.*.amazonaws.com"]\n      defaultCacheDuration: 12h\n'] },
  { name: 'bgp instance', documents: ['kind: BGPInstanceConfig\nname: fabric\nlocalASN: 65001\nrouterID: 10.0.0.1\nadvertise: [dummy0]\nmultipath: true\nimportRoutes:\n  - bgpInstance: workload\n    prefixes: [198.51.100.0/24]\nneighbors:\n  - address: 10.5.0.1\n    peerASN: 65000\n    passive: true\n    holdTime: 9s\n  - link: enp0s1\n    peerASN: 65000\n    bfd:\n      transmitInterval: 300ms\n      receiveInterval: 300ms\n      detectMultiplier: 3\n'] },
  { name: 'veth pair', documents: ['kind: VethConfig\nname: veth0\npeer:\n  name: veth1\n  up: true\naddresses:\n  - address: 192.168.100.1/30\n'] },
  { name: 'http probe', documents: ['kind: HTTPProbeConfig\nname: gateway\nurl: http://10.0.0.1:8080/healthz\ninterval: 5s\nfailureThreshold: 3\ntimeout: 2s\n'] },
  { name: 'cri base runtime spec', documents: ['kind: CRIBaseRuntimeSpecConfig\noverrides:\n  process:\n    rlimits:\n      - type: RLIMIT_NOFILE\n        hard: 1024\n        soft: 1024\n'] },
  { name: 'cri customization', documents: ['kind: CRICustomizationConfig\nname: nvidia\ncontent: |\n  [plugins."io.containerd.cri.v1.runtime"]\n    enable_unprivileged_ports = true\n'] },
  { name: 'image cache', documents: ['kind: ImageCacheConfig\nlocal:\n  enabled: true\n'] },
  { name: 'discovery identity and service', documents: ['kind: DiscoveryIdentityConfig\nclusterID: MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=\nclusterSecret: vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=\n', 'kind: DiscoveryServiceConfig\nname: primary\nendpoint: https://discovery.talos.dev/\n', 'kind: DiscoveryServiceConfig\nname: grpc-endpoint\nendpoint: grpc://discovery-grpc.example.org:6443\n'] },
  { name: 'etc file', documents: ['kind: EtcFileConfig\nname: nfsmount.conf\nmode: 0o644\ncontents: |\n  [NFSMount_Global_Options]\n'] },
  { name: 'filesystem scrub', documents: ['kind: FilesystemScrubConfig\ninterval: 168h\n'] },
  { name: 'filesystem trim', documents: ['kind: FilesystemTrimConfig\ninterval: 24h\n'] },
  { name: 'lvm volume group and logical volume', documents: ['kind: LVMVolumeGroupConfig\nname: vg-pool\nprovisioning:\n  volumeSelector:\n    match: volume.partition_label == "DATA"\n', 'kind: LVMLogicalVolumeConfig\nname: lv-data\ntype: raid1\nmirrors: 1\nprovisioning:\n  volumeGroup: vg-pool\n  minSize: 10GiB\n  maxSize: 50GiB\n'] },
  { name: 'raid array', documents: ['kind: RAIDArrayConfig\nname: data\nlevel: raid1\nmetadata: "1.2"\nprovisioning:\n  volumeSelector:\n    match: volume.partition_label == "RAID"\n'] },
  { name: 'security profile', documents: ['kind: SecurityProfileConfig\nworkloadIsolation: true\n'] },
  { name: 'unattended install', documents: ['kind: UnattendedInstallConfig\nreboot: true\ninstaller:\n  image: ghcr.io/siderolabs/installer:v1.14.0\nprovisioning:\n  diskSelector:\n    match: disk.transport == "nvme"\n  wipe: true\n'] },
  { name: 'container', documents: ['kind: ContainerConfig\nname: exporter\nimage: docker.io/prom/node-exporter@sha256:4cb2b9019f1757be8482419002cb7afe028fdba35d47958829e4cfeaf6246d80\nargs: [--path.rootfs=/host]\nenvironment: [LOG_LEVEL=info]\nmounts:\n  - hostPath:\n      source: /\n      destination: /host\n      options: [ro, rbind]\nnetwork:\n  mode: host\n'] },
  { name: 'sysctl, sysfs, kernel module and udev rules', documents: ['kind: SysctlConfig\nparams:\n  net.ipv4.ip_forward: "1"\n', 'kind: KernelModuleConfig\nname: br_netfilter\nparameters: [nf_conntrack_max=131072]\n', 'kind: SysfsConfig\nparams:\n  devices.system.cpu.cpu0.cpufreq.scaling_governor: performance\n', 'kind: UdevRulesConfig\nrules:\n  - SUBSYSTEM=="drm", KERNEL=="renderD*", GROUP="44", MODE="0660"\n'] },
  { name: 'v1.14 fields of v1.13 kinds', documents: ['kind: ResolverConfig\nnameservers:\n  - address: 1.1.1.1\n    protocol: DoT\n    tlsServerName: one.one.one.one\nhostDNS:\n  enabled: true\n  forwardKubeDNSToHost: true\n', 'kind: TimeSyncConfig\nntp:\n  servers: [time.cloudflare.com]\n  useNTS: true\n', 'kind: DHCPv4Config\nname: eth0\nignoreRoutes: true\n'] },
];

export const REJECTED_V1_14: CorpusEntry[] = [
  { name: 'unknown field in a kubernetes document', documents: ['kind: KubeletConfig\nimage: ghcr.io/siderolabs/kubelet:v1.35.0\nextraConfig:\n  serverTLSBootstrap: true\n'], rejects: 'unknown keys found during decoding:\nextraConfig:\n    serverTLSBootstrap: true' },
  { name: 'unknown nested field', documents: ['kind: BGPInstanceConfig\nname: fabric\nlocalASN: 65001\nneighbors:\n  - address: 10.5.0.1\n    peerAS: 65000\n'], rejects: 'unknown keys found during decoding:\nneighbors:\n    - peerAS: 65000' },
  { name: 'string for a port', documents: ['kind: KubePrismConfig\nport: seven\n'], rejects: 'cannot construct !!str `seven` into int' },
  { name: 'unknown logical volume type', documents: ['kind: LVMLogicalVolumeConfig\nname: lv\ntype: raid5\nprovisioning:\n  volumeGroup: vg\n  maxSize: 1GiB\n'], rejects: 'raid5 does not belong to LVMLogicalVolumeType values' },
  { name: 'unknown DNS protocol', documents: ['kind: ResolverConfig\nnameservers:\n  - address: 1.1.1.1\n    protocol: DoQ\n'], rejects: 'DoQ does not belong to DNSProtocol values' },
  { name: 'list for a resource map', documents: ['kind: KubeProxyConfig\nimage: registry.k8s.io/kube-proxy:v1.35.0\nresources:\n  requests: [cpu]\n'], rejects: 'cannot construct !!seq into meta.Unstructured' },
];
