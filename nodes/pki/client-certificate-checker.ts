// apid's check of a verified client certificate chain: every non-CA certificate must carry the
// extended key usage list exactly [clientAuth], else the handshake fails with Talos's text
// `certificate "<subject>" is missing the client auth extended key usage`, the subject printed by
// Go's %q of pkix.Name.String(). Chain verification itself is node:tls's job.
import { ExtendedKeyUsageOid } from './certificate-builder.ts';
import { goSubjectString, readCertificateFacts } from './certificate-reader.ts';

/** Go's %q for the strings Talos prints: backslash and quote escaped, control characters as \xNN. */
export function goQuote(text: string): string {
  let quoted = '"';
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (character === '"' || character === '\\') quoted += `\\${character}`;
    else if (character === '\n') quoted += '\\n';
    else if (character === '\t') quoted += '\\t';
    else if (code < 0x20 || code === 0x7f) quoted += `\\x${code.toString(16).padStart(2, '0')}`;
    else quoted += character;
  }
  return `${quoted}"`;
}

/** The extended key usages Go's crypto/x509 knows; others land in UnknownExtKeyUsage, which apid ignores. */
const goKnownExtendedKeyUsageOids = new Set([
  '2.5.29.37.0',
  '1.3.6.1.5.5.7.3.1',
  '1.3.6.1.5.5.7.3.2',
  '1.3.6.1.5.5.7.3.3',
  '1.3.6.1.5.5.7.3.4',
  '1.3.6.1.5.5.7.3.5',
  '1.3.6.1.5.5.7.3.6',
  '1.3.6.1.5.5.7.3.7',
  '1.3.6.1.5.5.7.3.8',
  '1.3.6.1.5.5.7.3.9',
  '1.3.6.1.4.1.311.10.3.3',
  '2.16.840.1.113730.4.1',
  '1.3.6.1.4.1.311.2.1.22',
  '1.3.6.1.4.1.311.61.1.1',
]);

/** null when apid accepts the certificate, else Talos's error text. */
export function checkClientAuthEku(certificateDerOrPem: Uint8Array | string): string | null {
  const facts = readCertificateFacts(certificateDerOrPem);
  if (facts.isCertificateAuthority) return null;
  const usages = (facts.extendedKeyUsageOids ?? []).filter((oid) => goKnownExtendedKeyUsageOids.has(oid));
  if (usages.length === 1 && usages[0] === ExtendedKeyUsageOid.clientAuth) return null;
  return `certificate ${goQuote(goSubjectString(facts))} is missing the client auth extended key usage`;
}
