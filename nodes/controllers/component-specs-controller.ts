// The specs Talos's controllers hand to the components they run, as `talosctl get` shows them:
// etcd.SpecController (EtcdSpec "etcd" on control planes: the hostname, advertised and peer
// addresses, the image, client listen 0.0.0.0), k8s.ControlPlaneStaticPodController (StaticPods
// once rendered: a Pod manifest per control-plane component with Talos's labels, annotations and
// flags), k8s.KubeletSpecController (KubeletSpec "kubelet": image, sorted flags, the
// KubeletConfiguration), secrets.APICertSANsController and KubernetesCertSANsController (CertSANs
// "api" and "k8s"), block.SystemDiskController (SystemDisk once installed). Specs are rebuilt only
// when their inputs change (componentSpecsInputs). Leaves out most flags and the full KubeletConfiguration defaults, the
// pods' volumes and probes, etcd's extra args from the config, KubeSpan and VIP addresses.
import type { ControllerContext } from './controller-context.ts';
import { RT } from '../resources/resource-types.ts';
import { apidSubjectAltNames, splitSubjectAltNames } from '../pki/index.ts';

const STATIC_POD_COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
const SERVICE_HOST_IP = '10.96.0.1';
const CLUSTER_DNS = '10.96.0.10';

function kubernetesVersion(apiServerImage: string): string {
  return /:(v[^@]+)/.exec(apiServerImage)?.[1] ?? 'v1.35.0';
}

function flags(args: Record<string, string>): string[] {
  return Object.entries(args).map(([name, value]) => `--${name}=${value}`).sort();
}

function staticPod(node: ControllerContext, component: (typeof STATIC_POD_COMPONENTS)[number], configVersion: string): Record<string, unknown> {
  const spec = node.spec()!;
  const apiServerImage = spec.apiServerImage;
  const image = component === 'kube-apiserver' ? apiServerImage : `registry.k8s.io/${component}:${kubernetesVersion(apiServerImage)}`;
  const address = node.primaryAddress() ?? '';
  const byComponent: Record<string, Record<string, string>> = {
    'kube-apiserver': {
      'advertise-address': address, 'allow-privileged': 'true', 'authorization-mode': 'Node,RBAC', 'client-ca-file': '/system/secrets/kubernetes/kube-apiserver/ca.crt',
      'etcd-servers': 'https://localhost:2379', 'secure-port': '6443', 'service-cluster-ip-range': '10.96.0.0/12', 'tls-cert-file': '/system/secrets/kubernetes/kube-apiserver/apiserver.crt',
      ...spec.apiServerExtraArgs,
    },
    'kube-controller-manager': { 'allocate-node-cidrs': 'true', 'bind-address': '127.0.0.1', 'cluster-cidr': '10.244.0.0/16', 'kubeconfig': '/system/secrets/kubernetes/kube-controller-manager/kubeconfig', 'leader-elect': 'true', 'service-cluster-ip-range': '10.96.0.0/12' },
    'kube-scheduler': { 'bind-address': '127.0.0.1', 'config': '/system/config/kubernetes/kube-scheduler/scheduler-config.yaml', 'leader-elect': 'true' },
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      annotations: { 'talos.dev/config-version': configVersion, 'talos.dev/secrets-version': '1' },
      labels: { 'k8s-app': component, tier: 'control-plane' },
      name: component,
      namespace: 'kube-system',
    },
    spec: {
      containers: [{ command: [`/usr/local/bin/${component}`, ...flags(byComponent[component]!)], image, name: component }],
      hostNetwork: true,
      priorityClassName: 'system-cluster-critical',
      securityContext: { runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 },
    },
  };
}

function kubeletSpec(node: ControllerContext): Record<string, unknown> {
  const spec = node.spec()!;
  const hostname = node.hostname();
  const args = {
    'bootstrap-kubeconfig': '/etc/kubernetes/bootstrap-kubeconfig',
    'cert-dir': '/var/lib/kubelet/pki',
    config: '/etc/kubernetes/kubelet.yaml',
    'hostname-override': hostname,
    kubeconfig: '/etc/kubernetes/kubeconfig-kubelet',
    ...(node.primaryAddress() ? { 'node-ip': node.primaryAddress()! } : {}),
    ...spec.kubeletExtraArgs,
  };
  return {
    image: spec.kubeletImage,
    args: flags(args),
    expectedNodename: hostname,
    config: {
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      address: '0.0.0.0',
      authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' } },
      authorization: { mode: 'Webhook' },
      cgroupRoot: '/',
      clusterDNS: [CLUSTER_DNS],
      clusterDomain: 'cluster.local',
      failSwapOn: false,
      healthzBindAddress: '127.0.0.1',
      healthzPort: 10248,
      port: 10250,
      rotateCertificates: true,
      serializeImagePulls: false,
      staticPodPath: '/etc/kubernetes/manifests',
    },
  };
}

