// What a node does with the v1.12+/v1.13 network documents of its config, combined with the
// v1alpha1 `machine.network`/`machine.time` fields the same controllers read: link aliases from
// LinkAliasConfig selectors matched against the node's NICs, LinkConfig/DHCPv4Config/
// Layer2VIPConfig folded into per-link settings (so addresses, routes, DHCP and VIPs go through
// the one network controller), bonds, VLANs and dummy links as links of their own, resolvers,
// time servers and static hosts. Pure: derived from the active config and the NICs.
// Leaves out: DHCPv6, bridges, wireguard, VRFs, routing rules; a link alias whose selector
// matches several links names the first (Talos reports the clash).
import type { ConfigObject } from './config/index.ts';
import type { InterfaceConfig, NodeSpec } from './node-spec.ts';
import { selectorMatches } from './config/cel-selector.ts';
import { linkVariables } from './config/selector-variables.ts';

export interface DocumentLike {
  kind: string;
  name: string;
  body: ConfigObject;
}

export interface NicLike {
  name: string;
  mac: string;
  index: number;
}

export interface VirtualLink {
  name: string;
  kind: 'bond' | 'vlan' | 'dummy';
  /** Member links (bond) or the parent link (vlan), by NIC name. */
  lower: string[];
  vlanId?: number;
  mtu?: number;
}

export interface NetworkSettings {
  /** Per link (NIC or virtual link name): addresses, routes, DHCP, VIP. v1alpha1 first, then documents. */
  interfaces: InterfaceConfig[];
  /** NIC name -> alias given by a LinkAliasConfig. */
  aliases: Map<string, string>;
  virtualLinks: VirtualLink[];
  nameservers: string[];
  searchDomains: string[];
  timeServers: string[];
  timeDisabled: boolean;
  staticHosts: Array<{ ip: string; hostnames: string[] }>;
  /** Link names the documents configure that resolve to no link (no NIC, alias or virtual link). */
  unresolvedLinks: string[];
}

const obj = (value: unknown): ConfigObject => (value && typeof value === 'object' && !Array.isArray(value) ? (value as ConfigObject) : {});
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** LinkAliasConfig: each alias goes to the first NIC its selector matches; `net%d` patterns number every match. */
export function linkAliases(documents: readonly DocumentLike[], nics: readonly NicLike[]): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const document of documents.filter((candidate) => candidate.kind === 'LinkAliasConfig')) {
    const match = String(obj(document.body.selector).match ?? '');
    const candidates = nics.filter((nic) => !aliases.has(nic.name) && selectorMatches(match, 'link', linkVariables(nic)));
    if (document.name.includes('%d')) candidates.forEach((nic, index) => aliases.set(nic.name, document.name.replace('%d', String(index))));
    else if (candidates[0] !== undefined) aliases.set(candidates[0].name, document.name);
  }
  return aliases;
}

function commonLink(body: ConfigObject): Pick<InterfaceConfig, 'addresses' | 'routes' | 'mtu'> {
  return {
    addresses: (Array.isArray(body.addresses) ? body.addresses : []).map((item) => String(obj(item).address ?? '')).filter((address) => address !== ''),
    routes: (Array.isArray(body.routes) ? body.routes : []).map((item) => {
      const route = obj(item);
      return { network: String(route.destination || '0.0.0.0/0'), gateway: route.gateway ? String(route.gateway) : undefined, metric: typeof route.metric === 'number' ? route.metric : undefined };
    }),
    mtu: typeof body.mtu === 'number' ? body.mtu : undefined,
  };
}

