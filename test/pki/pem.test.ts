// Keys are written under Talos's PEM labels and read back; relabelled Ed25519 keys are what
// OpenSSL and node:tls accept. Key derivation from a seed is stable and is the documented PKCS#8
// construction.

import { spawnSync } from 'node:child_process';
import { createPrivateKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RandomTree } from '../../sim/kernel/random-tree.ts';
import {
  PemLabel,
  PkiError,
  decodePem,
  decodePemBlocks,
  deriveEcdsaP256KeyPair,
  deriveEd25519KeyPair,
  ed25519KeyPairFromSeed,
  encodePem,
  privateKeyFromPem,
  privateKeyToTalosPem,
  signEcdsaP256Deterministic,
  toOpenSslPrivateKeyPem,
} from '../../nodes/pki/index.ts';

const tree = new RandomTree('pem');

describe('Ed25519 keys', () => {
  const keyPair = deriveEd25519KeyPair(tree.stream('ed'));
  const talosPem = privateKeyToTalosPem(keyPair.privateKey);

  it('are PKCS#8 under ED25519 PRIVATE KEY, 64-column base64 with a trailing newline', () => {
    expect(talosPem.startsWith('-----BEGIN ED25519 PRIVATE KEY-----\n')).toBe(true);
    expect(talosPem.endsWith('-----END ED25519 PRIVATE KEY-----\n')).toBe(true);
    expect(decodePem(talosPem).der.subarray(0, 16).toString('hex')).toBe('302e020100300506032b657004220420');
  });

  it('read back to the same key, and relabel to PRIVATE KEY for OpenSSL', () => {
    const readBack = privateKeyFromPem(talosPem);
    expect(readBack.export({ type: 'pkcs8', format: 'der' })).toEqual(keyPair.privateKey.export({ type: 'pkcs8', format: 'der' }));
    const openSslPem = toOpenSslPrivateKeyPem(talosPem);
    expect(decodePemBlocks(openSslPem)[0]!.label).toBe(PemLabel.privateKey);
    expect(() => createPrivateKey(talosPem)).toThrow();
    expect(createPrivateKey(openSslPem).asymmetricKeyType).toBe('ed25519');
    const openssl = spawnSync('openssl', ['pkey', '-noout', '-text'], { input: openSslPem });
    expect(openssl.status).toBe(0);
    expect(openssl.stdout.toString()).toContain('ED25519 Private-Key');
  });

  it('come from 32 bytes of the stream: same seed, same key; other seed, other key', () => {
    const seed = Buffer.from(new RandomTree('pem').stream('ed').hex(64), 'hex');
    expect(privateKeyToTalosPem(ed25519KeyPairFromSeed(seed).privateKey)).toBe(talosPem);
    expect(privateKeyToTalosPem(deriveEd25519KeyPair(new RandomTree('pem-2').stream('ed')).privateKey)).not.toBe(talosPem);
    const signature = sign(null, Buffer.from('talos'), keyPair.privateKey);
    expect(verify(null, Buffer.from('talos'), keyPair.publicKey, signature)).toBe(true);
  });
});

describe('EC P-256 keys', () => {
  const keyPair = deriveEcdsaP256KeyPair(tree.stream('ec'));
  const talosPem = privateKeyToTalosPem(keyPair.privateKey);

  it('are SEC1 under EC PRIVATE KEY, readable by OpenSSL and by us', () => {
    expect(decodePemBlocks(talosPem)[0]!.label).toBe(PemLabel.ecPrivateKey);
    expect(toOpenSslPrivateKeyPem(talosPem)).toBe(talosPem);
    expect(spawnSync('openssl', ['ec', '-noout', '-check'], { input: talosPem }).status).toBe(0);
    expect(privateKeyFromPem(talosPem).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(privateKeyToTalosPem(deriveEcdsaP256KeyPair(new RandomTree('pem').stream('ec')).privateKey)).toBe(talosPem);
  });

  it('sign deterministically (RFC 6979 test vector A.2.5) and the signatures verify', () => {
    const vector = createPrivateKey({
      key: { kty: 'EC', crv: 'P-256', d: Buffer.from('C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721', 'hex').toString('base64url'), x: Buffer.from('60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6', 'hex').toString('base64url'), y: Buffer.from('7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299', 'hex').toString('base64url') },
      format: 'jwk',
    });
    const signature = signEcdsaP256Deterministic(vector, Buffer.from('sample'));
    expect(signature.toString('hex')).toBe(
      '3046022100efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716022100f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8',
    );
    expect(verify('sha256', Buffer.from('sample'), vector, signature)).toBe(true);
    expect(verify('sha256', Buffer.from('sample'), keyPair.publicKey, signEcdsaP256Deterministic(keyPair.privateKey, Buffer.from('sample')))).toBe(true);
  });
});

describe('PEM errors', () => {
  it('are typed and say what is missing', () => {
    expect(() => privateKeyFromPem(encodePem('CERTIFICATE', Buffer.from([1, 2])))).toThrow(PkiError);
    expect(() => privateKeyFromPem(encodePem('ED25519 PRIVATE KEY', Buffer.from([1, 2])))).toThrow(/does not hold a key/);
    expect(() => decodePem('nothing here')).toThrow('decode PEM: no PEM block found');
  });
});
