// The node's typed spec: what the active config asks of this node, derived once per config from
// the typed v1alpha1 MachineConfig (plus the HostnameConfig document) with Talos's defaults, and
// read by controllers, tasks, services and the API edge. "Why did this field not take effect"
// starts here: a field the spec does not carry is one talsim does not act on. Network documents
// (LinkConfig, ResolverConfig, ...) are folded in by config-documents.ts. Leaves out: the fields
// only validation reads (nodes/config/).
import type { MachineConfig, OtherDocument } from './config/index.ts';
import type { ExtraArgs } from './config/machine-config-types.ts';
import type { MachineType } from './vocabulary.ts';

export interface InterfaceConfig {
  interface?: string;
  addresses: string[];
  dhcp: boolean;
  routes: Array<{ network: string; gateway?: string; metric?: number }>;
  mtu?: number;
  vip?: string;
  ignore: boolean;
  /** Only a VIP is configured for the link (Layer2VIPConfig): its addressing stays the default (DHCP on the first link). */
  vipOnly?: boolean;
}

export interface MachineFile {
  path: string;
  content: string;
  op: string;
}

export interface NodeTaint {
  key: string;
  value?: string;
  effect: string;
}

export interface NodeSpec {
  readonly machineType: Exclude<MachineType, 'unknown'>;
  readonly controlPlane: boolean;
  /** HostnameConfig's static hostname, else `machine.network.hostname`; undefined: Talos makes one up. */
  readonly hostname: string | undefined;
  /** `machine.network.hostname` alone. */
  readonly networkHostname: string | undefined;
  /** A HostnameConfig document's static hostname alone (undefined for auto or none). */
  readonly documentHostname: string | undefined;
  /** v1alpha1 `machine.network.interfaces`, as links to configure. */
  readonly interfaces: readonly InterfaceConfig[];
  readonly nameservers: readonly string[];
  readonly searchDomains: readonly string[];
  readonly extraHostEntries: ReadonlyArray<{ ip: string; hostnames: string[] }>;
  readonly timeDisabled: boolean;
  readonly timeServers: readonly string[];
  readonly installDisk: string | undefined;
  readonly installImage: string;
  readonly extraKernelArgs: readonly string[];
  /** Frozen, the same object for the same config: callers compare by identity to skip unchanged work. */
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly nodeTaints: readonly NodeTaint[];
  readonly kubeletImage: string;
  readonly kubeletExtraArgs: Readonly<ExtraArgs>;
  readonly apiServerExtraArgs: Readonly<ExtraArgs>;
  readonly apiServerImage: string;
  readonly etcdImage: string;
  readonly clusterName: string;
  readonly endpoint: string;
  readonly certSANs: readonly string[];
  /** The config carries etcd's CA (a control plane can run etcd). */
  readonly hasEtcdCa: boolean;
  readonly files: readonly MachineFile[];
}

const DEFAULT_KUBELET_IMAGE = 'ghcr.io/siderolabs/kubelet:v1.35.0';
const DEFAULT_API_SERVER_IMAGE = 'registry.k8s.io/kube-apiserver:v1.35.0';
const DEFAULT_ETCD_IMAGE = 'gcr.io/etcd-development/etcd:v3.6.5';
const DEFAULT_TIME_SERVERS = ['time.cloudflare.com'];
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** A config the spec is derived from: the decoded v1alpha1 document and the stream's other documents. */
export interface SpecSource {
  readonly object: MachineConfig;
  readonly documents?: readonly OtherDocument[];
}

const specs = new WeakMap<SpecSource, NodeSpec>();

/** The spec of a config, derived on first use and kept while the config object lives. */
export function nodeSpec(config: SpecSource): NodeSpec {
  let spec = specs.get(config);
  if (!spec) specs.set(config, (spec = deriveSpec(config.object, config.documents ?? [])));
  return spec;
}

/** `machine.type` as Talos reads it: anything but init/controlplane is a worker. */
export function machineTypeOf(config: MachineConfig): Exclude<MachineType, 'unknown'> {
  const type = config.machine?.type;
  return type === 'controlplane' || type === 'init' ? type : 'worker';
}

function deriveSpec(config: MachineConfig, documents: readonly OtherDocument[]): NodeSpec {
  const machine = config.machine ?? {};
  const cluster = config.cluster ?? {};
  const network = machine.network ?? {};
  const machineType = machineTypeOf(config);
  const hostnameDocument = documents.find((document) => document.kind === 'HostnameConfig');
  const documentHostname = hostnameDocument === undefined ? undefined : (stringField(hostnameDocument.body.hostname) || undefined);
  return {
    machineType,
    controlPlane: machineType !== 'worker',
    hostname: documentHostname ?? (network.hostname || undefined),
    networkHostname: network.hostname || undefined,
    documentHostname,
    interfaces: (network.interfaces ?? []).map((raw) => ({
      interface: raw.interface,
      addresses: [...(raw.addresses ?? []), ...(raw.cidr ? [raw.cidr] : [])].map(String),
      dhcp: Boolean(raw.dhcp),
      routes: (raw.routes ?? []).map((route) => ({ ...route, network: route.network ?? '' })),
      mtu: raw.mtu,
      vip: raw.vip?.ip,
      ignore: Boolean(raw.ignore),
    })),
    nameservers: network.nameservers ?? [],
    searchDomains: (network.searchDomains ?? []).map(String),
    extraHostEntries: (network.extraHostEntries ?? []).map((entry) => ({ ip: String(entry.ip ?? ''), hostnames: (entry.aliases ?? []).map(String) })),
    timeDisabled: Boolean(machine.time?.disabled),
    timeServers: machine.time?.servers ?? DEFAULT_TIME_SERVERS,
    installDisk: machine.install?.disk || undefined,
    installImage: machine.install?.image ?? '',
    extraKernelArgs: machine.install?.extraKernelArgs ?? [],
    // The decoder reads machine.nodeLabels as Talos's map[string]string (every value a string), and
    // a config is replaced whole, never edited: frozen in place, not copied (it may hold tens of
    // thousands of labels).
    nodeLabels: Object.freeze(machine.nodeLabels ?? NO_LABELS),
    nodeTaints: Object.entries(machine.nodeTaints ?? {}).map(([key, raw]) => {
      const [value, effect] = String(raw).includes(':') ? String(raw).split(':') : ['', String(raw)];
      return { key, value: value || undefined, effect: effect! };
    }),
    kubeletImage: machine.kubelet?.image ?? DEFAULT_KUBELET_IMAGE,
    kubeletExtraArgs: machine.kubelet?.extraArgs ?? {},
    apiServerExtraArgs: cluster.apiServer?.extraArgs ?? {},
    apiServerImage: cluster.apiServer?.image ?? DEFAULT_API_SERVER_IMAGE,
    etcdImage: cluster.etcd?.image ?? DEFAULT_ETCD_IMAGE,
    clusterName: cluster.clusterName ?? '',
    endpoint: cluster.controlPlane?.endpoint ?? '',
    certSANs: machine.certSANs ?? [],
    hasEtcdCa: Boolean(cluster.etcd?.ca?.crt),
    files: (machine.files ?? []).map((file) => ({ path: String(file.path), content: String(file.content ?? ''), op: String(file.op ?? 'create') })),
  };
}

function stringField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
