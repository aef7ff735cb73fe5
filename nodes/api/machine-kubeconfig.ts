// MachineService Kubeconfig and GenerateClientConfiguration, the two control-plane-only calls
// that mint credentials: an admin kubeconfig (client certificate O=system:masters, CN=admin from
// the cluster's Kubernetes CA, in Talos's kubeconfig layout) wrapped as tar.gz holding file
// `kubeconfig` mode 0600, and a Talos client certificate + talosconfig for the asked roles from
// the machine CA. Certificates are dated on the wall clock plus the node's skew
// (certificate-clock.ts), so time control never hands a client a certificate from the future.
import { goError, TalosApiError } from '../api-error.ts';
import type { StreamHandler, UnaryHandler } from './api-contract.ts';
import type { VirtualNode } from '../node.ts';
import { issueClientConfiguration, issueLeafCertificate, loadCertificateAuthority, pemFromBase64, base64Pem, type CertificateAuthority } from '../pki/index.ts';
import { msFromDuration } from '../../proto/well-known.ts';
import { requireControlPlane, single } from './handler-support.ts';
import { tarGzip } from './tar-gzip.ts';
import { machineSignerFor } from './machine-authority.ts';
import { certificateNotBefore, KUBECONFIG_BACKDATE_MS } from './certificate-clock.ts';

/** cluster.adminKubeconfig.certLifetime default: one year. */
const ADMIN_CERTIFICATE_VALIDITY_MS = 8_760 * 3_600_000;
let issued = 0;

function kubernetesCa(node: VirtualNode): CertificateAuthority {
  const ca = node.config?.object.cluster?.ca;
  if (!ca?.crt || !ca.key) throw new TalosApiError('FailedPrecondition', 'k8s API server CA config is not set');
  return loadCertificateAuthority({ crt: pemFromBase64(ca.crt), key: pemFromBase64(ca.key) });
}

function adminKubeconfig(node: VirtualNode): string {
  const ca = kubernetesCa(node);
  const spec = node.spec()!;
  const clusterName = spec.clusterName;
  const certificate = issueLeafCertificate({
    ca,
    stream: node.random.child(`kubeconfig/${node.world.kernel.now}/${issued++}`),
    notBefore: certificateNotBefore(node, KUBECONFIG_BACKDATE_MS),
    validityMs: ADMIN_CERTIFICATE_VALIDITY_MS,
    subject: { organizations: ['system:masters'], commonName: 'admin' },
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: ['clientAuth'],
  });
  const user = `admin@${clusterName}`;
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `    - name: ${clusterName}`,
    '      cluster:',
    `        server: ${spec.endpoint}`,
    `        certificate-authority-data: ${base64Pem(ca.crt)}`,
    'users:',
    `    - name: ${user}`,
    '      user:',
    `        client-certificate-data: ${base64Pem(certificate.crt)}`,
    `        client-key-data: ${base64Pem(certificate.key)}`,
    'contexts:',
    '    - context:',
    `        cluster: ${clusterName}`,
    '        namespace: default',
    `        user: ${user}`,
    `      name: ${user}`,
    `current-context: ${user}`,
    '',
  ].join('\n');
}

const kubeconfig: StreamHandler = async (_request, { node }, send) => {
  requireControlPlane(node, 'kubeconfig');
  const archive = tarGzip([{ name: 'kubeconfig', content: Buffer.from(adminKubeconfig(node)), mode: 0o600, modifiedSeconds: node.wallTimeMs() / 1000 }]);
  send({ bytes: archive });
};

interface GenerateClientConfigurationRequest {
  roles: string[];
  crt_ttl: { seconds: string; nanos: number } | null;
}

const generateClientConfiguration: UnaryHandler = (request: GenerateClientConfigurationRequest, { node, cluster }) => {
  requireControlPlane(node, 'generate client configuration');
  const ttlMs = msFromDuration(request.crt_ttl);
  if (ttlMs <= 0) throw new TalosApiError('InvalidArgument', 'crt_ttl should be positive');
  const ca = machineSignerFor(cluster, node);
  if (!ca) throw goError('error creating secrets bundle from config: machine CA key is missing');
  const configuration = issueClientConfiguration({
    ca,
    roles: request.roles,
    ttlMs,
    clusterName: node.spec()!.clusterName,
    now: certificateNotBefore(node, 0), // secrets.NewAdminCertificateAndKey(time.Now(), ...): not backdated
    stream: node.random.child(`client-configuration/${node.world.kernel.now}/${issued++}`),
  });
  return single(configuration);
};

export const credentialHandlers = {
  unary: { GenerateClientConfiguration: generateClientConfiguration } as Record<string, UnaryHandler>,
  streams: { Kubeconfig: kubeconfig } as Record<string, StreamHandler>,
};
