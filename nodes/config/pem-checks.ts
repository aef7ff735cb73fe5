// The PEM checks Talos's v1.14 Kubernetes documents run on certificates and keys they carry
// (meta.AssertValidPEM, meta.CertificateAndKey.Validate and siderolabs/crypto's GetCert/GetKey):
// block types as Talos names them, parsed with node:crypto.
// Leaves out: the inner x509/asn1 text when a block's DER does not parse (Talos's prefix, such as
// "failed to parse certificate", is kept; the detail after it is node's, not Go's).
import { createPrivateKey, X509Certificate } from 'node:crypto';

interface PemBlock {
  type: string;
  der: Buffer;
}

const PEM_BLOCK = /-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** pem.Decode in a loop: every block of the text, in order. */
function pemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(PEM_BLOCK)].map((match) => ({
    type: match[1],
    der: Buffer.from(match[2].split('\n').filter((line) => !line.includes(':')).join(''), 'base64'),
  }));
}

/** meta.AssertValidPEM: '' when the text holds PEM blocks, all of an expected type. */
export function pemError(text: string, expectedTypes: readonly string[] = []): string {
  const blocks = pemBlocks(text);
  const unexpected = blocks.find((block) => expectedTypes.length > 0 && !expectedTypes.includes(block.type));
  if (unexpected !== undefined) return `unexpected PEM block type ${JSON.stringify(unexpected.type)}, expected one of [${expectedTypes.map((type) => JSON.stringify(type)).join(' ')}]`;
  return blocks.length === 0 ? 'no PEM blocks found' : '';
}

function detail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** GetCert: the first block parsed as an X.509 certificate. */
export function certificateParseError(text: string): string {
  const [block] = pemBlocks(text);
  if (block === undefined) return 'failed to parse PEM block';
  try {
    new X509Certificate(block.der);
    return '';
  } catch (error) {
    return `failed to parse certificate: ${detail(error)}`;
  }
}

const KEY_PARSERS: Record<string, { prefix: string; format: 'pkcs1' | 'pkcs8' | 'sec1' }> = {
  'RSA PRIVATE KEY': { prefix: 'failed to parse RSA key', format: 'pkcs1' },
  'EC PRIVATE KEY': { prefix: 'failed to parse ECDSA key', format: 'sec1' },
  'ED25519 PRIVATE KEY': { prefix: 'failed to parse Ed25519 key', format: 'pkcs8' },
  'PRIVATE KEY': { prefix: 'failed to parse key', format: 'pkcs8' },
};

/**
 * GetKey: the first block parsed by its type. `unsupportedSeparator` is ': ' for a
 * certificate-and-key pair and ' ' for a lone key, as the two Talos methods word it.
 */
export function privateKeyParseError(text: string, unsupportedSeparator: ': ' | ' ' = ' '): string {
  const [block] = pemBlocks(text);
  if (block === undefined) return 'failed to parse PEM block';
  const parser = KEY_PARSERS[block.type];
  if (parser === undefined) return `unsupported key type${unsupportedSeparator}${JSON.stringify(block.type)}`;
  try {
    createPrivateKey({ key: block.der, format: 'der', type: parser.format });
    return '';
  } catch (error) {
    return `${parser.prefix}: ${detail(error)}`;
  }
}

/** x509.CertPool.AppendCertsFromPEM: whether at least one CERTIFICATE block parses. */
export function holdsCertificate(text: string): boolean {
  return pemBlocks(text).some((block) => {
    if (block.type !== 'CERTIFICATE') return false;
    try {
      new X509Certificate(block.der);
      return true;
    } catch {
      return false;
    }
  });
}

/** GetPrivateKey of a certificate-and-key pair: the first block parsed as PKCS#8. */
export function pkcs8KeyParseError(text: string): string {
  const [block] = pemBlocks(text);
  if (block === undefined) return 'failed to parse PEM block';
  try {
    createPrivateKey({ key: block.der, format: 'der', type: 'pkcs8' });
    return '';
  } catch (error) {
    return `failed to parse key: ${detail(error)}`;
  }
}

/** meta.CertificateAndKey.Validate(tryLoading = true): '' when both are present, PEM, and parse. */
export function certificateAndKeyError(pair: { cert: string; key: string }): string {
  if (pair.cert === '') return 'certificate is required';
  if (pair.key === '') return 'key is required';
  const certificatePem = pemError(pair.cert, ['CERTIFICATE']);
  if (certificatePem !== '') return `certificate: ${certificatePem}`;
  const keyPem = pemError(pair.key);
  if (keyPem !== '') return `key: ${keyPem}`;
  const certificateProblem = certificateParseError(pair.cert);
  if (certificateProblem !== '') return `certificate is invalid: ${certificateProblem}`;
  const keyProblem = privateKeyParseError(pair.key, ': ');
  return keyProblem === '' ? '' : `key is invalid: ${keyProblem}`;
}
