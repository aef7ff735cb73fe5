// Signing certificate bodies the way Go's crypto/x509 does for the two key types Talos uses:
// PureEd25519, and ECDSA with SHA-256 for P-256 keys. ECDSA here uses the RFC 6979 deterministic
// nonce (Go draws a random one) so a seed gives byte-identical certificates; any verifier accepts
// both. The point k·G comes from node:crypto's ECDH. Leaves out RSA and other curves and hashes.
import { createHash, createHmac, sign, type KeyObject } from 'node:crypto';
import { derObjectIdentifier, derSequence, derUnsignedInteger } from './der.ts';
import { keyAlgorithmOf, p256Order, p256PublicPoint, type KeyAlgorithm } from './keys.ts';

export const SignatureAlgorithmOid = {
  pureEd25519: '1.3.101.112',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

/** The AlgorithmIdentifier a certificate signed by `algorithm` carries (neither has parameters). */
export function signatureAlgorithmIdentifier(algorithm: KeyAlgorithm): Buffer {
  const oid = algorithm === 'ed25519' ? SignatureAlgorithmOid.pureEd25519 : SignatureAlgorithmOid.ecdsaWithSha256;
  return derSequence(derObjectIdentifier(oid));
}

export function signBytes(signer: KeyObject, message: Uint8Array): Buffer {
  if (keyAlgorithmOf(signer) === 'ed25519') return sign(null, message, signer);
  return signEcdsaP256Deterministic(signer, message);
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
}

function bigIntTo32Bytes(value: bigint): Buffer {
  return Buffer.from(value.toString(16).padStart(64, '0'), 'hex');
}

function modularPower(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let factor = base % modulus;
  for (let rest = exponent; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = (result * factor) % modulus;
    factor = (factor * factor) % modulus;
  }
  return result;
}

/** ECDSA P-256/SHA-256 with the RFC 6979 nonce; DER `SEQUENCE { r, s }`. */
export function signEcdsaP256Deterministic(signer: KeyObject, message: Uint8Array): Buffer {
  const privateScalar = Buffer.from(signer.export({ format: 'jwk' }).d!, 'base64url');
  const x = bytesToBigInt(privateScalar);
  const digest = createHash('sha256').update(message).digest();
  const z = bytesToBigInt(digest);
  const hmac = (key: Buffer, ...parts: Buffer[]) => createHmac('sha256', key).update(Buffer.concat(parts)).digest();
  const seedMaterial = Buffer.concat([bigIntTo32Bytes(x), bigIntTo32Bytes(z % p256Order)]);
  let v = Buffer.alloc(32, 0x01);
  let k = Buffer.alloc(32, 0x00);
  k = hmac(k, v, Buffer.from([0x00]), seedMaterial);
  v = hmac(k, v);
  k = hmac(k, v, Buffer.from([0x01]), seedMaterial);
  v = hmac(k, v);
  for (;;) {
    v = hmac(k, v);
    const nonce = bytesToBigInt(v);
    if (nonce > 0n && nonce < p256Order) {
      const r = bytesToBigInt(p256PublicPoint(v).subarray(1, 33)) % p256Order;
      const s = (modularPower(nonce, p256Order - 2n, p256Order) * (z + r * x)) % p256Order;
      if (r !== 0n && s !== 0n) return derSequence(derUnsignedInteger(bigIntTo32Bytes(r)), derUnsignedInteger(bigIntTo32Bytes(s)));
    }
    k = hmac(k, v, Buffer.from([0x00]));
    v = hmac(k, v);
  }
}
