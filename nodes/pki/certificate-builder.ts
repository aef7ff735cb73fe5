// Building X.509 v3 certificates byte for byte the way Go's crypto/x509 lays them out for Talos:
// subject O (all organizations in one RDN) then CN; extensions in Go's order (KeyUsage critical,
// ExtKeyUsage, BasicConstraints critical on CAs, SubjectKeyId, AuthorityKeyId when the issuer is
// another certificate, SubjectAltName critical only under an empty subject). Leaves out CRLs,
// name constraints, policies, e-mail and URI SANs, path-length limits.
import type { KeyObject } from 'node:crypto';
import {
  derBitString,
  derBoolean,
  derDirectoryString,
  derExplicit,
  derIa5String,
  derImplicitPrimitive,
  derObjectIdentifier,
  derOctetString,
  derSequence,
  derSetOf,
  derSmallInteger,
  derTime,
  derUnsignedInteger,
} from './der.ts';
import { parseIpAddress } from './ip-address.ts';
import { keyAlgorithmOf } from './keys.ts';
import { signatureAlgorithmIdentifier, signBytes } from './signature.ts';

export const AttributeOid = { commonName: '2.5.4.3', organization: '2.5.4.10' } as const;

export const ExtensionOid = {
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyId: '2.5.29.35',
  extendedKeyUsage: '2.5.29.37',
} as const;

export const ExtendedKeyUsageOid = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

export type ExtendedKeyUsage = keyof typeof ExtendedKeyUsageOid;

/** Key usage bits, numbered as in RFC 5280 (and Go's x509.KeyUsage shifts). */
const keyUsageBit = { digitalSignature: 0, keyEncipherment: 2, certSign: 5 } as const;

export type KeyUsage = keyof typeof keyUsageBit;

export interface DistinguishedName {
  organizations: string[];
  commonName?: string;
}

export interface CertificateTemplate {
  /** Big-endian magnitude; Go draws 128 random bits. */
  serialNumber: Uint8Array;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  publicKey: KeyObject;
  keyUsage: KeyUsage[];
  extendedKeyUsage: ExtendedKeyUsage[];
  isCertificateAuthority: boolean;
  subjectKeyId?: Uint8Array;
  dnsNames?: string[];
  ipAddresses?: string[];
}

/** Who signs: the issuer's encoded subject, its key identifier and its private key. */
export interface CertificateSigner {
  subjectDer: Buffer;
  subjectKeyId?: Uint8Array;
  privateKey: KeyObject;
}

export function encodeDistinguishedName(name: DistinguishedName): Buffer {
  const relativeNames: Buffer[] = [];
  if (name.organizations.length > 0) {
    const attributes = name.organizations.map((organization) =>
      derSequence(derObjectIdentifier(AttributeOid.organization), derDirectoryString(organization)),
    );
    relativeNames.push(derSetOf(attributes));
  }
  if (name.commonName) {
    relativeNames.push(derSetOf([derSequence(derObjectIdentifier(AttributeOid.commonName), derDirectoryString(name.commonName))]));
  }
  return derSequence(...relativeNames);
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? derSequence(derObjectIdentifier(oid), derBoolean(true), derOctetString(value))
    : derSequence(derObjectIdentifier(oid), derOctetString(value));
}

function keyUsageValue(usages: KeyUsage[]): Buffer {
  let bits = 0;
  for (const usage of usages) bits |= 1 << keyUsageBit[usage];
  const bytes = [0, 0];
  for (let bit = 0; bit < 16; bit++) if (bits & (1 << bit)) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  const used = bytes[1] ? bytes : bytes.slice(0, 1);
  const highestBit = 31 - Math.clz32(bits);
  const unusedBits = used.length * 8 - (highestBit + 1);
  return derBitString(Buffer.from(used), unusedBits);
}

function subjectAltNameValue(dnsNames: string[], ipAddresses: string[]): Buffer {
  return derSequence(
    ...dnsNames.map((name) => derImplicitPrimitive(2, derIa5String(name).subarray(2))),
    ...ipAddresses.map((address) => derImplicitPrimitive(7, parseIpAddress(address))),
  );
}

function buildExtensions(template: CertificateTemplate, signer: CertificateSigner, subjectDer: Buffer): Buffer[] {
  const extensions: Buffer[] = [];
  if (template.keyUsage.length > 0) extensions.push(extension(ExtensionOid.keyUsage, true, keyUsageValue(template.keyUsage)));
  if (template.extendedKeyUsage.length > 0) {
    const oids = template.extendedKeyUsage.map((usage) => derObjectIdentifier(ExtendedKeyUsageOid[usage]));
    extensions.push(extension(ExtensionOid.extendedKeyUsage, false, derSequence(...oids)));
  }
  if (template.isCertificateAuthority) {
    extensions.push(extension(ExtensionOid.basicConstraints, true, derSequence(derBoolean(true))));
  }
  if (template.subjectKeyId) {
    extensions.push(extension(ExtensionOid.subjectKeyId, false, derOctetString(template.subjectKeyId)));
  }
  if (signer.subjectKeyId && !signer.subjectDer.equals(subjectDer)) {
    extensions.push(extension(ExtensionOid.authorityKeyId, false, derSequence(derImplicitPrimitive(0, signer.subjectKeyId))));
  }
  const dnsNames = template.dnsNames ?? [];
  const ipAddresses = template.ipAddresses ?? [];
  if (dnsNames.length + ipAddresses.length > 0) {
    const subjectIsEmpty = template.subject.organizations.length === 0 && !template.subject.commonName;
    extensions.push(extension(ExtensionOid.subjectAltName, subjectIsEmpty, subjectAltNameValue(dnsNames, ipAddresses)));
  }
  return extensions;
}

/** The DER certificate for `template`, signed by `signer` (pass the subject's own key to self-sign). */
export function buildCertificateDer(template: CertificateTemplate, signer: CertificateSigner): Buffer {
  const subjectDer = encodeDistinguishedName(template.subject);
  const algorithm = signatureAlgorithmIdentifier(keyAlgorithmOf(signer.privateKey));
  const tbsCertificate = derSequence(
    derExplicit(0, derSmallInteger(2)),
    derUnsignedInteger(template.serialNumber),
    algorithm,
    signer.subjectDer,
    derSequence(derTime(template.notBefore), derTime(template.notAfter)),
    subjectDer,
    template.publicKey.export({ type: 'spki', format: 'der' }),
    derExplicit(3, derSequence(...buildExtensions(template, signer, subjectDer))),
  );
  return derSequence(tbsCertificate, algorithm, derBitString(signBytes(signer.privateKey, tbsCertificate)));
}
