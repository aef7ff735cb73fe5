// What apid reads from a client certificate: roles from Subject O (known roles only) and whether
// the extended key usage is exactly [clientAuth], failing with Talos's text and Go's rendering of
// the subject.

import { describe, expect, it } from 'vitest';
import { RandomTree } from '../../sim/kernel/random-tree.ts';
import {
  buildCertificateDer,
  checkClientAuthEku,
  deriveEd25519KeyPair,
  encodeDistinguishedName,
  goQuote,
  goSubjectString,
  issueClientCertificate,
  issueMachineCa,
  readCertificateFacts,
  rolesFromCertificate,
} from '../../nodes/pki/index.ts';

const notBefore = new Date('2026-03-01T10:00:00Z');
const tree = new RandomTree('checker');
const ca = issueMachineCa(tree.stream('ca'), notBefore);

describe('rolesFromCertificate', () => {
  it('keeps only known roles, sorted and unique, from one value or a list', () => {
    expect(rolesFromCertificate('os:admin')).toEqual(['os:admin']);
    expect(rolesFromCertificate(['os:reader', 'team:ops', ' os:etcd:backup ', '', 'os:reader'])).toEqual(['os:etcd:backup', 'os:reader']);
    expect(rolesFromCertificate(undefined)).toEqual([]);
    expect(rolesFromCertificate(['talos'])).toEqual([]);
  });
});

describe('checkClientAuthEku', () => {
  it('accepts a certificate whose extended key usage is exactly clientAuth', () => {
    const client = issueClientCertificate({ ca, stream: tree.stream('ok'), notBefore, roles: ['os:admin'] });
    expect(checkClientAuthEku(client.crt)).toBeNull();
    expect(checkClientAuthEku(client.der)).toBeNull();
  });

  it('flags serverAuth only, both usages, and no usage at all', () => {
    const serverOnly = issueClientCertificate({ ca, stream: tree.stream('s'), notBefore, roles: ['os:admin'], extendedKeyUsage: ['serverAuth'] });
    expect(checkClientAuthEku(serverOnly.crt)).toBe('certificate "O=os:admin" is missing the client auth extended key usage');
    const both = issueClientCertificate({ ca, stream: tree.stream('b'), notBefore, roles: ['os:admin'], extendedKeyUsage: ['serverAuth', 'clientAuth'] });
    expect(checkClientAuthEku(both.crt)).not.toBeNull();
    const none = issueClientCertificate({ ca, stream: tree.stream('n'), notBefore, roles: ['os:admin'], extendedKeyUsage: [] });
    expect(readCertificateFacts(none.crt).extendedKeyUsageOids).toBeUndefined();
    expect(checkClientAuthEku(none.crt)).toBe('certificate "O=os:admin" is missing the client auth extended key usage');
  });

  it('skips CA certificates, as apid does when it walks the verified chain', () => {
    expect(checkClientAuthEku(ca.crt)).toBeNull();
  });

  it('renders the subject as Go does: CN first, O values joined by +, RFC 2253 escapes, %q quoting', () => {
    const impersonator = issueClientCertificate({ ca, stream: tree.stream('i'), notBefore, roles: ['os:impersonator'], commonName: 'talos-cp-1', extendedKeyUsage: ['serverAuth'] });
    expect(checkClientAuthEku(impersonator.crt)).toBe('certificate "CN=talos-cp-1,O=os:impersonator" is missing the client auth extended key usage');
    const key = deriveEd25519KeyPair(tree.stream('escape-key'));
    const subject = { organizations: ['a,b', '#team'], commonName: ' padded "name" ' };
    const der = buildCertificateDer(
      { serialNumber: Buffer.from([1]), subject, notBefore, notAfter: notBefore, publicKey: key.publicKey, keyUsage: ['digitalSignature'], extendedKeyUsage: [], isCertificateAuthority: false },
      { subjectDer: encodeDistinguishedName({ organizations: ['talos'] }), privateKey: ca.privateKey },
    );
    expect(goSubjectString(readCertificateFacts(der))).toBe('CN=\\ padded \\"name\\"\\ ,O=a\\,b+O=\\#team');
    expect(goQuote('CN=\\ x "y"')).toBe('"CN=\\\\ x \\"y\\""');
  });
});
