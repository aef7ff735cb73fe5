// Typed reads of the fields the node acts on, from a parsed v1alpha1 config object. Keeps the
// node's code free of `any` walks; parsing and validation live in nodes/config/.

import type { MachineType } from './vocabulary.ts';

export type ConfigObject = Record<string, any>;

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

const obj = (value: unknown): Record<string, any> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, any>) : {};

/** Labels per config object: read on every reconcile pass, computed once per applied config. */
const nodeLabelsByConfig = new WeakMap<object, Readonly<Record<string, string>>>();

export const view = {
  machineType(config: ConfigObject): Exclude<MachineType, 'unknown'> {
    const type = obj(config.machine).type;
    return type === 'controlplane' || type === 'init' ? type : 'worker';
  },
  isControlPlane(config: ConfigObject): boolean {
    return view.machineType(config) !== 'worker';
  },
  hostname(config: ConfigObject): string | undefined {
    return obj(obj(config.machine).network).hostname || undefined;
  },
  /** A static hostname from a HostnameConfig document (v1.12+); undefined for auto or none. */
  hostnameDocument(documents: ReadonlyArray<{ kind: string; body: ConfigObject }>): string | undefined {
    const document = documents.find((candidate) => candidate.kind === 'HostnameConfig');
    return document === undefined ? undefined : (obj(document.body).hostname || undefined);
  },
  interfaces(config: ConfigObject): InterfaceConfig[] {
    const list = obj(obj(config.machine).network).interfaces;
    if (!Array.isArray(list)) return [];
    return list.map((raw: Record<string, any>) => ({
      interface: raw.interface,
      addresses: [...(raw.addresses ?? []), ...(raw.cidr ? [raw.cidr] : [])].map(String),
      dhcp: Boolean(raw.dhcp),
      routes: Array.isArray(raw.routes) ? raw.routes : [],
      mtu: raw.mtu,
      vip: obj(raw.vip).ip,
      ignore: Boolean(raw.ignore),
    }));
  },
  nameservers(config: ConfigObject): string[] {
    return obj(obj(config.machine).network).nameservers ?? [];
  },
  installDisk(config: ConfigObject): string | undefined {
    return obj(obj(config.machine).install).disk || undefined;
  },
  installImage(config: ConfigObject): string {
    return obj(obj(config.machine).install).image ?? '';
  },
  extraKernelArgs(config: ConfigObject): string[] {
    return obj(obj(config.machine).install).extraKernelArgs ?? [];
  },
  /** The same (frozen) object for the same config: callers compare by identity to skip unchanged work. */
  nodeLabels(config: ConfigObject): Readonly<Record<string, string>> {
    let labels = nodeLabelsByConfig.get(config);
    if (!labels) {
      labels = Object.freeze(Object.fromEntries(Object.entries(obj(obj(config.machine).nodeLabels)).map(([k, v]) => [k, String(v)])));
      nodeLabelsByConfig.set(config, labels);
    }
    return labels;
  },
  nodeTaints(config: ConfigObject): Array<{ key: string; value?: string; effect: string }> {
    return Object.entries(obj(obj(config.machine).nodeTaints)).map(([key, raw]) => {
      const [value, effect] = String(raw).includes(':') ? String(raw).split(':') : ['', String(raw)];
      return { key, value: value || undefined, effect: effect! };
    });
  },
  kubeletImage(config: ConfigObject): string {
    return obj(obj(config.machine).kubelet).image ?? 'ghcr.io/siderolabs/kubelet:v1.35.0';
  },
  apiServerImage(config: ConfigObject): string {
    return obj(obj(config.cluster).apiServer).image ?? 'registry.k8s.io/kube-apiserver:v1.35.0';
  },
  etcdImage(config: ConfigObject): string {
    return obj(obj(config.cluster).etcd).image ?? 'gcr.io/etcd-development/etcd:v3.6.5';
  },
  clusterName(config: ConfigObject): string {
    return obj(config.cluster).clusterName ?? '';
  },
  endpoint(config: ConfigObject): string {
    return obj(obj(config.cluster).controlPlane).endpoint ?? '';
  },
  certSANs(config: ConfigObject): string[] {
    return obj(config.machine).certSANs ?? [];
  },
  caCrt(config: ConfigObject): string {
    return obj(obj(config.machine).ca).crt ?? '';
  },
  hasEtcdCa(config: ConfigObject): boolean {
    return Boolean(obj(obj(obj(config.cluster).etcd).ca).crt);
  },
  files(config: ConfigObject): Array<{ path: string; content: string; op: string }> {
    const list = obj(config.machine).files;
    return Array.isArray(list) ? list.map((f: any) => ({ path: String(f.path), content: String(f.content ?? ''), op: String(f.op ?? 'create') })) : [];
  },
  sysctls(config: ConfigObject): Record<string, string> {
    return obj(obj(config.machine).sysctls);
  },
  timeDisabled(config: ConfigObject): boolean {
    return Boolean(obj(obj(config.machine).time).disabled);
  },
  timeServers(config: ConfigObject): string[] {
    return obj(obj(config.machine).time).servers ?? ['time.cloudflare.com'];
  },
  kubeletExtraArgs(config: ConfigObject): Record<string, string> {
    return obj(obj(config.machine).kubelet).extraArgs ?? {};
  },
  apiServerExtraArgs(config: ConfigObject): Record<string, string> {
    return obj(obj(config.cluster).apiServer).extraArgs ?? {};
  },
};