function merge(list: InterfaceConfig[], name: string, change: Partial<InterfaceConfig>): void {
  let entry = list.find((candidate) => candidate.interface === name);
  if (entry === undefined) list.push((entry = { interface: name, addresses: [], dhcp: false, routes: [], ignore: false, vipOnly: true }));
  if (change.vip === undefined) entry.vipOnly = false;
  if (change.addresses) entry.addresses = [...new Set([...entry.addresses, ...change.addresses])];
  if (change.routes) entry.routes = [...entry.routes, ...change.routes];
  if (change.dhcp) entry.dhcp = true;
  if (change.mtu !== undefined) entry.mtu = change.mtu;
  if (change.vip !== undefined) entry.vip = change.vip;
}

/** Everything the network, time and /etc controllers act on, from v1alpha1 fields and documents. */
export function networkSettings(spec: NodeSpec | undefined, documents: readonly DocumentLike[], nics: readonly NicLike[]): NetworkSettings {
  const aliases = linkAliases(documents, nics);
  const byAlias = new Map([...aliases].map(([nic, alias]) => [alias, nic]));
  const virtualLinks: VirtualLink[] = [];
  for (const document of documents) {
    const body = document.body;
    if (document.kind === 'BondConfig') virtualLinks.push({ name: document.name, kind: 'bond', lower: strings(body.links).map((link) => byAlias.get(link) ?? link), mtu: commonLink(body).mtu });
    if (document.kind === 'VLANConfig') {
      const parent = String(body.parent ?? '');
      virtualLinks.push({ name: document.name, kind: 'vlan', lower: [byAlias.get(parent) ?? parent], vlanId: Number(body.vlanID ?? 0), mtu: commonLink(body).mtu });
    }
    if (document.kind === 'DummyLinkConfig') virtualLinks.push({ name: document.name, kind: 'dummy', lower: [] });
  }
  const known = new Set([...nics.map((nic) => nic.name), ...virtualLinks.map((link) => link.name)]);
  const resolve = (name: string): string => byAlias.get(name) ?? name;
  const interfaces = (spec?.interfaces ?? []).map((entry) => ({ ...entry }));
  const unresolvedLinks: string[] = [];
  for (const document of documents) {
    const linkName = ['LinkConfig', 'BondConfig', 'VLANConfig', 'DummyLinkConfig', 'DHCPv4Config'].includes(document.kind) ? resolve(document.name)
      : document.kind === 'Layer2VIPConfig' ? resolve(String(document.body.link ?? '')) : '';
    if (linkName === '') continue;
    if (!known.has(linkName)) unresolvedLinks.push(linkName);
    if (document.kind === 'DHCPv4Config') merge(interfaces, linkName, { dhcp: true });
    else if (document.kind === 'Layer2VIPConfig') merge(interfaces, linkName, { vip: document.name });
    else merge(interfaces, linkName, commonLink(document.body));
  }
  const resolver = documents.find((document) => document.kind === 'ResolverConfig')?.body;
  const timeSync = documents.find((document) => document.kind === 'TimeSyncConfig')?.body;
  const documentServers = timeSync === undefined ? [] : strings(obj(timeSync.ntp).servers);
  const v1alpha1Hosts = spec?.extraHostEntries ?? [];
  return {
    interfaces,
    aliases,
    virtualLinks,
    nameservers: resolver !== undefined
      ? (Array.isArray(resolver.nameservers) ? resolver.nameservers : []).map((item) => String(obj(item).address ?? '')).filter((address) => address !== '')
      : [...(spec?.nameservers ?? [])],
    searchDomains: resolver !== undefined ? strings(obj(resolver.searchDomains).domains) : [...(spec?.searchDomains ?? [])],
    timeServers: documentServers.length > 0 ? documentServers : [...(spec?.timeServers ?? ['time.cloudflare.com'])],
    timeDisabled: timeSync !== undefined ? timeSync.enabled === false : spec?.timeDisabled ?? false,
    staticHosts: [...v1alpha1Hosts, ...documents.filter((document) => document.kind === 'StaticHostConfig').map((document) => ({ ip: document.name, hostnames: strings(document.body.hostnames) }))],
    unresolvedLinks: [...new Set(unresolvedLinks)],
  };
}
