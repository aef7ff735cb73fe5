// k8s.K8sControlPlaneController's BootstrapManifestsConfig (namespace controlplane, id
// "manifests"): on control planes, what the bootstrap manifests (kube-proxy, CoreDNS, flannel)
// are rendered from, taken from the config's cluster section with Talos's defaults. `talosctl
// health` reads its cniName: "none" skips the checks that need a CNI. Leaves out: rendering the
// manifests themselves (the Kubernetes model shows their pods), IPv6 DNS, extra manifests.
import type { ControllerContext } from './controller-context.ts';
import type { MachineConfig } from '../config/index.ts';
import { RT } from '../resources/resource-types.ts';

/** The spec for a config (the same object for the same config: written once per applied config). */
const specs = new WeakMap<object, Record<string, unknown>>();

export function bootstrapManifestsSpec(config: MachineConfig): Record<string, unknown> {
  let spec = specs.get(config);
  if (spec) return spec;
  const cluster = config.cluster ?? {};
  const network = cluster.network ?? {};
  const proxy = cluster.proxy ?? {};
  const coreDns = cluster.coreDNS ?? {};
  const cni = network.cni?.name ?? 'flannel';
  const kubeletImage = String(config.machine?.kubelet?.image ?? 'ghcr.io/siderolabs/kubelet:v1.35.0');
  const kubernetesVersion = /:(v[^@]+)$/.exec(kubeletImage)?.[1] ?? 'v1.35.0';
  const podSubnets: readonly string[] = network.podSubnets ?? ['10.244.0.0/16'];
  spec = {
    // KubePrism (on by default, port 7445) is what the manifests talk to.
    server: 'https://127.0.0.1:7445',
    clusterDomain: network.dnsDomain ?? 'cluster.local',
    podCIDRs: podSubnets.map(String),
    proxyEnabled: proxy.disabled !== true,
    proxyImage: proxy.image ?? `registry.k8s.io/kube-proxy:${kubernetesVersion}`,
    proxyArgs: [`--cluster-cidr=${podSubnets.map(String).join(',')}`, '--conntrack-max-per-core=0', '--hostname-override=$(NODE_NAME)', '--kubeconfig=/etc/kubernetes/kubeconfig', `--proxy-mode=${proxy.mode ?? 'nftables'}`],
    coreDNSEnabled: coreDns.disabled !== true,
    coreDNSImage: coreDns.image ?? 'registry.k8s.io/coredns/coredns:v1.14.6',
    dnsServiceIP: '10.96.0.10',
    dnsServiceIPv6: '',
    flannelEnabled: cni === 'flannel',
    flannelImage: 'ghcr.io/siderolabs/flannel:v0.28.8',
    flannelExtraArgs: [],
    flannelKubeServiceHost: '127.0.0.1',
    flannelKubeServicePort: '7445',
    podSecurityPolicyEnabled: false,
    talosAPIServiceEnabled: false,
    cniName: cni,
  };
  specs.set(config, spec);
  return spec;
}

export function writeBootstrapManifestsConfig(node: ControllerContext, config: MachineConfig): void {
  node.resources.put('controlplane', RT.bootstrapManifestsConfig, 'manifests', bootstrapManifestsSpec(config));
}
