// ApiCertificates.secrets.talos.dev (id `api`): what secrets.APIController hands apid, published
// from the certificates the node's listener really binds, so `talosctl get apicertificates` shows
// the certificate a client meets in the handshake. Configured: the apid server certificate, the
// CAs it accepts client certificates from, and on control planes apid's os:impersonator client
// certificate (the one it forwards calls with; workers have none, as upstream's trustd-signed
// path leaves it empty). Maintenance: the maintenance server certificate, no CAs, client
// certificates not verified. Gone while apid does not serve. Sensitive: os:admin only.
// Leaves out: a worker accepts every CA its listener trusts (upstream keeps only the CA trustd
// signed with), and the resource is not kept when apid alone restarts (the listener issues anew).
import type { VirtualNode } from '../node.ts';
import { RT } from '../resources/resource-types.ts';
import { base64Pem, issueApidImpersonatorCertificate, type CertificateAuthority } from '../pki/index.ts';
import type { RandomStream } from '../../sim/kernel/random-tree.ts';

export const API_CERTIFICATES_ID = 'api';

/** x509.PEMEncodedCertificateAndKey as YAML: both PEMs base64-encoded. */
interface EncodedPair {
  crt: string;
  key: string;
}

/** The spec's YAML keys, in upstream's field order. */
export interface ApiCertificatesSpec {
  acceptedCAs: Array<{ crt: string }> | null;
  client: EncodedPair | null;
  server: EncodedPair;
  skipVerifyingClientCert: boolean;
}

const encodedPair = (pair: { crt: string; key: string }): EncodedPair => ({ crt: base64Pem(pair.crt), key: base64Pem(pair.key) });

/** What a configured apid holds: its server certificate, the CAs it trusts, a control plane's impersonator certificate. */
export function configuredApiCertificates(
  node: VirtualNode,
  issued: { server: { crt: string; key: string }; trusted: readonly string[]; signer: CertificateAuthority; stream: RandomStream; notBefore: Date },
): ApiCertificatesSpec {
  const client = node.isControlPlane() ? issueApidImpersonatorCertificate(issued.signer, issued.stream, issued.notBefore, node.hostname()) : undefined;
  return {
    acceptedCAs: issued.trusted.map((crt) => ({ crt: base64Pem(crt) })),
    client: client ? encodedPair(client) : null,
    server: encodedPair(issued.server),
    skipVerifyingClientCert: false,
  };
}

/** What apid holds in maintenance mode. */
export function maintenanceApiCertificates(server: { crt: string; key: string }): ApiCertificatesSpec {
  return { acceptedCAs: null, client: null, server: encodedPair(server), skipVerifyingClientCert: true };
}

/** Publishes what the listener now serves, or removes the resource when it serves nothing. */
export function publishApiCertificates(node: VirtualNode, spec: ApiCertificatesSpec | undefined): void {
  if (spec) node.resources.put('secrets', RT.apiCertificates, API_CERTIFICATES_ID, spec, 'secrets.APIController');
  else node.resources.destroy('secrets', RT.apiCertificates, API_CERTIFICATES_ID);
}

/** The Diagnostics id under which a node reports that apid's certificate cannot be issued. */
export const API_CERTIFICATE_DIAGNOSTIC_ID = 'apid-certificate';

export interface DiagnosticSpec {
  message: string;
  details: string[];
}

/**
 * Reports in a Diagnostics resource (runtime namespace, what `talosctl get diagnostics` and the
 * dashboard read) that apid's certificate cannot be issued, and why; removed once it is issued.
 * Talos itself only logs the controller's failure; the resource makes it readable, as machined's
 * own diagnostics (address-overlap, kubelet-csr) make theirs.
 */
export function reportApiCertificateFailure(node: VirtualNode, error: string | undefined): void {
  if (error === undefined) {
    node.resources.destroy('runtime', RT.diagnostic, API_CERTIFICATE_DIAGNOSTIC_ID);
    return;
  }
  const spec: DiagnosticSpec = {
    message: 'apid certificate cannot be issued; apid keeps serving the certificate it has',
    details: [`error: ${error}`, 'secrets.APIController retries at the next certificate rotation or config change'],
  };
  node.resources.put('runtime', RT.diagnostic, API_CERTIFICATE_DIAGNOSTIC_ID, spec, 'runtime.DiagnosticsController');
}

