// The Kubernetes API of a live cluster: kube-apiserver's face bound on loopback before the
// cluster is built (Talos's `talosctl kubeconfig` copies `cluster.controlPlane.endpoint` into the
// kubeconfig's `server:`, so the generated configs name this listener: https://127.0.0.1:<port>,
// 6443 when free), then attached to the cluster's Kubernetes model with its Kubernetes CA.
import type { SimCluster } from '../cluster/cluster.ts';
import type { ClusterPlan } from '../scenario/plan.ts';
import { listenKubeApi, type KubeApiServer } from '../kube-api/kube-api-server.ts';
import type { KubeWrite } from '../kube-api/writes.ts';
import { kubeClockOf } from '../kube-api/objects.ts';
import { CERTIFICATE_BACKDATE_MS, machineWallMs } from '../../nodes/api/certificate-clock.ts';

/** kube-apiserver's port in Talos (`cluster.apiServer` default), tried first. */
export const KUBE_API_PORT = 6443;

export async function bindKubeApi(address = '127.0.0.1'): Promise<KubeApiServer> {
  try {
    return await listenKubeApi(address, KUBE_API_PORT);
  } catch {
    return listenKubeApi(address, 0);
  }
}

/** The plan with its endpoint pointing at the listener (a plan that names its own endpoint keeps it). */
export function planWithKubeEndpoint(plan: ClusterPlan, server: KubeApiServer): ClusterPlan {
  return plan.endpoint ? plan : { ...plan, endpoint: server.url };
}

export function attachKubeApi(server: KubeApiServer, cluster: SimCluster): void {
  const world = cluster.world;
  const controlPlane = cluster.controlPlanes()[0];
  const kubernetesVersion = /:(v[0-9][^@]*)$/.exec(controlPlane?.spec()?.apiServerImage ?? '')?.[1] ?? 'v1.35.0';
  const pem = cluster.secrets.certs.k8s;
  server.attach({
    kube: world.kubernetes,
    clock: kubeClockOf(world),
    ca: { crt: pem.crt, key: pem.key },
    endpointHost: new URL(cluster.endpoint).hostname,
    addresses: cluster.controlPlanes().map((node) => node.reservedIp),
    kubernetesVersion,
    stream: world.random.stream('kube-apiserver/serving'),
    servingNotBefore: new Date(machineWallMs() - CERTIFICATE_BACKDATE_MS),
    onWrite: (write) => journalWrite(cluster, write),
  });
}

/**
 * A Kubernetes write that took effect, told to the world's command journal as the `kubectl` step
 * that replays it (`talsim up --record`); the node is named as the scenario names it.
 */
function journalWrite(cluster: SimCluster, write: KubeWrite): void {
  const journal = cluster.world.commandJournal;
  const node = [...cluster.nodes.values()].find((candidate) => candidate.hostname() === write.node);
  if (!journal || !node) return;
  const args: Record<string, unknown> =
    write.write === 'cordon'
      ? { cordon: write.cordon }
      : write.write === 'label'
        ? { label: write.label }
        : { [write.write]: write.pod, ...(write.namespace === 'kube-system' ? {} : { namespace: write.namespace }) };
  journal.heard({ node: node.name, atMs: cluster.world.kernel.now, command: 'kubectl', args, outcome: SUCCEEDED });
}

const SUCCEEDED = { done: true, result: undefined, then: (onDone: (result: unknown) => void) => onDone(undefined) };
