// The certificates Talos's PKI makes, checked with tools that are not ours: node:crypto's
// X509Certificate parses and verifies them, and `openssl verify` accepts every leaf against its CA.
// A seed always gives the same bytes; another seed gives other bytes.

import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RandomTree } from '../../sim/kernel/random-tree.ts';
import {
  ExtendedKeyUsageOid,
  issueApidImpersonatorCertificate,
  issueApidServerCertificate,
  issueClientCertificate,
  issueEtcdCa,
  issueKubernetesCa,
  issueAggregatorCa,
  issueMachineCa,
  issueMaintenanceCertificate,
  readCertificateFacts,
  spkiFingerprint,
  type CertificateAuthority,
} from '../../nodes/pki/index.ts';

const notBefore = new Date('2026-03-01T10:00:00.750Z');
const hourMs = 3_600_000;

function machineCa(seed = 'pki-test'): CertificateAuthority {
  return issueMachineCa(new RandomTree(seed).stream('ca'), notBefore);
}

function apidCertificate(ca: CertificateAuthority, seed = 'pki-test') {
  return issueApidServerCertificate({
    ca,
    stream: new RandomTree(seed).stream('apid'),
    notBefore,
    hostname: 'talos-cp-1',
    domainname: 'lab.example',
    addresses: ['10.5.0.2', 'fd00:10:5::2'],
    certSANs: ['192.168.1.10', 'cp.lab.example', '10.5.0.2'],
  });
}

describe('machine CA', () => {
  const ca = machineCa();
  const certificate = new X509Certificate(ca.crt);

  it('is a self-signed Ed25519 CA with subject O=talos, valid 87600h', () => {
    expect(certificate.subject).toBe('O=talos');
    expect(certificate.issuer).toBe('O=talos');
    expect(certificate.ca).toBe(true);
    expect(certificate.publicKey.asymmetricKeyType).toBe('ed25519');
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(new Date(certificate.validTo).getTime() - new Date(certificate.validFrom).getTime()).toBe(87_600 * hourMs);
    expect(new Date(certificate.validFrom).toISOString()).toBe('2026-03-01T10:00:00.000Z');
  });

  it('allows certSign and digitalSignature, serverAuth and clientAuth, and has a subject key id', () => {
    expect(certificate.keyUsage).toEqual([ExtendedKeyUsageOid.serverAuth, ExtendedKeyUsageOid.clientAuth]);
    expect(certificate.toLegacyObject().ext_key_usage).toBeDefined();
    expect(certificate.checkPrivateKey(ca.privateKey)).toBe(true);
    expect(readCertificateFacts(ca.crt).subjectKeyId).toHaveLength(20);
    const text = spawnSync('openssl', ['x509', '-noout', '-ext', 'keyUsage,basicConstraints'], { input: ca.crt }).stdout.toString();
    expect(text).toContain('critical');
    expect(text).toContain('Digital Signature, Certificate Sign');
    expect(text).toContain('CA:TRUE');
  });

  it('is the same bytes for the same seed and different for another seed', () => {
    expect(machineCa().crt).toBe(ca.crt);
    expect(machineCa().key).toBe(ca.key);
    expect(machineCa('other-seed').crt).not.toBe(ca.crt);
    expect(machineCa('other-seed').key).not.toBe(ca.key);
  });
});

describe('etcd, Kubernetes and aggregator CAs', () => {
  const tree = new RandomTree('pki-test');
  const cases = [
    ['etcd', issueEtcdCa, 'O=etcd'],
    ['k8s', issueKubernetesCa, 'O=kubernetes'],
    ['k8saggregator', issueAggregatorCa, ''],
  ] as const;

  it.each(cases)('%s CA is a self-signed ECDSA P-256 CA with the Talos subject', (name, issue, subject) => {
    const ca = issue(tree.stream(name), notBefore);
    const certificate = new X509Certificate(ca.crt);
    expect(certificate.subject ?? '').toBe(subject);
    expect(certificate.ca).toBe(true);
    expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(ca.key).toContain('-----BEGIN EC PRIVATE KEY-----');
    expect(issue(tree.stream(name), notBefore).crt).toBe(ca.crt);
  });
});

describe('apid server certificate', () => {
  const ca = machineCa();
  const server = apidCertificate(ca);
  const certificate = new X509Certificate(server.crt);

  it('is signed by the machine CA with its algorithm, CN = FQDN, serverAuth only, 24h', () => {
    expect(certificate.verify(new X509Certificate(ca.crt).publicKey)).toBe(true);
    expect(certificate.checkIssued(new X509Certificate(ca.crt))).toBe(true);
    expect(certificate.publicKey.asymmetricKeyType).toBe('ed25519');
    expect(certificate.subject).toBe('CN=talos-cp-1.lab.example');
    expect(certificate.keyUsage).toEqual([ExtendedKeyUsageOid.serverAuth]);
    expect(certificate.ca).toBe(false);
    expect(new Date(certificate.validTo).getTime() - new Date(certificate.validFrom).getTime()).toBe(24 * hourMs);
  });

  it('covers the node addresses, 127.0.0.1, the configured SANs, the hostname and the FQDN, sorted and unique', () => {
    expect(certificate.subjectAltName).toBe(
      'DNS:cp.lab.example, DNS:talos-cp-1, DNS:talos-cp-1.lab.example, ' +
        'IP Address:10.5.0.2, IP Address:127.0.0.1, IP Address:192.168.1.10, IP Address:FD00:10:5:0:0:0:0:2',
    );
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(certificate.checkHost('talos-cp-1')).toBe('talos-cp-1');
  });

  it('can carry an ECDSA P-256 key while still signed by the Ed25519 CA (for BoringSSL clients)', () => {
    const ecdsa = issueApidServerCertificate({
      ca,
      stream: new RandomTree('pki-test').stream('apid-ecdsa'),
      notBefore,
      hostname: 'talos-cp-1',
      addresses: ['10.5.0.2'],
      keyAlgorithm: 'ecdsa-p256',
    });
    const parsed = new X509Certificate(ecdsa.crt);
    expect(parsed.publicKey.asymmetricKeyType).toBe('ec');
    expect(parsed.verify(new X509Certificate(ca.crt).publicKey)).toBe(true);
    expect(ecdsa.key).toContain('-----BEGIN EC PRIVATE KEY-----');
  });

  it('is byte-identical for the same seed and differs for another seed', () => {
    expect(apidCertificate(machineCa()).crt).toBe(server.crt);
    expect(apidCertificate(machineCa(), 'other-seed').crt).not.toBe(server.crt);
  });
});

