// Who the kube-system workload pods of a default Talos cluster are, shared by the two faces that
// show them: the Kubernetes API (sim/kube-api/pods.ts: `kubectl get pods`) and each node's
// container runtime (`talosctl containers -k`, `stats -k`, through NodeKubernetes.workloadPods).
// One kube-proxy and one kube-flannel pod per registered node (DaemonSets), two coredns replicas
// where the model's scheduler placed them; names, uids and container ids derived from stable
// seeds (Kubernetes-looking suffixes), images as a v1.13 cluster runs them. Leaves out the static
// pods' mirrors (kubelet's, named after the node) and every other namespace.
import type { CorednsReplica } from './kubernetes-coredns.ts';
import type { WorkloadPodView } from '../../nodes/node-world.ts';

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A short, stable, Kubernetes-looking suffix (`-x7k2q`) derived from a name. */
export function suffix(seed: string, length: number): string {
  let hash = 2166136261;
  for (const character of seed) hash = Math.imul(hash ^ character.charCodeAt(0), 16777619) >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    out += SUFFIX_ALPHABET[hash % SUFFIX_ALPHABET.length];
    hash = Math.imul(hash ^ (i + 0x9e37), 16777619) >>> 0;
  }
  return out;
}

export function suffixHex(seed: string): string {
  let hash = 2166136261;
  for (const character of seed) hash = Math.imul(hash ^ character.charCodeAt(0), 16777619) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

export function uidFrom(seed: string): string {
  const hex = [0, 1, 2, 3].map((i) => suffixHex(`${seed}/${i}`)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** containerd's 64-hex id of a pod's container (`containerd://<id>` in the pod's containerStatuses). */
export function podContainerId(podUid: string): string {
  return suffixHex(podUid).repeat(8);
}

export const FLANNEL_IMAGE = 'ghcr.io/siderolabs/flannel:v0.28.8';

/** The coredns Deployment: its replicas, image and ReplicaSet's name. */
export const COREDNS = { replicas: 2, image: 'registry.k8s.io/coredns/coredns:v1.14.6', replicaSet: `coredns-${suffix('coredns-replicaset', 10).replace(/[^a-z0-9]/g, '')}` };

export type DaemonApp = 'kube-proxy' | 'kube-flannel';

/** What a DaemonSet pod's identity needs of its Kubernetes node. */
export interface DaemonHost {
  name: string;
  uid: string;
  facts: { kubeletVersion: string };
}

/** A DaemonSet's pod on `node`: its name, uid, container and image. */
export function daemonPod(app: DaemonApp, node: DaemonHost): WorkloadPodView {
  const uid = uidFrom(`${app}/${node.uid}`);
  return {
    namespace: 'kube-system',
    name: `${app}-${suffix(`${app}/${node.name}/${node.uid}`, 5)}`,
    uid,
    container: app,
    image: app === 'kube-proxy' ? `registry.k8s.io/kube-proxy:${node.facts.kubeletVersion}` : FLANNEL_IMAGE,
    containerId: podContainerId(uid),
    hostNetwork: true,
  };
}

/** The pod name of a coredns replica's generation (generation 0 keeps the first pod's name). */
export function corednsPodName(replica: CorednsReplica): string {
  const seed = replica.generation === 0 ? `coredns/${replica.index}` : `coredns/${replica.index}/${replica.generation}`;
  return `${COREDNS.replicaSet}-${suffix(seed, 5)}`;
}

/** A coredns replica's address in its node's pod CIDR (10.244.<node index>.0/24), per generation. */
export function corednsPodIp(replica: CorednsReplica, nodeIndex: number): string {
  return `10.244.${nodeIndex % 256}.${2 + replica.index + 2 * replica.generation}`;
}

/** A coredns replica's current pod (a new generation after an eviction is a new pod); its IP when its node's index is given. */
export function corednsPod(replica: CorednsReplica, nodeIndex?: number): WorkloadPodView {
  const uid = uidFrom(replica.generation === 0 ? `coredns/${replica.index}` : `coredns/${replica.index}/${replica.generation}`);
  const pod: WorkloadPodView = { namespace: 'kube-system', name: corednsPodName(replica), uid, container: 'coredns', image: COREDNS.image, containerId: podContainerId(uid), hostNetwork: false };
  if (nodeIndex !== undefined) pod.podIp = corednsPodIp(replica, nodeIndex);
  return pod;
}
