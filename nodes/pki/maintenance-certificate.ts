// The certificate a node serves in maintenance mode (booted without config): a throwaway
// self-signed Ed25519 CA with an empty subject, and a 24h server certificate from it with
// CN maintenance-service.talos.dev and SANs = node addresses + 127.0.0.1 + ::1 (+ hostname and
// FQDN when known). Clients cannot verify it; talosctl --insecure may pin its SPKI fingerprint,
// which the console prints as `server certificate issued {"fingerprint": "<base64 sha256>"}`.
import { createHash, X509Certificate } from 'node:crypto';
import type { RandomStream } from '../../sim/kernel/random-tree.ts';
import { issueLeafCertificate, type CertificateAuthority, type IssuedCertificate } from './certificate-authority.ts';
import { defaultCertificateValidityMs, issueMaintenanceCa } from './cluster-certificate-authorities.ts';
import { certificateDer } from './certificate-reader.ts';
import { compareIpAddresses, parseIpAddress } from './ip-address.ts';

export const maintenanceServiceCommonName = 'maintenance-service.talos.dev';

export interface MaintenanceCertificateRequest {
  stream: RandomStream;
  notBefore: Date;
  addresses: string[];
  hostname?: string;
  domainname?: string;
}

export interface MaintenanceCertificate {
  ca: CertificateAuthority;
  server: IssuedCertificate;
  /** base64 of sha256 over the server certificate's SubjectPublicKeyInfo. */
  fingerprint: string;
}

/** Talos's SPKI fingerprint (siderolabs/crypto x509.SPKIFingerprint), std base64. */
export function spkiFingerprint(certificateDerOrPem: Uint8Array | string): string {
  const spki = new X509Certificate(certificateDer(certificateDerOrPem)).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

function maintenanceIpAddresses(addresses: string[]): string[] {
  const byBytes = new Map<string, string>();
  for (const address of [...addresses, '127.0.0.1', '::1']) {
    const key = parseIpAddress(address).toString('hex');
    if (!byBytes.has(key)) byBytes.set(key, address);
  }
  return [...byBytes.values()].sort(compareIpAddresses);
}

export function issueMaintenanceCertificate(request: MaintenanceCertificateRequest): MaintenanceCertificate {
  const ca = issueMaintenanceCa(request.stream, request.notBefore);
  const dnsNames = request.hostname
    ? [...new Set([request.hostname, request.domainname ? `${request.hostname}.${request.domainname}` : request.hostname])].sort()
    : [];
  const server = issueLeafCertificate({
    ca,
    stream: request.stream,
    notBefore: request.notBefore,
    validityMs: defaultCertificateValidityMs,
    subject: { organizations: [], commonName: maintenanceServiceCommonName },
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: ['serverAuth'],
    dnsNames,
    ipAddresses: maintenanceIpAddresses(request.addresses),
  });
  return { ca, server, fingerprint: spkiFingerprint(server.der) };
}