describe('client certificate', () => {
  const ca = machineCa();

  it('has one O per role, digitalSignature, EKU exactly [clientAuth], 1 year', () => {
    const client = issueClientCertificate({ ca, stream: new RandomTree('pki-test').stream('c'), notBefore, roles: ['os:reader', 'os:etcd:backup'] });
    const certificate = new X509Certificate(client.crt);
    expect(readCertificateFacts(client.crt).organizations.sort()).toEqual(['os:etcd:backup', 'os:reader']);
    expect(readCertificateFacts(client.crt).commonName).toBeUndefined();
    expect(certificate.keyUsage).toEqual([ExtendedKeyUsageOid.clientAuth]);
    expect(certificate.verify(new X509Certificate(ca.crt).publicKey)).toBe(true);
    expect(new Date(certificate.validTo).getTime() - new Date(certificate.validFrom).getTime()).toBe(365 * 24 * hourMs);
  });

  it('defaults to os:admin and can be made without clientAuth for fault injection', () => {
    const admin = issueClientCertificate({ ca, stream: new RandomTree('pki-test').stream('admin'), notBefore });
    expect(readCertificateFacts(admin.crt).organizations).toEqual(['os:admin']);
    const serverOnly = issueClientCertificate({ ca, stream: new RandomTree('pki-test').stream('x'), notBefore, extendedKeyUsage: ['serverAuth'] });
    expect(new X509Certificate(serverOnly.crt).keyUsage).toEqual([ExtendedKeyUsageOid.serverAuth]);
  });

  it('apid forwarding certificate is O=os:impersonator with CN = FQDN', () => {
    const impersonator = issueApidImpersonatorCertificate(ca, new RandomTree('pki-test').stream('i'), notBefore, 'talos-cp-1.lab');
    expect(new X509Certificate(impersonator.crt).subject).toBe('O=os:impersonator\nCN=talos-cp-1.lab');
  });
});

describe('maintenance certificate', () => {
  const maintenance = issueMaintenanceCertificate({ stream: new RandomTree('pki-test').stream('maintenance'), notBefore, addresses: ['10.5.0.9'] });
  const certificate = new X509Certificate(maintenance.server.crt);

  it('comes from its own empty-subject CA, CN maintenance-service.talos.dev, SANs node IPs + 127.0.0.1 + ::1', () => {
    expect(readCertificateFacts(maintenance.ca.crt).subjectAttributes).toEqual([]);
    expect(certificate.verify(new X509Certificate(maintenance.ca.crt).publicKey)).toBe(true);
    expect(certificate.verify(new X509Certificate(machineCa().crt).publicKey)).toBe(false);
    expect(certificate.subject).toBe('CN=maintenance-service.talos.dev');
    expect(certificate.subjectAltName).toBe('IP Address:10.5.0.9, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  });

  it('has the SPKI fingerprint openssl computes (base64 sha256 of the public key info)', () => {
    const publicKeyPem = spawnSync('openssl', ['x509', '-noout', '-pubkey'], { input: maintenance.server.crt }).stdout;
    const der = spawnSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: publicKeyPem }).stdout;
    const digest = spawnSync('openssl', ['dgst', '-sha256', '-binary'], { input: der }).stdout;
    expect(maintenance.fingerprint).toBe(digest.toString('base64'));
    expect(spkiFingerprint(maintenance.server.der)).toBe(maintenance.fingerprint);
  });
});

describe('openssl verify', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'talsim-pki-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const inValidity = Math.floor(notBefore.getTime() / 1000 + 3600).toString();

  function opensslVerify(caPem: string, leafPem: string): { status: number | null; output: string } {
    writeFileSync(path.join(scratch, 'ca.pem'), caPem);
    writeFileSync(path.join(scratch, 'leaf.pem'), leafPem);
    const result = spawnSync('openssl', ['verify', '-attime', inValidity, '-CAfile', path.join(scratch, 'ca.pem'), path.join(scratch, 'leaf.pem')]);
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it('accepts apid, client and ECDSA-CA leaves against their CA', () => {
    const ca = machineCa();
    expect(opensslVerify(ca.crt, apidCertificate(ca).crt)).toMatchObject({ status: 0 });
    const client = issueClientCertificate({ ca, stream: new RandomTree('pki-test').stream('c'), notBefore });
    expect(opensslVerify(ca.crt, client.crt)).toMatchObject({ status: 0 });
    expect(opensslVerify(ca.crt, client.crt).output).toContain('OK');
  });

  it('rejects a leaf against another CA', () => {
    const result = opensslVerify(machineCa('other-seed').crt, apidCertificate(machineCa()).crt);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('unable to get local issuer certificate');
  });
});