function certSans(node: ControllerContext): { api: Record<string, unknown>; k8s: Record<string, unknown> } {
  const spec = node.spec()!;
  const hostname = node.hostname();
  const api = apidSubjectAltNames({ hostname, addresses: node.addresses(), certSANs: [...spec.certSANs] });
  const endpointHost = /^https?:\/\/\[?([^\]/:]+)/.exec(spec.endpoint)?.[1] ?? '';
  const fromEndpoint = endpointHost ? splitSubjectAltNames([endpointHost]) : { ipAddresses: [], dnsNames: [] };
  const clusterName = spec.clusterName;
  const k8sDns = [...new Set([...fromEndpoint.dnsNames, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'localhost', hostname, clusterName ? `${clusterName}` : ''].filter((name) => name !== ''))].sort();
  const k8sIps = [...new Set([...fromEndpoint.ipAddresses, ...node.addresses(), SERVICE_HOST_IP, '127.0.0.1'])];
  return {
    api: { ips: api.ipAddresses, dnsNames: api.dnsNames, fqdn: api.commonName },
    k8s: { ips: k8sIps, dnsNames: k8sDns, fqdn: hostname },
  };
}

/**
 * What it reads: the config, hostname, addresses (addressesOf keeps its array while they do not
 * change), the system disk, whether Talos is installed, whether static pods are rendered and the
 * MachineConfig resource's version.
 */
export function componentSpecsInputs(node: ControllerContext): unknown[] {
  const rendered = node.isControlPlane() && node.status.kube.staticPodsRenderedMs !== undefined;
  return [node.config, node.hostname(), node.addresses(), node.systemDisk(), node.status.installed, rendered, node.resources.get('config', RT.machineConfig, 'v1alpha1')?.metadata.version];
}

export function componentSpecsController(node: ControllerContext): void {
  const config = node.config?.object;
  const spec = node.spec();
  const system = node.systemDisk();
  const configVersion = String(node.resources.get('config', RT.machineConfig, 'v1alpha1')?.metadata.version ?? 1);
  const rendered = node.isControlPlane() && node.status.kube.staticPodsRenderedMs !== undefined;

  if (system && node.status.installed) node.resources.put('runtime', RT.systemDisk, 'system-disk', { diskID: system.name, devPath: system.devPath });
  else node.resources.prune('runtime', RT.systemDisk, new Set());
  if (!config || !spec) {
    for (const [namespace, type] of [['etcd', RT.etcdSpec], ['k8s', RT.staticPod], ['k8s', RT.kubeletSpec], ['secrets', RT.certSan]] as const) node.resources.prune(namespace, type, new Set());
    return;
  }
  const address = node.primaryAddress();
  if (node.isControlPlane() && address) {
    node.resources.put('etcd', RT.etcdSpec, 'etcd', {
      name: node.hostname(), advertisedAddresses: [address], image: spec.etcdImage, extraArgs: {}, listenPeerAddresses: [address], listenClientAddresses: ['0.0.0.0'],
    });
  } else node.resources.prune('etcd', RT.etcdSpec, new Set());
  if (rendered) for (const component of STATIC_POD_COMPONENTS) node.resources.put('k8s', RT.staticPod, component, { pod: staticPod(node, component, configVersion) });
  else node.resources.prune('k8s', RT.staticPod, new Set());
  node.resources.put('k8s', RT.kubeletSpec, 'kubelet', kubeletSpec(node));
  const sans = certSans(node);
  node.resources.put('secrets', RT.certSan, 'api', sans.api);
  if (node.isControlPlane()) node.resources.put('secrets', RT.certSan, 'k8s', sans.k8s);
  else node.resources.prune('secrets', RT.certSan, new Set(['api']));
}
