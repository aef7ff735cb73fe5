// A corpus of the document kinds Talos first registers in v1.14, written from Talos's
// configuration reference and the testdata of pkg/machinery/config/types/* at v1.14.0-rc.1:
// each accepted document, and each rejected one with the text Talos rejects it with. The
// documents ride on a v1alpha1 control plane that leaves to them what they configure (no
// `.machine.kubelet`, `.cluster.network`, `.cluster.apiServer`... which they would conflict with).
// Run through lint under v1.14 and v1.13, and through the validation an ApplyConfiguration runs
// (talos-corpus-v1-14.test.ts; talsim cannot boot v1.14 nodes, so not over gRPC).
import { FAKE_CERTIFICATE, FAKE_KEY } from './fixtures.ts';

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
  /** Extra v1alpha1 lines under `machine:` / `cluster:` (indented four spaces), for conflicts. */
  machine?: string;
  cluster?: string;
  /** Set for a rejected entry: the text Talos rejects it with (a list when it reports several errors). */
  rejects?: string | string[];
}

/** A v1alpha1 document that leaves Kubernetes, discovery and install settings to the documents. */
const BASES: Record<CorpusBase, string> = {
  controlplane: `version: v1alpha1
machine:
    type: controlplane
    token: abcdef.0123456789abcdef
    ca:
        crt: ${FAKE_CERTIFICATE}
        key: ${FAKE_KEY}
cluster:
    token: 012345.abcdefghijklmnop
    etcd:
        ca:
            crt: ${FAKE_CERTIFICATE}
            key: ${FAKE_KEY}
`,
  worker: `version: v1alpha1
machine:
    type: worker
    token: abcdef.0123456789abcdef
    ca:
        crt: ${FAKE_CERTIFICATE}
        key: ""
cluster:
    token: 012345.abcdefghijklmnop
`,
};

/** The v1alpha1 base with the entry's extra `machine:`/`cluster:` lines, then its documents. */
export function corpusStream(entry: CorpusEntry): string {
  const base = BASES[entry.base ?? 'controlplane']
    .replace('cluster:\n', `${entry.machine ?? ''}cluster:\n`)
    .concat(entry.cluster ?? '');
  return [base, ...entry.documents.map((document) => `apiVersion: v1alpha1\n${document}`)].join('---\n');
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
  // v1.14's volume kinds: ETCD/CRI/KUBELET/LOG on partitions of their own, per-volume trim and scrub, xfs options.
  { name: 'ETCD and LOG volumes on dedicated partitions, trimmed and scrubbed', documents: [
    'kind: VolumeConfig\nname: ETCD\nprovisioning:\n  diskSelector:\n    match: disk.transport == "nvme"\n  maxSize: 20GiB\nmount:\n  disableAccessTime: true\ntrim:\n  interval: 24h\n',
    'kind: VolumeConfig\nname: LOG\nscrub:\n  enabled: true\n  interval: 168h\n',
  ] },
  { name: 'user volumes with xfs options, trim and scrub', documents: [
    'kind: UserVolumeConfig\nname: data\nprovisioning:\n  diskSelector:\n    match: disk.transport == "nvme"\n  minSize: 10GiB\nfilesystem:\n  type: xfs\n  xfs:\n    minAllocationGroupSize: 1GiB\ntrim:\n  enabled: false\n',
    'kind: UserVolumeConfig\nname: logs\nprovisioning:\n  diskSelector:\n    match: disk.transport == "nvme"\n  minSize: 1GiB\nfilesystem:\n  type: ext4\nscrub:\n  interval: 10s\n',
  ] },
];

