// Talos API client certificates, as `gen config`, `config new` and GenerateClientConfiguration
// issue them: signed by the machine CA with its algorithm, O = the roles (sorted, one attribute
// each), no CN, KeyUsage digitalSignature, EKU exactly clientAuth, 1 year. Also apid's own
// forwarding certificate (O=os:impersonator, CN=FQDN, 24h). The usage override exists for fault
// injection: a certificate without clientAuth is what apid must refuse.
import type { RandomStream } from '../../sim/kernel/random-tree.ts';
import type { ExtendedKeyUsage } from './certificate-builder.ts';
import { issueLeafCertificate, type CertificateAuthority, type IssuedCertificate } from './certificate-authority.ts';
import { defaultCertificateValidityMs } from './cluster-certificate-authorities.ts';
import type { KeyAlgorithm } from './keys.ts';
import { parseRoleSet, TalosRole } from './talos-roles.ts';

/** constants.TalosAPIDefaultCertificateValidityDuration: 365 days. */
export const clientCertificateValidityMs = 365 * 24 * 3_600_000;

export interface ClientCertificateRequest {
  ca: CertificateAuthority;
  stream: RandomStream;
  notBefore: Date;
  /** Organization values; unknown roles are kept, as Talos keeps them. Default `os:admin`. */
  roles?: readonly string[];
  commonName?: string;
  validityMs?: number;
  /** Default `['clientAuth']`; `['serverAuth']` makes the certificate apid must reject. */
  extendedKeyUsage?: ExtendedKeyUsage[];
  keyAlgorithm?: KeyAlgorithm;
}

export function issueClientCertificate(request: ClientCertificateRequest): IssuedCertificate {
  return issueLeafCertificate({
    ca: request.ca,
    stream: request.stream,
    notBefore: request.notBefore,
    validityMs: request.validityMs ?? clientCertificateValidityMs,
    subject: { organizations: parseRoleSet(request.roles ?? [TalosRole.admin]), commonName: request.commonName },
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: request.extendedKeyUsage ?? ['clientAuth'],
    keyAlgorithm: request.keyAlgorithm,
  });
}

/** The client certificate apid presents when it forwards a call to another node. */
export function issueApidImpersonatorCertificate(
  ca: CertificateAuthority,
  stream: RandomStream,
  notBefore: Date,
  fqdn: string,
): IssuedCertificate {
  return issueClientCertificate({
    ca,
    stream,
    notBefore,
    roles: [TalosRole.impersonator],
    commonName: fqdn,
    validityMs: defaultCertificateValidityMs,
  });
}
