// What a node's apid listener should serve right now, from the node's state: nothing while the
// node is down or apid is not up; TLS without client certificates and the maintenance certificate
// while the node has no config; mutual TLS against machine.ca (+ acceptedCAs) with an apid
// certificate from the machine CA once configured (or, when that certificate cannot be issued, what
// it already serves: see unissuablePlan). Certificates are dated on this machine's wall
// clock plus the node's skew fault (certificate-clock.ts): speed, advance and warp never make them
// "not yet valid" or "expired" for a real client, while a skewed node serves certificates real
// clients refuse, as a real node with a wrong clock does.
// The plan's key says when the bound credentials are stale; its trust key says when a swap is a
// restart of apid (in-flight calls die) rather than a certificate refresh.
import { ServerCredentials } from '@grpc/grpc-js';
import type { VirtualNode } from '../node.ts';
import type { NodeDirectory } from './node-directory.ts';
import { issueApidServerCertificate, issueMaintenanceCertificate, toOpenSslPrivateKeyPem, type KeyAlgorithm } from '../pki/index.ts';
import { machineSignerFor, trustedCaCertificatesOf } from './machine-authority.ts';
import { certificateNotBefore } from './certificate-clock.ts';
import { listenerModeOf, type ListenerMode } from './admission.ts';
import { configuredApiCertificates, maintenanceApiCertificates, type ApiCertificatesSpec } from './api-certificates.ts';

export type { ListenerMode } from './admission.ts';

export interface ListenerPlan {
  /** `unissuable`: the node is configured but its apid certificate cannot be issued (see `error`). */
  mode: ListenerMode | 'unissuable';
  /** Why the certificate cannot be issued (mode `unissuable`), as the node's APIController logs it. */
  error?: string;
  /** Changes whenever the served certificate or trust must change. */
  key: string;
  /** Changes when apid itself restarts (mode or trusted CAs). */
  trustKey: string;
  /** Issues the certificate (dated now on the wall clock, skew included), builds the credentials and says what apid now holds. */
  credentials(): IssuedCredentials;
}

export interface IssuedCredentials {
  server: ServerCredentials;
  /** The ApiCertificates resource these credentials come from. */
  apiCertificates: ApiCertificatesSpec;
}

const CLOSED: ListenerPlan = {
  mode: 'closed',
  key: 'closed',
  trustKey: 'closed',
  credentials: () => {
    throw new Error('a closed listener has no credentials');
  },
};

export interface ListenerIdentity {
  cluster: NodeDirectory;
  node: VirtualNode;
  /** The loopback address the listener is bound to (always in the certificate). */
  listenAddress: string;
  keyAlgorithm: KeyAlgorithm;
  /** Bumped by the listener for the periodic reissue. */
  generation: number;
}

/**
 * How far the node's clock is off the wall clock its certificates are dated on: its skew fault.
 * A change means certificates must be issued again. (The calendar epoch of virtual time plays no
 * part: certificates are never dated in virtual time.)
 */
export function clockOffsetMs(node: VirtualNode): number {
  return node.faults.clockSkewMs;
}

function keyPair(crt: string, key: string) {
  return { private_key: Buffer.from(toOpenSslPrivateKeyPem(key)), cert_chain: Buffer.from(crt) };
}

function maintenancePlan(identity: ListenerIdentity): ListenerPlan {
  const { node, listenAddress } = identity;
  const addresses = [...node.addresses(), listenAddress];
  const stamp = `${node.bootId}|${addresses.join(',')}|${clockOffsetMs(node)}|${identity.generation}`;
  return {
    mode: 'maintenance',
    key: `maintenance|${stamp}`,
    trustKey: 'maintenance',
    credentials: () => {
      const issued = issueMaintenanceCertificate({
        stream: node.random.child(`apid/maintenance/${stamp}`),
        notBefore: certificateNotBefore(node),
        addresses,
        hostname: node.hostname(),
      });
      return { server: ServerCredentials.createSsl(null, [keyPair(issued.server.crt, issued.server.key)], false), apiCertificates: maintenanceApiCertificates(issued.server) };
    },
  };
}

function configuredPlan(identity: ListenerIdentity): ListenerPlan {
  const { cluster, node, listenAddress } = identity;
  const trusted = trustedCaCertificatesOf(node);
  const signer = machineSignerFor(cluster, node);
  if (trusted.length === 0 || !signer) return unissuablePlan(node, trusted);
  const certSANs = [...node.spec()!.certSANs];
  const addresses = [...node.addresses(), listenAddress];
  const stamp = `${addresses.join(',')}|${certSANs.join(',')}|${node.hostname()}|${clockOffsetMs(node)}|${identity.generation}`;
  return {
    mode: 'configured',
    key: `configured|${trusted.join('')}|${stamp}`,
    trustKey: `configured|${trusted.join('')}`,
    credentials: () => {
      const notBefore = certificateNotBefore(node);
      const issued = issueApidServerCertificate({
        ca: signer,
        stream: node.random.child(`apid/server/${stamp}`),
        notBefore,
        hostname: node.hostname(),
        addresses,
        certSANs,
        keyAlgorithm: identity.keyAlgorithm,
      });
      return {
        server: ServerCredentials.createSsl(Buffer.from(trusted.join('')), [keyPair(issued.crt, issued.key)], true),
        apiCertificates: configuredApiCertificates(node, { server: issued, trusted, signer, stream: node.random.child(`apid/client/${stamp}`), notBefore }),
      };
    },
  };
}

/**
 * A configured node whose apid certificate cannot be issued: nobody holds the key of its machine.ca
 * (a worker's trustd request fails its TLS check: trustd serves under the cluster's machine CA,
 * which the worker no longer trusts; a control plane's machine.ca has no key). Talos's
 * APIController fails and retries, and apid keeps the certificate and trust it has.
 */
function unissuablePlan(node: VirtualNode, trusted: string[]): ListenerPlan {
  const error = node.isControlPlane()
    ? 'failed to generate API server cert: machine.ca has no private key'
    : 'failed to sign API server CSR: rpc error: code = Unavailable desc = connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority"';
  return {
    mode: 'unissuable',
    error,
    key: `unissuable|${trusted.join('')}|${error}`,
    trustKey: `unissuable|${trusted.join('')}`,
    credentials: () => {
      throw new Error(error);
    },
  };
}

export function planListener(identity: ListenerIdentity): ListenerPlan {
  const mode = listenerModeOf(identity.node);
  if (mode === 'closed') return CLOSED;
  return mode === 'configured' ? configuredPlan(identity) : maintenancePlan(identity);
}
