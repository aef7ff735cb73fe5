// proto_spec converters for the specs whose YAML words have a typed wire form: addresses written
// as text become common.NetIP / common.NetIPPrefix bytes, Talos's YAML words (`inet4`, `global`,
// `ether`, `up`, `controlplane`) their enum values, a MAC its bytes. These are the types talosctl's
// typed readers decode (health's Members, the dashboard's LinkStatus/AddressStatus/RouteStatus,
// StaticPodStatus, TimeStatus, NodeLabelSpec). IPv4 only, as the simulated LAN.
import { structFromJson, type JsonValue } from '../../proto/well-known.ts';

type Spec = Record<string, unknown>;
export type SpecConverter = (spec: unknown) => Record<string, unknown> | undefined;

const isMapping = (value: unknown): value is Spec => typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const integer = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : 0);

/** common.NetIP of a dotted quad (`ip` bytes; empty for no address). */
export function netIp(address: string): { ip: Buffer } {
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255)) return { ip: Buffer.alloc(0) };
  return { ip: Buffer.from(octets) };
}

/** common.NetIPPrefix of `a.b.c.d/n` (an empty text is the default route 0.0.0.0/0). */
export function netIpPrefix(cidr: string): { ip: Buffer; prefix_length: number } {
  if (cidr === '') return { ip: Buffer.alloc(4), prefix_length: 0 };
  const [address = '', length = '32'] = cidr.split('/');
  return { ip: netIp(address).ip, prefix_length: Number(length) };
}

const MACHINE_TYPES: Record<string, string> = { init: 'TYPE_INIT', controlplane: 'TYPE_CONTROL_PLANE', worker: 'TYPE_WORKER' };
const FAMILIES: Record<string, string> = { inet4: 'FAMILY_INET4', inet6: 'FAMILY_INET6' };
const SCOPES: Record<string, string> = { global: 'SCOPE_GLOBAL', site: 'SCOPE_SITE', link: 'SCOPE_LINK', host: 'SCOPE_HOST', nowhere: 'SCOPE_NOWHERE' };
const LINK_TYPES: Record<string, string> = { ether: 'LINK_ETHER', loopback: 'LINK_LOOPBCK' };
/** IFA_F_PERMANENT. */
const ADDRESS_FLAGS: Record<string, number> = { permanent: 0x80 };
/** net.Flags bits as Talos prints them (`UP,BROADCAST,...`). */
const LINK_FLAGS: Record<string, number> = { UP: 1, BROADCAST: 2, LOOPBACK: 4, POINTTOPOINT: 8, MULTICAST: 16, RUNNING: 64, LOWER_UP: 65536 };

function machineTypeEnum(word: unknown): string {
  return MACHINE_TYPES[text(word)] ?? 'TYPE_UNKNOWN';
}

function member(spec: unknown) {
  if (!isMapping(spec)) return undefined;
  const addresses = Array.isArray(spec.addresses) ? spec.addresses.map((address) => netIp(text(address))) : [];
  const controlPlane = isMapping(spec.controlPlane) ? { api_server_port: integer(spec.controlPlane.apiServerPort) } : undefined;
  return {
    node_id: text(spec.nodeId),
    addresses,
    hostname: text(spec.hostname),
    machine_type: machineTypeEnum(spec.machineType),
    operating_system: text(spec.operatingSystem),
    ...(controlPlane ? { control_plane: controlPlane } : {}),
  };
}

function addressStatus(spec: unknown) {
  if (!isMapping(spec)) return undefined;
  return {
    address: netIpPrefix(text(spec.address)),
    local: netIp(text(spec.local)),
    link_index: integer(spec.linkIndex),
    link_name: text(spec.linkName),
    family: FAMILIES[text(spec.family)] ?? 'NETHELPERS_FAMILY_UNSPECIFIED',
    scope: SCOPES[text(spec.scope)] ?? 'SCOPE_GLOBAL',
    flags: text(spec.flags).split(',').reduce((bits, flag) => bits | (ADDRESS_FLAGS[flag] ?? 0), 0),
  };
}

function routeStatus(spec: unknown) {
  if (!isMapping(spec)) return undefined;
  const gateway = text(spec.gateway);
  return {
    family: 'FAMILY_INET4',
    destination: netIpPrefix(text(spec.dst)),
    ...(gateway ? { gateway: netIp(gateway) } : {}),
    out_link_name: text(spec.outLinkName),
    table: 'TABLE_MAIN',
    priority: integer(spec.priority),
    scope: gateway ? 'SCOPE_GLOBAL' : 'SCOPE_LINK',
    type: 'TYPE_UNICAST',
    protocol: 'PROTOCOL_STATIC',
  };
}

function macBytes(mac: string): Buffer {
  return Buffer.from(mac.split(':').filter((pair) => pair !== '').map((pair) => parseInt(pair, 16)));
}

function linkStatus(spec: unknown) {
  if (!isMapping(spec)) return undefined;
  return {
    index: integer(spec.index),
    type: LINK_TYPES[text(spec.type)] ?? 'LINK_NETROM',
    link_index: integer(spec.linkIndex),
    flags: text(spec.flags).split(',').reduce((bits, flag) => bits | (LINK_FLAGS[flag] ?? 0), 0),
    hardware_addr: macBytes(text(spec.hardwareAddr)),
    mtu: integer(spec.mtu),
    operational_state: text(spec.operationalState) === 'up' ? 'OPER_STATE_UP' : text(spec.operationalState) === 'down' ? 'OPER_STATE_DOWN' : 'OPER_STATE_UNKNOWN',
    kind: text(spec.kind),
    link_state: spec.linkState === true,
    alias: text(spec.alias),
  };
}

export const NETWORK_CONVERTERS: Record<string, SpecConverter> = {
  'talos.resource.definitions.cluster.MemberSpec': member,
  'talos.resource.definitions.network.AddressStatusSpec': addressStatus,
  'talos.resource.definitions.network.RouteStatusSpec': routeStatus,
  'talos.resource.definitions.network.LinkStatusSpec': linkStatus,
  'talos.resource.definitions.k8s.StaticPodStatusSpec': (spec) => (isMapping(spec) ? { pod_status: structFromJson(spec as { [key: string]: JsonValue }) } : undefined),
};
