// Key pairs derived from a seeded random stream, so a seed gives the same keys on every run.
// An Ed25519 private key is its 32-byte seed; a P-256 private key is a scalar d in [1, n-1] whose
// public point node:crypto computes (ECDH). RSA keys (Talos >= 1.7 service account) are left out:
// deriving 4096-bit primes from a stream is too slow for a simulator.
import { createECDH, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { RandomStream } from '../../sim/kernel/random-tree.ts';
import { PkiError } from './pki-error.ts';

export type KeyAlgorithm = 'ed25519' | 'ecdsa-p256';

export interface KeyPair {
  algorithm: KeyAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** PKCS#8 header of an Ed25519 private key; the 32-byte seed follows it. */
const ed25519Pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Order of the P-256 group. */
export const p256Order = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

export function ed25519KeyPairFromSeed(seed: Uint8Array): KeyPair {
  const privateKey = createPrivateKey({
    key: Buffer.concat([ed25519Pkcs8Prefix, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { algorithm: 'ed25519', privateKey, publicKey: createPublicKey(privateKey) };
}

export function deriveEd25519KeyPair(stream: RandomStream): KeyPair {
  return ed25519KeyPairFromSeed(Buffer.from(stream.hex(64), 'hex'));
}

/** The uncompressed point d·G (0x04 || X || Y) for a P-256 scalar d. */
export function p256PublicPoint(scalar: Uint8Array): Buffer {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(scalar));
  return ecdh.getPublicKey();
}

export function p256KeyPairFromScalar(scalar: Uint8Array): KeyPair {
  const point = p256PublicPoint(scalar);
  const privateKey = createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: Buffer.from(scalar).toString('base64url'),
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  return { algorithm: 'ecdsa-p256', privateKey, publicKey: createPublicKey(privateKey) };
}

export function deriveEcdsaP256KeyPair(stream: RandomStream): KeyPair {
  // Draw until the scalar is a valid private key; 32 random bytes are >= n with odds near 2^-32.
  for (;;) {
    const hex = stream.hex(64);
    const scalar = BigInt(`0x${hex}`);
    if (scalar > 0n && scalar < p256Order) return p256KeyPairFromScalar(Buffer.from(hex, 'hex'));
  }
}

export function deriveKeyPair(stream: RandomStream, algorithm: KeyAlgorithm): KeyPair {
  return algorithm === 'ed25519' ? deriveEd25519KeyPair(stream) : deriveEcdsaP256KeyPair(stream);
}

export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ecdsa-p256';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  throw new PkiError('inspect key', `unsupported key type ${key.asymmetricKeyType}${curve ? ` (${curve})` : ''}`);
}
