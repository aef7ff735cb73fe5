// The CAs of a Talos cluster's secrets bundle and of maintenance mode, with Talos's subjects,
// algorithms and lifetimes: machine (`os`) CA Ed25519 O=talos; etcd CA ECDSA O=etcd; Kubernetes CA
// ECDSA O=kubernetes; aggregator CA ECDSA with an empty subject (Talos asks for CN front-proxy but
// its CA builder keeps only O); maintenance CA Ed25519, empty subject, 24h. Leaves out the RSA
// service-account key Talos >= 1.7 generates: ours is ECDSA P-256 (see keys.ts).
import type { RandomStream } from '../../sim/kernel/random-tree.ts';
import { issueSelfSignedCertificateAuthority, type CertificateAuthority } from './certificate-authority.ts';
import { deriveEcdsaP256KeyPair } from './keys.ts';
import { privateKeyToTalosPem } from './pem.ts';

/** siderolabs/crypto's default certificate lifetime, used by the maintenance CA and apid certificates. */
export const defaultCertificateValidityMs = 24 * 3_600_000;

/** The machine CA (`machine.ca`, bundle `certs.os`) that signs apid and client certificates. */
export function issueMachineCa(stream: RandomStream, notBefore: Date): CertificateAuthority {
  return issueSelfSignedCertificateAuthority({ stream, notBefore, organizations: ['talos'], keyAlgorithm: 'ed25519' });
}

export function issueEtcdCa(stream: RandomStream, notBefore: Date): CertificateAuthority {
  return issueSelfSignedCertificateAuthority({ stream, notBefore, organizations: ['etcd'], keyAlgorithm: 'ecdsa-p256' });
}

export function issueKubernetesCa(stream: RandomStream, notBefore: Date): CertificateAuthority {
  return issueSelfSignedCertificateAuthority({ stream, notBefore, organizations: ['kubernetes'], keyAlgorithm: 'ecdsa-p256' });
}

export function issueAggregatorCa(stream: RandomStream, notBefore: Date): CertificateAuthority {
  return issueSelfSignedCertificateAuthority({ stream, notBefore, organizations: [], keyAlgorithm: 'ecdsa-p256' });
}

/** The Kubernetes service-account signing key, PEM `EC PRIVATE KEY`. */
export function deriveServiceAccountKeyPem(stream: RandomStream): string {
  return privateKeyToTalosPem(deriveEcdsaP256KeyPair(stream).privateKey);
}

/** The throwaway CA a node makes for itself in maintenance mode. */
export function issueMaintenanceCa(stream: RandomStream, notBefore: Date): CertificateAuthority {
  return issueSelfSignedCertificateAuthority({
    stream,
    notBefore,
    validityMs: defaultCertificateValidityMs,
    organizations: [],
    keyAlgorithm: 'ed25519',
  });
}
