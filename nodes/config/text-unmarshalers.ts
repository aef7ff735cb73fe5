// The leaves of multi-document configs that Go decodes with the type's own UnmarshalText: each
// returns the error text go-yaml reports for a bad value ('' when the text is accepted).
// netip.Addr / Prefix / AddrPort (and Talos' wrappers around them), nethelpers and block enums
// (enumer's "<x> does not belong to <T> values"), MAC addresses, byte and percentage sizes,
// meta.URL and port ranges. Leaves out: CEL expressions are accepted as written (Talos compiles
// them; a syntax error there is not reproduced), and IPv4/IPv6 parse errors use Go's generic
// "unable to parse IP" wording where Go names a finer cause.
import { parseIP, parsePrefix, parseURL } from './net-parse.ts';
import { parseHumanBytes } from './leaf-decoders.ts';

const ENUMS: Record<string, readonly string[]> = {
  'nethelpers.AutoHostnameKind': ['off', 'talos-addr', 'stable'],
  'nethelpers.BondMode': ['balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb'],
  'nethelpers.ClientIdentifier': ['none', 'mac', 'duid'],
  'nethelpers.ADLACPActive': ['off', 'on'],
  'nethelpers.ADSelect': ['stable', 'bandwidth', 'count'],
  'nethelpers.ARPAllTargets': ['any', 'all'],
  'nethelpers.ARPValidate': ['none', 'active', 'backup', 'all', 'filter', 'filter-active', 'filter-backup'],
  'nethelpers.BondXmitHashPolicy': ['layer2', 'layer3+4', 'layer2+3', 'encap2+3', 'encap3+4'],
  'nethelpers.FailOverMAC': ['none', 'active', 'follow'],
  'nethelpers.LACPRate': ['slow', 'fast'],
  'nethelpers.PrimaryReselect': ['always', 'better', 'failure'],
  'nethelpers.VLANProtocol': ['802.1q', '802.1ad'],
  'nethelpers.Protocol': ['icmp', 'tcp', 'udp', 'icmpv6'],
  'nethelpers.DefaultAction': ['accept', 'block'],
  'nethelpers.RoutingRuleAction': ['unspec', 'unicast', 'blackhole', 'unreachable', 'prohibit'],
  'nethelpers.WOLMode': ['phy', 'unicast', 'multicast', 'broadcast', 'magic', 'magicsecure', 'filter'],
  'block.FilesystemType': ['none', 'xfs', 'vfat', 'ext4', 'iso9660', 'swap', 'virtiofs'],
  'block.EncryptionProviderType': ['none', 'luks2'],
  'block.VolumeType': ['partition', 'disk', 'tmpfs', 'directory', 'symlink', 'overlay', 'external'],
  'nethelpers.DNSProtocol': ['Do53', 'DoT', 'DoH'],
  'storage.LVMLogicalVolumeType': ['linear', 'raid1', 'raid0', 'raid10'],
  'storage.MDLevel': ['raid1'],
  'storage.MDMetadata': ['1.0', '1.2'],
};

/** enumer's lookup: the name as written, else its lower-case form (so "DoT" and "dot" both decode). */
function enumValue(values: readonly string[], text: string): string | undefined {
  return values.find((value) => value === text) ?? values.find((value) => value.toLowerCase() === text.toLowerCase());
}

/** The canonical name of an enum leaf as Talos stores it ("DOT" decodes to "DoT"); other leaves unchanged. */
export function canonicalText(goType: string, text: string): string {
  const values = ENUMS[goType];
  return values === undefined ? text : (enumValue(values, text) ?? text);
}

const ROUTING_TABLE_NAMES = new Set(['unspec', 'default', 'main', 'local']);

function quote(text: string): string {
  return JSON.stringify(text);
}

function addrError(text: string): string {
  if (text === '') return `ParseAddr(""): unable to parse IP`;
  return parseIP(text) === null ? `ParseAddr(${quote(text)}): unable to parse IP` : '';
}

function prefixError(text: string): string {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return `netip.ParsePrefix(${quote(text)}): no '/'`;
  const address = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  const inner = addrError(address);
  if (inner !== '') return `netip.ParsePrefix(${quote(text)}): ${inner}`;
  if (!/^(0|[1-9]\d{0,2})$/.test(bits)) return `netip.ParsePrefix(${quote(text)}): bad bits after slash: ${quote(bits)}`;
  return parsePrefix(text) === null ? `netip.ParsePrefix(${quote(text)}): prefix length out of range` : '';
}

function addrPortError(text: string): string {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return 'not an ip:port';
  const host = text.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = text.slice(colon + 1);
  if (!/^\d+$/.test(port) || Number(port) > 65535) return `invalid port ${quote(port)} parsing ${quote(text)}`;
  return addrError(host);
}

function hardwareAddrError(text: string): string {
  if (/^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5,19}$/.test(text)) return '';
  return `address ${text}: invalid MAC address`;
}

function sizeError(text: string, allowPercent: boolean): string {
  if (text === '') return '';
  if (allowPercent && text.includes('%')) {
    if (!text.endsWith('%')) return "percentage must end with '%'";
    const number = text.replace(/^-/, '').slice(0, -1);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(number)) return `invalid percentage value: strconv.ParseFloat: parsing ${quote(number)}: invalid syntax`;
    const value = Number(number);
    return value < 0 || value > 100 ? `percentage must be between 0 and 100, got ${value}` : '';
  }
  const parsed = parseHumanBytes(text.replace(/^-/, ''));
  return typeof parsed === 'string' ? parsed : '';
}

function portRangeError(text: string): string {
  const parts = text.split('-');
  if (parts.length > 2 || parts.some((part) => !/^\d+$/.test(part) || Number(part) > 65535)) {
    return `failed to parse port range: ${text}`;
  }
  return parts.length === 2 && Number(parts[0]) > Number(parts[1]) ? `invalid port range: ${text}` : '';
}

/** The UnmarshalText error for `text` decoded into `goType` ('' when accepted). */
export function textUnmarshalError(goType: string, text: string): string {
  const values = ENUMS[goType];
  if (values !== undefined) return enumValue(values, text) !== undefined ? '' : `${text} does not belong to ${goType.split('.')[1]} values`;
  switch (goType) {
    case 'netip.Addr':
    case 'network.Addr':
    case 'meta.Addr':
      return text === '' ? '' : addrError(text);
    case 'netip.Prefix':
    case 'network.Prefix':
    case 'meta.Prefix':
      return text === '' ? '' : prefixError(text);
    case 'netip.AddrPort':
    case 'network.AddrPort':
    case 'meta.AddrPort':
      return text === '' ? '' : addrPortError(text);
    case 'nethelpers.HardwareAddr':
      return text === '' ? '' : hardwareAddrError(text);
    case 'nethelpers.RoutingTable':
      return ROUTING_TABLE_NAMES.has(text) || (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 252) ? '' : `${text} does not belong to RoutingTable values`;
    case 'block.ByteSize':
      return sizeError(text, false);
    case 'block.Size':
      return sizeError(text, true);
    case 'meta.URL': {
      const parsed = parseURL(text);
      return typeof parsed === 'string' ? parsed : '';
    }
    case 'network.PortRange':
      return portRangeError(text);
    default:
      return '';
  }
}
