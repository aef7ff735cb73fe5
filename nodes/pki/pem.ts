// PEM armour as Talos writes it (Go's encoding/pem: 64-column base64, trailing newline) and the key
// labels Talos uses: Ed25519 keys are PKCS#8 under `ED25519 PRIVATE KEY`, EC keys SEC1 under
// `EC PRIVATE KEY`. Node and OpenSSL only read PKCS#8 under `PRIVATE KEY`, so keys are relabelled
// on the way in. Leaves out PEM headers (Proc-Type, DEK-Info) and encrypted keys.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { PkiError } from './pki-error.ts';

export const PemLabel = {
  certificate: 'CERTIFICATE',
  privateKey: 'PRIVATE KEY',
  ed25519PrivateKey: 'ED25519 PRIVATE KEY',
  ecPrivateKey: 'EC PRIVATE KEY',
  rsaPrivateKey: 'RSA PRIVATE KEY',
} as const;

export interface PemBlock {
  label: string;
  der: Buffer;
}

export function encodePem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines: string[] = [];
  for (let offset = 0; offset < base64.length; offset += 64) lines.push(base64.slice(offset, offset + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const pemBlockPattern = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/g;

export function decodePemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(pemBlockPattern)].map((match) => ({
    label: match[1]!,
    der: Buffer.from(match[2]!.replace(/\s+/g, ''), 'base64'),
  }));
}

/** The first PEM block of `text`; with `expectedLabel`, the first block carrying that label. */
export function decodePem(text: string, expectedLabel?: string): PemBlock {
  const blocks = decodePemBlocks(text);
  const block = expectedLabel === undefined ? blocks[0] : blocks.find((candidate) => candidate.label === expectedLabel);
  if (!block) throw new PkiError('decode PEM', expectedLabel ? `no "${expectedLabel}" block found` : 'no PEM block found');
  return block;
}

/** How Talos's YAML (secrets.yaml, machine config, talosconfig) carries a PEM: std base64 of its text. */
export const base64Pem = (pem: string): string => Buffer.from(pem, 'utf8').toString('base64');
export const pemFromBase64 = (encoded: string): string => Buffer.from(encoded, 'base64').toString('utf8');

/** A private key as Talos stores it: Ed25519 as PKCS#8 `ED25519 PRIVATE KEY`, EC as SEC1 `EC PRIVATE KEY`. */
export function privateKeyToTalosPem(privateKey: KeyObject): string {
  switch (privateKey.asymmetricKeyType) {
    case 'ed25519':
      return encodePem(PemLabel.ed25519PrivateKey, privateKey.export({ type: 'pkcs8', format: 'der' }));
    case 'ec':
      return encodePem(PemLabel.ecPrivateKey, privateKey.export({ type: 'sec1', format: 'der' }));
    case 'rsa':
      return encodePem(PemLabel.rsaPrivateKey, privateKey.export({ type: 'pkcs1', format: 'der' }));
    default:
      throw new PkiError('encode private key', `unsupported key type ${privateKey.asymmetricKeyType}`);
  }
}

/** Reads any private key PEM Talos or OpenSSL writes (Go accepts every `... PRIVATE KEY` label; so do we). */
export function privateKeyFromPem(pem: string): KeyObject {
  const block = decodePemBlocks(pem).find((candidate) => candidate.label.endsWith('PRIVATE KEY'));
  if (!block) throw new PkiError('read private key', 'no "PRIVATE KEY" PEM block found');
  try {
    if (block.label === PemLabel.ecPrivateKey) return createPrivateKey({ key: block.der, format: 'der', type: 'sec1' });
    if (block.label === PemLabel.rsaPrivateKey) return createPrivateKey({ key: block.der, format: 'der', type: 'pkcs1' });
    return createPrivateKey({ key: block.der, format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new PkiError('read private key', `"${block.label}" block does not hold a key: ${(error as Error).message}`);
  }
}

/** The same key as PEM Node's tls and OpenSSL accept (`ED25519 PRIVATE KEY` becomes `PRIVATE KEY`). */
export function toOpenSslPrivateKeyPem(pem: string): string {
  const block = decodePemBlocks(pem).find((candidate) => candidate.label.endsWith('PRIVATE KEY'));
  if (!block) throw new PkiError('read private key', 'no "PRIVATE KEY" PEM block found');
  if (block.label !== PemLabel.ed25519PrivateKey) return encodePem(block.label, block.der);
  return encodePem(PemLabel.privateKey, block.der);
}
