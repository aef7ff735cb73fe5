// Reading back the parts of an X.509 certificate Talos looks at: the subject (as encoded, and as
// Go's pkix.Name.String() renders it in error texts), the subject key id a CA signs with, the
// extended key usages and whether it is a CA. Signature checks and validity are left to
// node:crypto's X509Certificate.
import {
  DerTag,
  decodeObjectIdentifier,
  readDerChildren,
  readDerElement,
  type DerElement,
} from './der.ts';
import { AttributeOid, ExtensionOid } from './certificate-builder.ts';
import { decodePem, PemLabel } from './pem.ts';

export interface NameAttribute {
  oid: string;
  value: string;
}

export interface CertificateFacts {
  der: Buffer;
  subjectDer: Buffer;
  /** Subject attributes in encoded order, every RDN flattened. */
  subjectAttributes: NameAttribute[];
  organizations: string[];
  commonName: string | undefined;
  subjectKeyId: Buffer | undefined;
  /** OIDs of the ExtendedKeyUsage extension; undefined when the certificate has none. */
  extendedKeyUsageOids: string[] | undefined;
  isCertificateAuthority: boolean;
}

export function certificateDer(derOrPem: Uint8Array | string): Buffer {
  if (typeof derOrPem === 'string') return decodePem(derOrPem, PemLabel.certificate).der;
  const text = Buffer.from(derOrPem).toString('latin1');
  if (text.startsWith('-----BEGIN')) return decodePem(text, PemLabel.certificate).der;
  return Buffer.from(derOrPem);
}

function readName(name: DerElement): NameAttribute[] {
  const attributes: NameAttribute[] = [];
  for (const relativeName of readDerChildren(name.content)) {
    for (const attribute of readDerChildren(relativeName.content)) {
      const [type, value] = readDerChildren(attribute.content);
      attributes.push({ oid: decodeObjectIdentifier(type!.content), value: value!.content.toString('utf8') });
    }
  }
  return attributes;
}

function readExtensions(tbsFields: DerElement[]): Map<string, Buffer> {
  const extensions = new Map<string, Buffer>();
  const wrapper = tbsFields.find((field) => field.tag === 0xa3);
  if (!wrapper) return extensions;
  for (const entry of readDerChildren(readDerElement(wrapper.content).content)) {
    const parts = readDerChildren(entry.content);
    extensions.set(decodeObjectIdentifier(parts[0]!.content), parts[parts.length - 1]!.content);
  }
  return extensions;
}

function readBasicConstraintsIsCa(value: Buffer | undefined): boolean {
  if (!value) return false;
  const first = readDerChildren(readDerElement(value).content)[0];
  return first?.tag === DerTag.boolean && first.content[0] !== 0;
}

export function readCertificateFacts(derOrPem: Uint8Array | string): CertificateFacts {
  const der = certificateDer(derOrPem);
  const tbs = readDerChildren(readDerElement(der).content)[0]!;
  const fields = readDerChildren(tbs.content);
  const offset = fields[0]!.tag === 0xa0 ? 1 : 0;
  const subject = fields[offset + 4]!;
  const subjectAttributes = readName(subject);
  const extensions = readExtensions(fields);
  const ekuValue = extensions.get(ExtensionOid.extendedKeyUsage);
  const skiValue = extensions.get(ExtensionOid.subjectKeyId);
  return {
    der,
    subjectDer: Buffer.from(subject.raw),
    subjectAttributes,
    organizations: subjectAttributes.filter((a) => a.oid === AttributeOid.organization).map((a) => a.value),
    commonName: subjectAttributes.find((a) => a.oid === AttributeOid.commonName)?.value,
    subjectKeyId: skiValue ? Buffer.from(readDerElement(skiValue).content) : undefined,
    extendedKeyUsageOids: ekuValue
      ? readDerChildren(readDerElement(ekuValue).content).map((oid) => decodeObjectIdentifier(oid.content))
      : undefined,
    isCertificateAuthority: readBasicConstraintsIsCa(extensions.get(ExtensionOid.basicConstraints)),
  };
}

/** Short names Go's pkix.Name.String() uses, in the order its ToRDNSequence emits them. */
const goNameOrder: Array<[oid: string, shortName: string]> = [
  ['2.5.4.6', 'C'],
  ['2.5.4.8', 'ST'],
  ['2.5.4.7', 'L'],
  ['2.5.4.9', 'STREET'],
  ['2.5.4.17', 'POSTALCODE'],
  ['2.5.4.10', 'O'],
  ['2.5.4.11', 'OU'],
  ['2.5.4.3', 'CN'],
  ['2.5.4.5', 'SERIALNUMBER'],
];

function escapeGoNameValue(value: string): string {
  let escaped = '';
  [...value].forEach((character, index, characters) => {
    const special =
      ',+"\\<>;'.includes(character) ||
      (character === ' ' && (index === 0 || index === characters.length - 1)) ||
      (character === '#' && index === 0);
    escaped += special ? `\\${character}` : character;
  });
  return escaped;
}

/**
 * The subject as Go's pkix.Name.String() prints it: RDNs in reverse order (CN before O), values of
 * one attribute type joined by `+`, RFC 2253 escaping. Non-standard attributes come last as
 * `<oid>=<value>` (Go prints them as hex DER; Talos certificates have none).
 */
export function goSubjectString(facts: Pick<CertificateFacts, 'subjectAttributes'>): string {
  const groups: string[] = [];
  for (const [oid, shortName] of goNameOrder) {
    const values = facts.subjectAttributes.filter((attribute) => attribute.oid === oid);
    if (values.length > 0) groups.push(values.map((attribute) => `${shortName}=${escapeGoNameValue(attribute.value)}`).join('+'));
  }
  const known = new Set(goNameOrder.map(([oid]) => oid));
  const others = facts.subjectAttributes.filter((attribute) => !known.has(attribute.oid));
  const otherGroups = others.map((attribute) => `${attribute.oid}=${escapeGoNameValue(attribute.value)}`);
  return [...groups.reverse(), ...otherGroups.reverse()].join(',');
}