export const REJECTED_V1_14: CorpusEntry[] = [
  { name: 'unknown system volume', documents: ['kind: VolumeConfig\nname: DATA\n'], rejects: 'VolumeConfig/DATA: only ["STATE" "EPHEMERAL" "IMAGECACHE" "ETCD" "CRI" "KUBELET" "LOG"] volumes are supported' },
  { name: 'mount on a directory-backed KUBELET volume', documents: ['kind: VolumeConfig\nname: KUBELET\nmount:\n  disableAccessTime: true\n'], rejects: 'VolumeConfig/KUBELET: mount config for the "KUBELET" volume is only supported when it is provisioned onto a dedicated partition' },
  { name: 'IMAGECACHE with a filesystem section', documents: ['kind: VolumeConfig\nname: IMAGECACHE\nfilesystem:\n  xfs:\n    minAllocationGroupSize: 1GiB\n'], rejects: 'VolumeConfig/IMAGECACHE: filesystem config is not allowed for the "IMAGECACHE" volume' },
  { name: 'negative trim and too short scrub intervals', documents: ['kind: UserVolumeConfig\nname: data\nprovisioning:\n  diskSelector:\n    match: "true"\n  minSize: 1GiB\ntrim:\n  interval: -1s\nscrub:\n  interval: 5s\n'], rejects: 'UserVolumeConfig/data: trim interval cannot be negative\nscrub interval: minimum value is 10s' },
  { name: 'xfs options on ext4', documents: ['kind: UserVolumeConfig\nname: data\nprovisioning:\n  diskSelector:\n    match: "true"\n  minSize: 1GiB\nfilesystem:\n  type: ext4\n  xfs:\n    minAllocationGroupSize: 1GiB\n'], rejects: 'UserVolumeConfig/data: xfs options are only available for xfs filesystem' },
  { name: 'nameserver without an address', documents: ['kind: ResolverConfig\nnameservers:\n  - address: 1.1.1.1\n  - protocol: Do53\n'], rejects: 'ResolverConfig: nameserver address must be a valid IP: entry 1' },
  { name: 'unknown field in a kubernetes document', documents: ['kind: KubeletConfig\nimage: ghcr.io/siderolabs/kubelet:v1.35.0\nextraConfig:\n  serverTLSBootstrap: true\n'], rejects: 'unknown keys found during decoding:\nextraConfig:\n    serverTLSBootstrap: true' },
  { name: 'unknown nested field', documents: ['kind: BGPInstanceConfig\nname: fabric\nlocalASN: 65001\nneighbors:\n  - address: 10.5.0.1\n    peerAS: 65000\n'], rejects: 'unknown keys found during decoding:\nneighbors:\n    - peerAS: 65000' },
  { name: 'string for a port', documents: ['kind: KubePrismConfig\nport: seven\n'], rejects: 'cannot construct !!str `seven` into int' },
  { name: 'unknown logical volume type', documents: ['kind: LVMLogicalVolumeConfig\nname: lv\ntype: raid5\nprovisioning:\n  volumeGroup: vg\n  maxSize: 1GiB\n'], rejects: 'raid5 does not belong to LVMLogicalVolumeType values' },
  { name: 'unknown DNS protocol', documents: ['kind: ResolverConfig\nnameservers:\n  - address: 1.1.1.1\n    protocol: DoQ\n'], rejects: 'DoQ does not belong to DNSProtocol values' },
  { name: 'list for a resource map', documents: ['kind: KubeProxyConfig\nimage: registry.k8s.io/kube-proxy:v1.35.0\nresources:\n  requests: [cpu]\n'], rejects: 'cannot construct !!seq into meta.Unstructured' },
  { name: 'control plane kinds on a worker', base: 'worker', documents: ['kind: KubeSchedulerConfig\nimage: registry.k8s.io/kube-scheduler:v1.35.0\n', 'kind: KubeAPIServerConfig\nimage: registry.k8s.io/kube-apiserver:v1.35.0\n'], rejects: 'the following document kinds are only allowed on control plane machines: [KubeAPIServerConfig KubeSchedulerConfig]' },
  { name: 'kubelet set twice', machine: '    kubelet:\n        image: ghcr.io/siderolabs/kubelet:v1.35.0\n', documents: ['kind: KubeletConfig\nimage: ghcr.io/siderolabs/kubelet:v1.35.0\n'], rejects: 'kubelet config is already set in v1alpha1 config (.machine.kubelet)' },
  { name: 'kubelet without image, protected field', documents: ['kind: KubeletConfig\nconfig:\n  port: 10251\n'], rejects: 'KubeletConfig: kubelet image cannot be empty\nkubelet configuration field "port" can\'t be overridden' },
  { name: 'apiserver authentication flags', documents: ['kind: KubeAPIServerConfig\nimage: registry.k8s.io/kube-apiserver:v1.35.0\nextraArgs:\n  oidc-issuer-url: https://issuer.example.org\n  authorization-mode: Node,RBAC\n'], rejects: 'KubeAPIServerConfig: kube-apiserver extra argument "authorization-mode" is not allowed: use KubeAuthorizationConfig\nkube-apiserver extra argument "oidc-issuer-url" is not allowed: use KubeAuthenticationConfig' },
  { name: 'apiserver set twice', cluster: '    apiServer:\n        image: registry.k8s.io/kube-apiserver:v1.35.0\n', documents: ['kind: KubeAPIServerConfig\nimage: registry.k8s.io/kube-apiserver:v1.35.0\n'], rejects: 'kube-apiserver config is already set in v1alpha1 config (.cluster.apiServer)' },
  { name: 'proxy mode and resources', documents: ['kind: KubeProxyConfig\nimage: registry.k8s.io/kube-proxy:v1.35.0\nmode: userspace\nresources:\n  requests:\n    nvidia.com/gpu: 1\n'], rejects: 'KubeProxyConfig: invalid proxy mode "userspace": supported modes are iptables, ipvs and nftables\nunsupported pod resource "nvidia.com/gpu"' },
  { name: 'pod subnet too large for the node mask', documents: ['kind: KubeNetworkConfig\npodSubnets: [10.0.0.0/7]\nserviceSubnets: [10.96.0.0/12]\n'], rejects: 'KubeNetworkConfig: pod subnets: invalid subnet: 10.0.0.0/7 is too large for the per-node pod CIDR mask size /24, the difference must be at most 16 bits' },
  { name: 'service subnet too large, counts differ', documents: ['kind: KubeNetworkConfig\npodSubnets: [10.244.0.0/16, "fd00:10:244::/56"]\nserviceSubnets: [10.0.0.0/8]\n'], rejects: 'KubeNetworkConfig: service subnets: invalid subnet: 10.0.0.0/8 is too large, it must be at least /12 (at most 20 host identifier bits)\nthe number of pod subnets must match the number of service subnets' },
  { name: 'pod subnet not masked', documents: ['kind: KubeNetworkConfig\npodSubnets: [10.244.0.1/16]\nserviceSubnets: [10.96.0.0/12]\n'], rejects: 'pod subnets: invalid subnet: 10.244.0.1/16 is not a valid CIDR' },
  { name: 'network set twice', cluster: '    network:\n        dnsDomain: cluster.local\n', documents: ['kind: KubeNetworkConfig\npodSubnets: [10.244.0.0/16]\nserviceSubnets: [10.96.0.0/12]\n'], rejects: 'cluster network config is already set in the v1alpha1 config (.machine.cluster.network). Please remove it and use only the new KubeNetworkConfig document to avoid conflicts' },
  { name: 'cluster name set twice', cluster: '    clusterName: talsim\n', documents: ['kind: KubeClusterConfig\nclusterName: talsim\nendpoint: https://10.5.0.2:6443\n'], rejects: 'cluster name is already set in the v1alpha1 config (.cluster.clusterName). Please remove it and use only the new KubeClusterConfig document to avoid conflicts' },
  { name: 'cluster without endpoint', documents: ['kind: KubeClusterConfig\nclusterName: talsim\n'], rejects: 'KubeClusterConfig: endpoint must be specified' },
  { name: 'node taint effect', documents: ['kind: KubeNodeConfig\ntaints:\n  example.com/dedicated: gpu:NoRun\n'], rejects: 'KubeNodeConfig: invalid node taints: 1 error occurred:\n\t* invalid taint effect: "NoRun"' },
  { name: 'node labels set twice', machine: '    nodeLabels:\n        zone: a\n', documents: ['kind: KubeNodeConfig\nlabels:\n  zone: a\n'], rejects: '.machine.nodeLabels is already set in v1alpha1 config' },
  { name: 'kubeprism port', documents: ['kind: KubePrismConfig\nport: 0\n'], rejects: 'KubePrismConfig: invalid port 0: must be in range 1-65535' },
  { name: 'service account key not PEM', documents: ['kind: KubeServiceAccountConfig\nissuer:\n  privateKey: not-a-key\n'], rejects: 'KubeServiceAccountConfig: service issuer private key is invalid: failed to parse PEM block\nservice issuer URL is required' },
  { name: 'aggregator CA missing, accepted CA not PEM', documents: ['kind: KubeAggregatorCAConfig\nacceptedCAs: [not-a-certificate]\n'], rejects: 'KubeAggregatorCAConfig: issuing CA is not set\naccepted CA #0: no PEM blocks found' },
  { name: 'apiserver CA with a key as certificate', documents: [`kind: KubeAPIServerCAConfig\nissuingCA:\n${block('cert', TEST_CA_KEY, 2)}${block('key', TEST_CA_KEY, 2)}`, 'kind: KubeEtcdEncryptionConfig\nconfig:\n  kind: EncryptionConfiguration\n'], rejects: 'KubeAPIServerCAConfig: issuing CA: certificate: unexpected PEM block type "PRIVATE KEY", expected one of ["CERTIFICATE"]' },
  { name: 'apiserver CA without etcd encryption', documents: [`kind: KubeAPIServerCAConfig\nissuingCA:\n${block('cert', TEST_CA_CERT, 2)}${block('key', TEST_CA_KEY, 2)}`], rejects: 'etcd encryption config is required for control plane machines running kube-apiserver' },
  { name: 'authorizer types', documents: ['kind: KubeAuthorizerConfig\nname: abac\ntype: ABAC\n', 'kind: KubeAuthorizerConfig\nname: hook\ntype: Webhook\n'], rejects: ['KubeAuthorizerConfig/abac: authorizer type ABAC is not allowed, allowed types are [Node RBAC Webhook]', 'KubeAuthorizerConfig/hook: authorizer webhook configuration is required for Webhook authorizer type'] },
  { name: 'talos API access role', documents: ['kind: KubeTalosAPIAccessConfig\nallowedRoles: [os:superuser]\n'], rejects: 'KubeTalosAPIAccessConfig: invalid role "os:superuser" in .allowedRoles' },
  { name: 'static pod name and spec', documents: ['kind: KubeStaticPodConfig\nname: Nginx_1\n'], rejects: 'KubeStaticPodConfig/Nginx_1: static pod name is invalid: domain doesn\'t match required format: "Nginx_1"\nstatic pod spec is required' },
  { name: 'external manifest scheme', documents: ['kind: KubeExternalManifestConfig\nname: addon\nurl: ftp://example.com/addon.yaml\n'], rejects: 'KubeExternalManifestConfig/addon: manifest URL scheme must be http or https: "ftp"' },
  { name: 'empty etcd encryption config', documents: ['kind: KubeEtcdEncryptionConfig\n'], rejects: 'KubeEtcdEncryptionConfig: etcd encryption config is required' },
  { name: 'bgp instance', documents: ['kind: BGPInstanceConfig\nname: fabric\nrouterID: fd00::1\nimportRoutes:\n  - bgpInstance: fabric\n    prefixes: [10.0.0.0/8, 10.1.0.0/16]\nneighbors:\n  - address: 10.5.0.1\n    link: eth0\n  - address: 10.5.0.2\n  - address: 10.5.0.2\n'], rejects: 'BGPInstanceConfig/fabric: localASN must be specified\nrouterID must be an IPv4 address\nneighbor[0]: exactly one of address or link must be set\nneighbor[2]: duplicate neighbor "10.5.0.2"\nimportRoutes[0]: cannot import from the same BGP instance "fabric"\nimportRoutes[0].prefixes[1]: prefix 10.1.0.0/16 overlaps prefixes[0] 10.0.0.0/8' },
  { name: 'veth names', documents: ['kind: VethConfig\nname: veth-with-a-long-name\npeer:\n  name: ".."\n'], rejects: 'VethConfig/veth-with-a-long-name: name must not exceed 15 bytes\npeer name must not be ".."' },
  { name: 'veth peer named as the veth', documents: ['kind: VethConfig\nname: veth0\npeer:\n  name: veth0\n'], rejects: 'conflicting link configurations: VethConfig/veth0 and VethConfig/veth0 both configure "veth0"' },
  { name: 'veth peer also configured as a link', documents: ['kind: VethConfig\nname: veth0\npeer:\n  name: veth1\n', 'kind: LinkConfig\nname: veth1\nmtu: 1400\n'], rejects: 'conflicting link configurations: VethConfig/veth0 and LinkConfig/veth1 both configure "veth1"' },
  { name: 'http probe scheme', documents: ['kind: HTTPProbeConfig\nname: gw\nurl: ftp://10.0.0.1/\ninterval: -1s\n'], rejects: 'HTTPProbeConfig/gw: HTTP probe URL scheme must be http or https, got "ftp"\nprobe interval cannot be negative: -1s' },
  { name: 'discovery without identity', documents: ['kind: DiscoveryServiceConfig\nname: primary\nendpoint: https://discovery.talos.dev/\n'], rejects: ['cluster ID (.cluster.id or DiscoveryIdentityConfig) should be set when cluster discovery (DiscoveryServiceConfig) is enabled', 'cluster secret (.cluster.secret or DiscoveryIdentityConfig) should be set when cluster discovery (DiscoveryServiceConfig) is enabled'] },
  { name: 'discovery endpoint scheme', documents: ['kind: DiscoveryIdentityConfig\nclusterID: id\nclusterSecret: aGVsbG8=\n', 'kind: DiscoveryServiceConfig\nname: primary\nendpoint: ftp://discovery.example.org/\n'], rejects: ['DiscoveryIdentityConfig: invalid clusterSecret: expected 32 bytes, got 5: aGVsbG8=', 'DiscoveryServiceConfig/primary: endpoint scheme must be http://, https:// or grpc://'] },
  { name: 'discovery set twice', cluster: '    discovery:\n        enabled: true\n', documents: ['kind: DiscoveryIdentityConfig\nclusterID: MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=\nclusterSecret: vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=\n', 'kind: DiscoveryServiceConfig\nname: primary\nendpoint: https://discovery.talos.dev/\n'], rejects: 'discovery service is already configured in .cluster.discovery of the v1alpha1 config' },
  { name: 'etc files Talos manages', documents: ['kind: EtcFileConfig\nname: hosts\ncontents: ""\n', 'kind: EtcFileConfig\nname: ../shadow\ncontents: ""\n'], rejects: ['EtcFileConfig/hosts: user etc file "hosts" is managed by Talos', 'EtcFileConfig/../shadow: user etc file "../shadow" must be a local path'] },
  { name: 'scrub interval too short', documents: ['kind: FilesystemScrubConfig\ninterval: 5s\n'], rejects: 'FilesystemScrubConfig: scrub interval: minimum value is 10s' },
  { name: 'logical volume', documents: ['kind: LVMLogicalVolumeConfig\nname: lv.data\nmirrors: 2\nprovisioning:\n  minSize: 10GiB\n'], rejects: 'LVMLogicalVolumeConfig/lv.data: name can only contain ASCII letters, digits, hyphens and underscores\nmirrors is only valid for raid1/raid10, not linear\nprovisioning.volumeGroup is required\nprovisioning.maxSize is required' },
  { name: 'volume group without selector', documents: ['kind: LVMVolumeGroupConfig\nname: vg\n'], rejects: 'LVMVolumeGroupConfig/vg: provisioning.volumeSelector.match is required' },
  { name: 'raid selector type error', documents: ['kind: RAIDArrayConfig\nname: data\nlevel: raid1\nprovisioning:\n  volumeSelector:\n    match: volume.size > 1\n'], rejects: "RAIDArrayConfig/data: provisioning.volumeSelector.match: ERROR: <input>:1:13: found no matching overload for '_>_' applied to '(uint, int)'" },
  { name: 'unattended install with machine.install', machine: '    install:\n        disk: /dev/sda\n', documents: ['kind: UnattendedInstallConfig\nprovisioning:\n  diskSelector:\n    match: disk.transport == "nvme"\n'], rejects: 'UnattendedInstallConfig config is incompatible with v1alpha1 config (.machine.install)' },
  { name: 'container', documents: ['kind: ContainerConfig\nname: Exporter\nenvironment: [DEBUG]\nmounts:\n  - tmpfs:\n      destination: /tmp\n    hostPath:\n      source: /var\n      destination: /var\nnetwork:\n  mode: bridge\n'], rejects: 'ContainerConfig/Exporter: name "Exporter": name can only contain lowercase ASCII letters, digits and hyphens\nimage is required\nenvironment[0]: "DEBUG" must be in KEY=value form\nmounts[0]: exactly one of userVolume, tmpfs or hostPath must be set\nunsupported network mode "bridge", expected none or host' },
  { name: 'cri customization reserved name', documents: ['kind: CRICustomizationConfig\nname: customization\ncontent: ""\n'], rejects: 'CRICustomizationConfig/customization: name "customization" is reserved for the legacy CRI customization' },
  { name: 'encrypted DNS without a server name', documents: ['kind: ResolverConfig\nnameservers:\n  - address: 9.9.9.9\n    protocol: DoT\n  - address: 1.1.1.1\n    tlsServerName: one.one.one.one\nhostDNS:\n  forwardKubeDNSToHost: true\n'], rejects: 'ResolverConfig: hostDNS.forwardKubeDNSToHost cannot be enabled when hostDNS.enabled is false\ntlsServerName must be set when protocol is DoT: entry 0\ntlsServerName must be empty when protocol is Do53: entry 1' },
  { name: 'encrypted DNS without host DNS', documents: ['kind: ResolverConfig\nnameservers:\n  - address: 9.9.9.9\n    protocol: DoT\n    tlsServerName: dns.quad9.net\n'], rejects: 'hostDNS must be enabled when using non-default DNS protocols' },
  { name: 'host DNS set twice', machine: '    features:\n        hostDNS:\n            enabled: true\n', documents: ['kind: ResolverConfig\nhostDNS:\n  enabled: true\n'], rejects: '.machine.features.hostDNS is already set in v1alpha1 config' },
  { name: 'NTS with an IP address', documents: ['kind: TimeSyncConfig\nntp:\n  servers: [time.cloudflare.com, 162.159.200.1]\n  useNTS: true\n'], rejects: 'TimeSyncConfig: NTS requires hostnames, not IP addresses: "162.159.200.1"' },
];

