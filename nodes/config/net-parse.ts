// The address and URL parsing Talos' config validation relies on, with Go's rules and error
// texts: net.ParseIP / net.ParseCIDR ("invalid CIDR address: ..."), netip.ParsePrefix (a prefix
// must carry "/bits"), siderolabs/net ParseSubnetOrAddress and ValidateEndpointURI, and the
// subset of net/url parsing that config endpoints hit ("first path segment in URL cannot
// contain colon", "invalid port ... after host"). Leaves out: IPv6 zones, percent-decoding,
// userinfo validation and URL opaque forms beyond what Talos checks.

export interface ParsedAddress {
  family: 4 | 6;
  bytes: number[];
}

function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || (part.length > 1 && part.startsWith('0'))) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes.push(value);
  }
  return bytes;
}

function parseHexGroups(text: string): number[] | null {
  if (text === '') return [];
  const groups = text.split(':');
  const words: number[] = [];
  for (let index = 0; index < groups.length; index++) {
    const group = groups[index];
    if (index === groups.length - 1 && group.includes('.')) {
      const v4 = parseIPv4(group);
      if (v4 === null) return null;
      words.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    words.push(parseInt(group, 16));
  }
  return words;
}

function parseIPv6(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = parseHexGroups(halves[0]);
  const tail = halves.length === 2 ? parseHexGroups(halves[1]) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const words = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

/** Go's net.ParseIP / netip.ParseAddr (without zones): null when invalid. */
export function parseIP(text: string): ParsedAddress | null {
  if (text.includes(':')) {
    const bytes = parseIPv6(text);
    return bytes === null ? null : { family: 6, bytes };
  }
  const bytes = parseIPv4(text);
  return bytes === null ? null : { family: 4, bytes };
}

/** netip.Addr.String(): dotted IPv4, or IPv6 with its longest run of zero groups (two or more) as '::'. */
export function formatAddress(address: ParsedAddress): string {
  if (address.family === 4) return address.bytes.join('.');
  const words = Array.from({ length: 8 }, (_, index) => (address.bytes[index * 2] << 8) | address.bytes[index * 2 + 1]);
  let [bestStart, bestLength] = [-1, 0];
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && words[start + length] === 0) length++;
    if (length > bestLength && length >= 2) [bestStart, bestLength] = [start, length];
  }
  const hex = (list: number[]) => list.map((word) => word.toString(16)).join(':');
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLength))}`;
}

export interface ParsedPrefix {
  address: ParsedAddress;
  bits: number;
}

/** prefix == prefix.Masked(): no address bits set past the prefix length. */
export function isMaskedPrefix(prefix: ParsedPrefix): boolean {
  return prefix.address.bytes.every((byte, index) => {
    const hostBits = Math.max(0, Math.min(8, (index + 1) * 8 - prefix.bits));
    return (byte & ((1 << hostBits) - 1)) === 0;
  });
}

/** netip.ParsePrefix: "addr/bits" with bits in range; null when invalid. */
export function parsePrefix(text: string): ParsedPrefix | null {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return null;
  const address = parseIP(text.slice(0, slash));
  const bitsText = text.slice(slash + 1);
  if (address === null || !/^(0|[1-9]\d*)$/.test(bitsText)) return null;
  const bits = Number(bitsText);
  if (bits > (address.family === 4 ? 32 : 128)) return null;
  return { address, bits };
}

/** net.ParseCIDR: '' when valid, else Go's error text. */
export function parseCIDRError(text: string): string {
  return parsePrefix(text) === null ? `invalid CIDR address: ${text}` : '';
}

/** siderolabs/net ParseSubnetOrAddress: a prefix or a bare address. */
export function isSubnetOrAddress(text: string): boolean {
  return parsePrefix(text) !== null || parseIP(text) !== null;
}

/** Talos' validateIPOrCIDR: '' when valid, else the Go error text. */
export function ipOrCIDRError(text: string): string {
  if (text.includes('/')) return parseCIDRError(text);
  return parseIP(text) === null ? `failed to parse IP address "${text}"` : '';
}

export interface ParsedURL {
  scheme: string;
  host: string;
  hostname: string;
  port: string;
  path: string;
}

function splitHostPort(authority: string, raw: string): { hostname: string; port: string } | string {
  const host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return `parse "${raw}": missing ']' in host`;
    const after = host.slice(close + 1);
    if (after !== '' && !/^:\d*$/.test(after)) return `parse "${raw}": invalid port "${after}" after host`;
    return { hostname: host.slice(1, close), port: after.slice(1) };
  }
  const colon = host.lastIndexOf(':');
  if (colon < 0) return { hostname: host, port: '' };
  const port = host.slice(colon + 1);
  if (!/^\d*$/.test(port)) return `parse "${raw}": invalid port ":${port}" after host`;
  return { hostname: host.slice(0, colon), port };
}

/** Go's url.Parse for the forms config endpoints use; a string is Go's error text. */
export function parseURL(raw: string): ParsedURL | string {
  const withoutFragment = raw.split('#')[0];
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(withoutFragment);
  if (withoutFragment.startsWith(':')) return `parse "${raw}": missing protocol scheme`;
  const scheme = schemeMatch === null ? '' : schemeMatch[1].toLowerCase();
  let rest = schemeMatch === null ? withoutFragment : withoutFragment.slice(schemeMatch[0].length);
  rest = rest.split('?')[0];
  if (scheme === '' && !rest.startsWith('/')) {
    const firstSegment = rest.split('/')[0];
    if (firstSegment.includes(':')) return `parse "${raw}": first path segment in URL cannot contain colon`;
  }
  if (!rest.startsWith('//')) return { scheme, host: '', hostname: '', port: '', path: rest };
  const authorityEnd = rest.indexOf('/', 2);
  const authority = authorityEnd < 0 ? rest.slice(2) : rest.slice(2, authorityEnd);
  const path = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  const split = splitHostPort(authority, raw);
  if (typeof split === 'string') return split;
  const host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  return { scheme, host, hostname: split.hostname, port: split.port, path };
}

/** Go's url.ParseRequestURI: absolute URL or absolute path; a string is Go's error text. */
export function parseRequestURI(raw: string): ParsedURL | string {
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw);
  if (schemeMatch === null && !raw.startsWith('/')) return `parse "${raw}": invalid URI for request`;
  return parseURL(raw);
}

/** siderolabs/net ValidateEndpointURI: '' when valid, else its error text. */
export function endpointURIError(raw: string): string {
  const parsed = parseURL(raw);
  if (typeof parsed === 'string') return parsed;
  if ((parsed.host.match(/:/g) ?? []).length > 2 && !(parsed.host.includes('[') && parsed.host.includes(']'))) {
    return 'IPv6 addresses MUST be enclosed by square brackets';
  }
  if (parsed.hostname === '') return 'hostname must not be blank';
  if (parsed.port !== '') {
    const port = Number(parsed.port);
    if (!Number.isInteger(port)) return 'port number must be numeric';
    if (port < 1 || port > 65535) return 'port number must be between 1 and 65535';
  }
  return '';
}
