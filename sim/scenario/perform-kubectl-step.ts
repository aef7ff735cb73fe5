// A `kubectl` step: one write through the cluster's Kubernetes API, made the way the API face
// makes it for real kubectl (sim/kube-api/writes.ts), so a session recorded with kubectl's cordon,
// label or drain replays to the same cluster. While no API server runs, or etcd has no quorum,
// the step fails as kubectl would, with the server's error in kubectl's form.
import type { SimCluster } from '../cluster/cluster.ts';
import { allPods } from '../kube-api/pods.ts';
import { etcdTimeout, KubeStatusError, notFound } from '../kube-api/status.ts';
import { deletePod, evictPod } from '../kube-api/writes.ts';
import { kubeClockOf } from '../kube-api/objects.ts';
import type { StepOutcome } from './outcomes.ts';
import type { KubectlWrite } from './plan.ts';

export function performKubectl(cluster: SimCluster, nodeName: string, write: KubectlWrite): StepOutcome {
  const world = cluster.world;
  const kube = world.kubernetes;
  if (kube.apiServerNodes().length === 0) return { summary: '', error: 'Unable to connect to the server: no kube-apiserver is running' };
  const hostname = cluster.node(nodeName).hostname();
  try {
    if (!kube.apiAnswering) throw etcdTimeout();
    switch (write.write) {
      case 'cordon':
        if (!kube.setUnschedulable(hostname, write.cordon)) throw notFound('nodes', '', hostname);
        return { summary: `node/${hostname} ${write.cordon ? 'cordoned' : 'uncordoned'}` };
      case 'label':
        if (!kube.editLabels(hostname, write.label)) throw notFound('nodes', '', hostname);
        return { summary: `node/${hostname} labeled` };
      case 'evict':
      case 'delete-pod': {
        const clock = kubeClockOf(world);
        const exists = allPods(kube, clock).some((pod) => pod.metadata.name === write.pod && pod.metadata.namespace === write.namespace);
        if (write.write === 'evict') {
          evictPod(kube, write.namespace, write.pod, exists, JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: write.pod, namespace: write.namespace } }));
          return { summary: `evicting pod ${write.namespace}/${write.pod}` };
        }
        deletePod(kube, write.namespace, write.pod, exists);
        return { summary: `pod "${write.pod}" deleted` };
      }
    }
  } catch (error) {
    if (!(error instanceof KubeStatusError)) throw error;
    return { summary: '', error: kubectlErrorText(error) };
  }
}

/** kubectl's rendering of a Status error: `Error from server (Reason): message`. */
function kubectlErrorText(error: KubeStatusError): string {
  return error.reason ? `Error from server (${error.reason}): ${error.message}` : `Error from server: ${error.message}`;
}
