// secrets.yaml as `talosctl gen secrets` writes it: Talos's keys in Talos's order, secrets of the
// right shape, base64 PEMs that decode to working CAs; reading it back gives the same bundle, and
// a broken file is refused with all of Talos's validation messages at once.

import { X509Certificate } from 'node:crypto';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { RandomTree } from '../../sim/kernel/random-tree.ts';
import {
  PkiError,
  generateSecretsBundle,
  loadCertificateAuthority,
  machineCaOf,
  secretsBundleFromYaml,
  secretsBundleToYaml,
} from '../../nodes/pki/index.ts';

const notBefore = new Date('2026-03-01T10:00:00Z');
const bundle = generateSecretsBundle(new RandomTree('bundle').stream('secrets'), notBefore);
const yamlText = secretsBundleToYaml(bundle);

describe('secrets bundle', () => {
  it('has talosctl gen secrets keys in order', () => {
    const document = parse(yamlText);
    expect(Object.keys(document)).toEqual(['cluster', 'secrets', 'trustdinfo', 'certs']);
    expect(Object.keys(document.cluster)).toEqual(['id', 'secret']);
    expect(Object.keys(document.secrets)).toEqual(['bootstraptoken', 'secretboxencryptionsecret']);
    expect(Object.keys(document.certs)).toEqual(['etcd', 'k8s', 'k8saggregator', 'k8sserviceaccount', 'os']);
    expect(Object.keys(document.certs.k8sserviceaccount)).toEqual(['key']);
    expect(yamlText.split('\n')[1]).toMatch(/^ {4}id: /);
  });

  it('holds 32-byte secrets in std base64 and kubeadm-style tokens', () => {
    for (const secret of [bundle.cluster.id, bundle.cluster.secret, bundle.secrets.secretboxEncryptionSecret!]) {
      expect(secret).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(secret, 'base64')).toHaveLength(32);
    }
    expect(bundle.secrets.bootstrapToken).toMatch(/^[0-9a-z]{6}\.[0-9a-z]{16}$/);
    expect(bundle.trustdInfo.token).toMatch(/^[0-9a-z]{6}\.[0-9a-z]{16}$/);
    expect(bundle.trustdInfo.token).not.toBe(bundle.secrets.bootstrapToken);
  });

  it('stores PEMs as base64 that decode to the CAs, the os CA being the Ed25519 machine CA', () => {
    const document = parse(yamlText);
    expect(Buffer.from(document.certs.os.key, 'base64').toString()).toContain('-----BEGIN ED25519 PRIVATE KEY-----');
    expect(Buffer.from(document.certs.k8sserviceaccount.key, 'base64').toString()).toContain('-----BEGIN EC PRIVATE KEY-----');
    expect(new X509Certificate(machineCaOf(bundle).crt).subject).toBe('O=talos');
    expect(new X509Certificate(loadCertificateAuthority(bundle.certs.etcd).crt).subject).toBe('O=etcd');
  });

  it('reads back to the same bundle and the same text', () => {
    const readBack = secretsBundleFromYaml(yamlText);
    expect(readBack).toEqual(bundle);
    expect(secretsBundleToYaml(readBack)).toBe(yamlText);
  });

  it('is the same for the same seed; another seed changes every secret', () => {
    expect(secretsBundleToYaml(generateSecretsBundle(new RandomTree('bundle').stream('secrets'), notBefore))).toBe(yamlText);
    const other = generateSecretsBundle(new RandomTree('bundle-2').stream('secrets'), notBefore);
    expect(other.cluster.id).not.toBe(bundle.cluster.id);
    expect(other.certs.os.crt).not.toBe(bundle.certs.os.crt);
    expect(other.certs.etcd.key).not.toBe(bundle.certs.etcd.key);
  });

  it('refuses a broken file with every Talos validation message', () => {
    const broken = 'cluster:\n    id: abc\nsecrets:\n    bootstraptoken: ""\ncerts:\n    os:\n        crt: Zm9v\n        key: Zm9v\n';
    expect(() => secretsBundleFromYaml(broken)).toThrow(PkiError);
    try {
      secretsBundleFromYaml(broken);
    } catch (error) {
      const message = (error as PkiError).message;
      expect(message).toMatch(/^failed to validate secrets bundle: \d+ errors occurred:\n/);
      for (const expected of [
        '\t* cluster.secret is required',
        '\t* secrets.bootstraptoken is required',
        '\t* one of [secrets.secretboxencryptionsecret, secrets.aescbcencryptionsecret] is required',
        '\t* trustdinfo is required',
        '\t* certs.etcd is required',
        '\t* certs.os is invalid: ',
        '\t* certs.k8sserviceaccount is required',
      ]) {
        expect(message).toContain(expected);
      }
    }
  });
});
