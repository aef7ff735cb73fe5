// Real mutual TLS on 127.0.0.1 with node:tls, set up the way apid is: the server presents its apid
// certificate and demands a client certificate from the machine CA. A talosctl-style client
// certificate gets in and its roles are readable from the peer certificate; a certificate from
// another CA, or one without clientAuth, does not; a client trusting another CA refuses the server.

import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RandomTree } from '../../sim/kernel/random-tree.ts';
import {
  checkClientAuthEku,
  issueApidServerCertificate,
  issueClientCertificate,
  issueMachineCa,
  rolesFromCertificate,
  toOpenSslPrivateKeyPem,
  type CertificateAuthority,
  type IssuedCertificate,
  type KeyAlgorithm,
} from '../../nodes/pki/index.ts';

// TLS checks validity against the real clock, so these certificates start an hour before it.
const notBefore = new Date(Date.now() - 3_600_000);
const tree = new RandomTree('tls-handshake');
const machineCa = issueMachineCa(tree.stream('machine-ca'), notBefore);
const otherCa = issueMachineCa(tree.stream('other-ca'), notBefore);

interface Outcome {
  /** The server accepted the client and answered. */
  answered: boolean;
  clientError?: string;
  serverRoles?: string[];
}

interface RunningServer {
  port: number;
  close(): Promise<void>;
  lastRoles(): string[] | undefined;
}

function startApidLikeServer(keyAlgorithm: KeyAlgorithm): Promise<RunningServer> {
  const server = issueApidServerCertificate({
    ca: machineCa,
    stream: tree.stream(`server-${keyAlgorithm}`),
    notBefore,
    hostname: 'talos-cp-1',
    addresses: [],
    keyAlgorithm,
  });
  let roles: string[] | undefined;
  const listener = tls.createServer(
    {
      cert: server.crt,
      key: toOpenSslPrivateKeyPem(server.key),
      ca: [machineCa.crt],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      ALPNProtocols: ['h2'],
    },
    (socket) => {
      roles = rolesFromCertificate(socket.getPeerCertificate().subject?.O);
      socket.end('ok');
    },
  );
  listener.on('tlsClientError', () => undefined);
  return new Promise((resolve) => {
    listener.listen(0, '127.0.0.1', () =>
      resolve({
        port: (listener.address() as AddressInfo).port,
        close: () => new Promise((done) => listener.close(() => done())),
        lastRoles: () => roles,
      }),
    );
  });
}

function connect(port: number, client: IssuedCertificate, trusted: CertificateAuthority): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { answered: false };
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      ca: [trusted.crt],
      cert: client.crt,
      key: toOpenSslPrivateKeyPem(client.key),
      ALPNProtocols: ['h2'],
    });
    socket.on('data', (data) => (outcome.answered = data.toString() === 'ok'));
    socket.on('error', (error: NodeJS.ErrnoException) => (outcome.clientError = error.code));
    socket.on('close', () => resolve(outcome));
  });
}

function clientCertificate(name: string, ca: CertificateAuthority, extendedKeyUsage?: Array<'serverAuth' | 'clientAuth'>) {
  return issueClientCertificate({ ca, stream: tree.stream(name), notBefore, roles: ['os:operator', 'os:reader', 'team:ops'], extendedKeyUsage });
}

describe.each(['ed25519', 'ecdsa-p256'] as const)('mutual TLS with a %s apid certificate', (keyAlgorithm) => {
  let server: RunningServer;
  beforeAll(async () => (server = await startApidLikeServer(keyAlgorithm)));
  afterAll(() => server.close());

  it('accepts a client certificate from the machine CA and reads its roles from Subject O', async () => {
    const outcome = await connect(server.port, clientCertificate('client', machineCa), machineCa);
    expect(outcome).toEqual({ answered: true });
    expect(server.lastRoles()).toEqual(['os:operator', 'os:reader']);
  });

  it('refuses a client certificate from another CA', async () => {
    const outcome = await connect(server.port, clientCertificate('stranger', otherCa), machineCa);
    expect(outcome.answered).toBe(false);
  });

  it('refuses a client certificate without clientAuth at the handshake (OpenSSL purpose check)', async () => {
    const serverOnly = clientCertificate('server-only', machineCa, ['serverAuth']);
    expect((await connect(server.port, serverOnly, machineCa)).answered).toBe(false);
    expect(checkClientAuthEku(serverOnly.crt)).toContain('is missing the client auth extended key usage');
  });

  it('lets through a [serverAuth, clientAuth] certificate that only apid\'s own EKU check refuses', async () => {
    const both = clientCertificate('both-usages', machineCa, ['serverAuth', 'clientAuth']);
    expect((await connect(server.port, both, machineCa)).answered).toBe(true);
    // Go prints O values in encoded order; DER sorts a SET OF by encoding, so shorter values first.
    expect(checkClientAuthEku(both.crt)).toBe(
      'certificate "O=team:ops+O=os:reader+O=os:operator" is missing the client auth extended key usage',
    );
  });

  it('is refused by a client that trusts another CA', async () => {
    const outcome = await connect(server.port, clientCertificate('client', machineCa), otherCa);
    expect(outcome.answered).toBe(false);
    expect(outcome.clientError).toBe('SELF_SIGNED_CERT_IN_CHAIN');
  });
});

it('the certificates really are of the algorithm each server claims', () => {
  const ecdsa = issueApidServerCertificate({ ca: machineCa, stream: tree.stream('server-ecdsa-p256'), notBefore, hostname: 'talos-cp-1', addresses: [], keyAlgorithm: 'ecdsa-p256' });
  expect(new X509Certificate(ecdsa.crt).publicKey.asymmetricKeyType).toBe('ec');
});
