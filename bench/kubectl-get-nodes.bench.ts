// The real kubectl (v1.35) running `kubectl get nodes` (discovery from a fresh cache, then the
// Table list in chunks of 500) against the Kubernetes API of a 1,000-worker cluster booted to
// ready in virtual time (built from a plan directly: `talsim up` caps generated clusters at 250
// nodes), whole kubectl process, wall time; baseline: the same command against a 2-worker cluster
// in the same run. Smoke: 20 workers. Target: under 1 s.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimCluster } from '../sim/cluster/cluster.ts';
import { generatedClusterPlan } from '../sim/live/live-plan.ts';
import { clusterSettled } from '../sim/live/warp-point.ts';
import { bootstrap } from '../nodes/node-commands.ts';
import { listenKubeApi } from '../sim/kube-api/kube-api-server.ts';
import { attachKubeApi, planWithKubeEndpoint } from '../sim/live/kube-api-edge.ts';
import { base64Pem, issueLeafCertificate, loadCertificateAuthority } from '../nodes/pki/index.ts';
import { kubectl } from '../test/kube/kube-harness.ts';
import { kubectlBinary } from '../test/kube/kubectl-binary.ts';
import { report, SMOKE } from './lib/report.ts';

const WORKERS = SMOKE ? 20 : 1_000;

async function timeGetNodes(workers: number): Promise<{ ms: number; rows: number; bootMs: number }> {
  const server = await listenKubeApi('127.0.0.1', 0);
  const small = generatedClusterPlan({ controlPlanes: 1, workers: 1, configured: true });
  const worker = small.nodes[1]!;
  const plan = planWithKubeEndpoint({ ...small, nodes: [small.nodes[0]!, ...Array.from({ length: workers }, (_, i) => ({ ...worker, name: `worker-${i + 1}` }))] }, server);
  const bootStarted = performance.now();
  const cluster = new SimCluster(plan, { seed: '1' });
  const controlPlane = cluster.node('cp-1');
  let bootstrapped = false;
  cluster.world.kernel.onAfterEvent(() => {
    if (bootstrapped || controlPlane.services.state('etcd') !== 'Preparing' || !controlPlane.timeSynced) return;
    bootstrapped = true;
    bootstrap(controlPlane);
  });
  cluster.powerOnAll();
  cluster.world.kernel.runUntilCondition(() => clusterSettled(cluster).ok, { maxTimeMs: 30 * 60_000 });
  const bootMs = performance.now() - bootStarted;
  attachKubeApi(server, cluster);
  const ca = loadCertificateAuthority(cluster.secrets.certs.k8s);
  const admin = issueLeafCertificate({
    ca, stream: cluster.world.random.stream('bench/admin'), notBefore: new Date(Date.now() - 60_000), validityMs: 86_400_000,
    subject: { organizations: ['system:masters'], commonName: 'admin' }, keyUsage: ['digitalSignature'], extendedKeyUsage: ['clientAuth'],
  });
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'talsim-bench-kube-')), 'kubeconfig');
  writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config',
    'clusters: [{name: c, cluster: {server: "' + server.url + '", certificate-authority-data: ' + base64Pem(ca.crt) + '}}]',
    'users: [{name: a, user: {client-certificate-data: ' + base64Pem(admin.crt) + ', client-key-data: ' + base64Pem(admin.key) + '}}]',
    'contexts: [{name: a, context: {cluster: c, user: a}}]', 'current-context: a', '',
  ].join('\n'), { mode: 0o600 });
  try {
    await kubectl('v35', kubeconfig, ['version']);
    const started = performance.now();
    const run = await kubectl('v35', kubeconfig, ['get', 'nodes']);
    const ms = performance.now() - started;
    if (run.code !== 0) throw new Error(`kubectl get nodes failed: ${run.stderr}`);
    return { ms, rows: run.stdout.trim().split('\n').length - 1, bootMs };
  } finally {
    await server.close();
  }
}

kubectlBinary('v35');
const small = await timeGetNodes(2);
const large = await timeGetNodes(WORKERS);
report([
  {
    id: 'kubectl-get-nodes-1000',
    what: `real \`kubectl get nodes\` (fresh discovery cache, chunked by 500) on a ${WORKERS + 1}-node cluster (${large.rows} rows), whole kubectl process`,
    value: large.ms,
    unit: 'ms wall',
    baselineName: `the same on a ${small.rows}-node cluster`,
    baseline: small.ms,
    ratio: large.ms / small.ms,
    ratioSense: 'lower',
    target: '< 1 s',
    met: SMOKE ? undefined : large.ms < 1000,
    note: `boot to ready in virtual time ${(large.bootMs / 1000).toFixed(1)} s wall`,
  },
]);
