// IP addresses as certificate SANs hold them: 4 bytes for IPv4, 16 for IPv6, ordered the way Go's
// netip.Addr.Compare orders them (IPv4 before IPv6, then by bytes). Leaves out zones and
// IPv4-mapped IPv6 normalisation.
import { isIP } from 'node:net';
import { PkiError } from './pki-error.ts';

export function isIpAddress(text: string): boolean {
  return isIP(text) !== 0;
}

function parseIpv6(text: string): Buffer {
  let groupsText = text;
  let tail: number[] = [];
  const lastColon = groupsText.lastIndexOf(':');
  if (groupsText.slice(lastColon + 1).includes('.')) {
    tail = groupsText.slice(lastColon + 1).split('.').map(Number);
    groupsText = `${groupsText.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = groupsText.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest ? rest.split(':') : [];
  const zeros = rest === undefined ? [] : new Array<string>(8 - headGroups.length - restGroups.length).fill('0');
  const groups = [...headGroups, ...zeros, ...restGroups].map((group) => parseInt(group, 16));
  const bytes = Buffer.alloc(16);
  groups.forEach((group, index) => bytes.writeUInt16BE(group, index * 2));
  if (tail.length === 4) Buffer.from(tail).copy(bytes, 12);
  return bytes;
}

/** The address bytes a SAN carries. */
export function parseIpAddress(text: string): Buffer {
  const family = isIP(text);
  if (family === 4) return Buffer.from(text.split('.').map(Number));
  if (family === 6) return parseIpv6(text);
  throw new PkiError('parse IP address', `"${text}" is not an IP address`);
}

export function compareIpAddresses(left: string, right: string): number {
  const leftBytes = parseIpAddress(left);
  const rightBytes = parseIpAddress(right);
  return leftBytes.length - rightBytes.length || Buffer.compare(leftBytes, rightBytes);
}

/** Splits SANs into IPs and DNS names the way Talos's CertSAN spec does. */
export function splitSubjectAltNames(names: readonly string[]): { ipAddresses: string[]; dnsNames: string[] } {
  const ipAddresses = names.filter(isIpAddress);
  const dnsNames = names.filter((name) => !isIpAddress(name));
  return { ipAddresses, dnsNames };
}
