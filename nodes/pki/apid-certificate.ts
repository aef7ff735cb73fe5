// The certificate apid serves the Talos API with, issued by the machine CA as Talos's
// APICertSANsController and APIController do: CN = FQDN; SANs = machine.certSANs (split into IPs
// and DNS names) + node addresses + 127.0.0.1 + hostname + FQDN (+ `talos`, `talos.default` with
// kubernetesTalosAPIAccess), deduplicated and sorted; KeyUsage digitalSignature, EKU serverAuth,
// 24h. An ECDSA P-256 key (still signed by the Ed25519 CA) serves BoringSSL clients that cannot
// verify Ed25519 handshake signatures. Leaves out the 12h reissue timer (the caller's).
import type { RandomStream } from '../../sim/kernel/random-tree.ts';
import { issueLeafCertificate, type CertificateAuthority, type IssuedCertificate } from './certificate-authority.ts';
import { defaultCertificateValidityMs } from './cluster-certificate-authorities.ts';
import { compareIpAddresses, parseIpAddress, splitSubjectAltNames } from './ip-address.ts';
import type { KeyAlgorithm } from './keys.ts';

export interface ApidCertificateRequest {
  ca: CertificateAuthority;
  stream: RandomStream;
  /** The node's virtual clock. */
  notBefore: Date;
  hostname: string;
  /** Domain part of the FQDN; empty or absent means FQDN = hostname. */
  domainname?: string;
  /** The node's addresses (NodeAddress IPs, without prefix lengths). */
  addresses: string[];
  /** `machine.certSANs`: IPs and DNS names mixed, as in the config. */
  certSANs?: string[];
  kubernetesTalosApiAccess?: boolean;
  keyAlgorithm?: KeyAlgorithm;
  validityMs?: number;
}

/** The subject alternative names of an apid certificate, in the order Talos sorts them. */
export interface CertificateSubjectAltNames {
  commonName: string;
  dnsNames: string[];
  ipAddresses: string[];
}

function uniqueIpAddresses(addresses: string[]): string[] {
  const seen = new Set<string>();
  return addresses.filter((address) => {
    const key = parseIpAddress(address).toString('hex');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function uniqueDnsNames(names: string[]): string[] {
  const trimmed = names.map((name) => name.replace(/\.+$/, '')).filter((name) => name !== '');
  return [...new Set(trimmed)];
}

export function apidSubjectAltNames(request: Omit<ApidCertificateRequest, 'ca' | 'stream' | 'notBefore'>): CertificateSubjectAltNames {
  const fqdn = request.domainname ? `${request.hostname}.${request.domainname}` : request.hostname;
  const configured = splitSubjectAltNames(request.certSANs ?? []);
  const serviceNames = request.kubernetesTalosApiAccess ? ['talos', 'talos.default'] : [];
  const ipAddresses = uniqueIpAddresses([...configured.ipAddresses, ...request.addresses, '127.0.0.1']);
  const dnsNames = uniqueDnsNames([...configured.dnsNames, ...serviceNames, request.hostname, fqdn]);
  return {
    commonName: fqdn,
    dnsNames: dnsNames.sort(),
    ipAddresses: ipAddresses.sort(compareIpAddresses),
  };
}

export function issueApidServerCertificate(request: ApidCertificateRequest): IssuedCertificate {
  const names = apidSubjectAltNames(request);
  return issueLeafCertificate({
    ca: request.ca,
    stream: request.stream,
    notBefore: request.notBefore,
    validityMs: request.validityMs ?? defaultCertificateValidityMs,
    subject: { organizations: [], commonName: names.commonName },
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: ['serverAuth'],
    dnsNames: names.dnsNames,
    ipAddresses: names.ipAddresses,
    keyAlgorithm: request.keyAlgorithm,
  });
}
