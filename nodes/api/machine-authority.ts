// The Talos API CA a node trusts and signs with, read from its config: `machine.ca` (controlplanes
// hold the key, workers only the certificate) plus `machine.acceptedCAs`. A worker's apid
// certificate is signed through trustd on a control plane in Talos; here the key comes from any
// node of the cluster (or the cluster's secrets) holding the same CA certificate, which is what
// trustd would use. Leaves out trustd's token check and CSR round trip.
import type { VirtualNode } from '../node.ts';
import type { NodeDirectory } from './node-directory.ts';
import { loadCertificateAuthority, pemFromBase64, type CertificateAuthority } from '../pki/index.ts';

const pemOf = (encoded: unknown): string => (typeof encoded === 'string' && encoded !== '' ? pemFromBase64(encoded) : '');

function machineCa(node: VirtualNode): { crt: string; key: string } | undefined {
  const ca = node.config?.object.machine?.ca;
  const crt = pemOf(ca?.crt);
  return crt ? { crt, key: pemOf(ca?.key) } : undefined;
}

/** PEM of the CA certificate the node's apid serves under, or undefined without config. */
export function machineCaCertificateOf(node: VirtualNode): string | undefined {
  return machineCa(node)?.crt;
}

/** Every CA whose client certificates the node accepts: machine.ca and machine.acceptedCAs. */
export function trustedCaCertificatesOf(node: VirtualNode): string[] {
  const own = machineCaCertificateOf(node);
  if (!own) return [];
  const accepted = node.config?.object.machine?.acceptedCAs ?? [];
  const extra = accepted.map((entry) => pemOf(entry?.crt)).filter((pem) => pem !== '');
  return [own, ...extra];
}

const signers = new WeakMap<NodeDirectory, Map<string, CertificateAuthority>>();

/** The CA key that signs the node's apid certificate, if anyone in the cluster holds it. */
export function machineSignerFor(cluster: NodeDirectory, node: VirtualNode): CertificateAuthority | undefined {
  const crt = machineCaCertificateOf(node);
  if (!crt) return undefined;
  let cache = signers.get(cluster);
  if (!cache) signers.set(cluster, (cache = new Map()));
  const cached = cache.get(crt);
  if (cached) return cached;
  const holders = [node, ...cluster.nodes.values()].map(machineCa).filter((ca) => ca?.crt === crt && ca.key !== '');
  const pem = holders[0] ?? (cluster.secrets.certs.os.crt === crt ? cluster.secrets.certs.os : undefined);
  if (!pem) return undefined;
  const signer = loadCertificateAuthority(pem as { crt: string; key: string });
  cache.set(crt, signer);
  return signer;
}
