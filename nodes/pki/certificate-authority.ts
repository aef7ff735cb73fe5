// Certificate authorities and the certificates they issue, as siderolabs/crypto builds them for
// Talos: a self-signed CA (KeyUsage certSign+digitalSignature, EKU server+client, CA:TRUE, a random
// 20-byte subject key id) and leaves signed by it with the CA's key algorithm unless asked
// otherwise. Every random draw (key, serial, key id) comes from the stream passed in, in that
// order, so one stream gives one certificate per call. Leaves out CSRs and intermediate CAs.
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { RandomStream } from '../../sim/kernel/random-tree.ts';
import {
  buildCertificateDer,
  encodeDistinguishedName,
  type DistinguishedName,
  type ExtendedKeyUsage,
  type KeyUsage,
} from './certificate-builder.ts';
import { readCertificateFacts } from './certificate-reader.ts';
import { deriveKeyPair, keyAlgorithmOf, type KeyAlgorithm } from './keys.ts';
import { encodePem, PemLabel, privateKeyFromPem, privateKeyToTalosPem } from './pem.ts';
import { PkiError } from './pki-error.ts';

/** A certificate and its key as PEM text: the shape of Talos's PEMEncodedCertificateAndKey. */
export interface PemCertificateAndKey {
  crt: string;
  key: string;
}

export interface IssuedCertificate extends PemCertificateAndKey {
  der: Buffer;
  privateKey: KeyObject;
  keyAlgorithm: KeyAlgorithm;
}

/** Everything needed to sign with a CA. */
export interface CertificateAuthority extends IssuedCertificate {
  subjectDer: Buffer;
  subjectKeyId: Buffer | undefined;
}

/** Talos's CA lifetime (secrets.CAValidityTime). */
export const caValidityMs = 87_600 * 3_600_000;

export interface SelfSignedCaRequest {
  stream: RandomStream;
  notBefore: Date;
  validityMs?: number;
  organizations?: string[];
  keyAlgorithm?: KeyAlgorithm;
}

export function drawSerialNumber(stream: RandomStream): Buffer {
  return Buffer.from(stream.hex(32), 'hex');
}

export function issueSelfSignedCertificateAuthority(request: SelfSignedCaRequest): CertificateAuthority {
  const keyPair = deriveKeyPair(request.stream, request.keyAlgorithm ?? 'ed25519');
  const serialNumber = drawSerialNumber(request.stream);
  const subjectKeyId = Buffer.from(request.stream.hex(40), 'hex');
  const subject: DistinguishedName = { organizations: request.organizations ?? [] };
  const subjectDer = encodeDistinguishedName(subject);
  const der = buildCertificateDer(
    {
      serialNumber,
      subject,
      notBefore: request.notBefore,
      notAfter: new Date(request.notBefore.getTime() + (request.validityMs ?? caValidityMs)),
      publicKey: keyPair.publicKey,
      keyUsage: ['certSign', 'digitalSignature'],
      extendedKeyUsage: ['serverAuth', 'clientAuth'],
      isCertificateAuthority: true,
      subjectKeyId,
    },
    { subjectDer, privateKey: keyPair.privateKey },
  );
  return {
    crt: encodePem(PemLabel.certificate, der),
    key: privateKeyToTalosPem(keyPair.privateKey),
    der,
    privateKey: keyPair.privateKey,
    keyAlgorithm: keyPair.algorithm,
    subjectDer,
    subjectKeyId,
  };
}

/** A CA from its PEM certificate and key (e.g. from secrets.yaml or machine.ca). */
export function loadCertificateAuthority(pem: PemCertificateAndKey): CertificateAuthority {
  if (!pem.key.trim()) throw new PkiError('load certificate authority', 'the CA has no private key (a worker config holds only the certificate)');
  const facts = readCertificateFacts(pem.crt);
  const privateKey = privateKeyFromPem(pem.key);
  if (!new X509Certificate(facts.der).checkPrivateKey(privateKey)) {
    throw new PkiError('load certificate authority', 'the private key does not match the certificate');
  }
  return {
    crt: pem.crt,
    key: pem.key,
    der: facts.der,
    privateKey,
    keyAlgorithm: keyAlgorithmOf(privateKey),
    subjectDer: facts.subjectDer,
    subjectKeyId: facts.subjectKeyId,
  };
}

export interface LeafCertificateRequest {
  ca: CertificateAuthority;
  stream: RandomStream;
  notBefore: Date;
  validityMs: number;
  subject: DistinguishedName;
  keyUsage: KeyUsage[];
  extendedKeyUsage: ExtendedKeyUsage[];
  dnsNames?: string[];
  ipAddresses?: string[];
  /** Defaults to the CA's algorithm, as siderolabs/crypto does. */
  keyAlgorithm?: KeyAlgorithm;
}

export function issueLeafCertificate(request: LeafCertificateRequest): IssuedCertificate {
  const keyPair = deriveKeyPair(request.stream, request.keyAlgorithm ?? request.ca.keyAlgorithm);
  const der = buildCertificateDer(
    {
      serialNumber: drawSerialNumber(request.stream),
      subject: request.subject,
      notBefore: request.notBefore,
      notAfter: new Date(request.notBefore.getTime() + request.validityMs),
      publicKey: keyPair.publicKey,
      keyUsage: request.keyUsage,
      extendedKeyUsage: request.extendedKeyUsage,
      isCertificateAuthority: false,
      dnsNames: request.dnsNames,
      ipAddresses: request.ipAddresses,
    },
    request.ca,
  );
  return {
    crt: encodePem(PemLabel.certificate, der),
    key: privateKeyToTalosPem(keyPair.privateKey),
    der,
    privateKey: keyPair.privateKey,
    keyAlgorithm: keyPair.algorithm,
  };
}