/** Accepted with a warning: Talos's text for it. */
export const WARNED_V1_14: Array<CorpusEntry & { warns: string }> = [
  { name: 'kube-proxy in iptables mode', documents: ['kind: KubeProxyConfig\nimage: registry.k8s.io/kube-proxy:v1.35.0\nmode: iptables\n'], warns: 'proxy mode "iptables" is not recommended, please switch to nftables if possible' },
  { name: 'webhook settings on an RBAC authorizer', documents: ['kind: KubeAuthorizerConfig\nname: rbac\ntype: RBAC\nwebhook:\n  timeout: 3s\n'], warns: 'authorizer webhook configuration is not allowed non-Webhook authorizer types' },
  { name: 'bgp without neighbors', documents: ['kind: BGPInstanceConfig\nname: fabric\nlocalASN: 65001\n'], warns: 'BGPInstanceConfig has no neighbors configured' },
  { name: 'container by tag', documents: ['kind: ContainerConfig\nname: exporter\nimage: docker.io/prom/node-exporter:v1.9.1\n'], warns: 'container "exporter": image "docker.io/prom/node-exporter:v1.9.1" is not digest-pinned, the running image may change on restart' },
  { name: 'unattended install without installer', documents: ['kind: UnattendedInstallConfig\nprovisioning:\n  diskSelector:\n    match: disk.transport == "nvme"\n'], warns: 'installer.image is not set, if Talos is not booted from asset built by Image Factory, installation will fail' },
  { name: 'only encrypted DNS', documents: ['kind: ResolverConfig\nnameservers:\n  - address: 9.9.9.9\n    protocol: DoT\n    tlsServerName: dns.quad9.net\nhostDNS:\n  enabled: true\n'], warns: 'all configured nameservers use encrypted DNS (DoT or DoH)' },
];
