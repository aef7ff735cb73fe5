// kube-apiserver's serving certificate, signed by the cluster's Kubernetes CA with Talos's SAN
// rules (kubernetes_cert_sans.go): the endpoint's host, `kubernetes`, `kubernetes.default`,
// `kubernetes.default.svc`, `kubernetes.default.svc.cluster.local`, `localhost`, the first
// service IP (10.96.0.1), 127.0.0.1 and the control planes' addresses. Issued from a named
// seeded stream, so a run's certificate is reproducible.
import type { RandomStream } from '../kernel/random-tree.ts';
import { issueLeafCertificate, loadCertificateAuthority, isIpAddress, type PemCertificateAndKey, type IssuedCertificate } from '../../nodes/pki/index.ts';

/** kube-apiserver serving certificates Talos issues live a year. */
const SERVING_VALIDITY_MS = 365 * 24 * 3_600_000;

export interface ServingCertificateRequest {
  ca: PemCertificateAndKey;
  endpointHost: string;
  addresses: string[];
  stream: RandomStream;
  notBefore: Date;
}

export function issueServingCertificate(request: ServingCertificateRequest): IssuedCertificate {
  const hosts = [request.endpointHost, '127.0.0.1', '10.96.0.1', ...request.addresses];
  const ipAddresses = [...new Set(hosts.filter((host) => isIpAddress(host)))];
  const dnsNames = [...new Set([
    ...hosts.filter((host) => host && !isIpAddress(host)),
    'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'localhost',
  ])];
  return issueLeafCertificate({
    ca: loadCertificateAuthority(request.ca),
    stream: request.stream,
    notBefore: request.notBefore,
    validityMs: SERVING_VALIDITY_MS,
    subject: { organizations: [], commonName: 'kube-apiserver' },
    keyUsage: ['digitalSignature', 'keyEncipherment'],
    extendedKeyUsage: ['serverAuth'],
    dnsNames,
    ipAddresses,
  });
}
