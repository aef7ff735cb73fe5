// One etcd member's backend database (what `etcd snapshot` streams and `etcd status` sizes),
// derived from the cluster's model: the `key` bucket holds the Kubernetes objects the model has
// (the four default namespaces, the `kubernetes` Service, each registered Node, its kubelet Lease
// and, for control planes, the three mirror pods) at their latest revision, as after the API
// server's periodic compaction; each Lease is renewed every 10 s of virtual time since its node
// registered, which is what moves the revision. `members` holds the etcd members, `meta` the
// consistent index, term and storage version, `cluster` the cluster version. History churn leaves
// free pages behind (one per two revisions since the last defragmentation, at most 1024, since
// bbolt reuses them); EtcdDefragment gives them back. Values are `k8s\0`-prefixed runtime.Unknown
// messages holding the object's type and name only. Leaves out every other object a real API
// server writes (RBAC, CRDs, events, secrets), etcd leases, auth, alarms, and history below the
// compaction point; so a real database is larger.
import type { VirtualNode } from './node.ts';

export const ETCD_STORAGE_VERSION = '3.6.0';
const LEASE_RENEW_MS = 10_000;
const FREE_PAGES_MAX = 1024;
const NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
const STATIC_PODS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];
const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

export interface EtcdKeyValue {
  key: string;
  createRevision: number;
  modRevision: number;
  version: number;
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
}

export interface EtcdDatabase {
  /** The store's current revision (etcd's `header.revision`). */
  revision: number;
  keys: EtcdKeyValue[];
  members: Array<{ id: string; name: string; peerUrls: string[]; clientUrls: string[]; isLearner: boolean }>;
  term: number;
  freePages: number;
}

/** etcd's raft index as the model advances it: four entries a second of virtual time, plus one per term. */
export function etcdRaftIndex(node: VirtualNode): number {
  return Math.floor(node.world.kernel.now / 250) + node.world.etcd.term;
}

/** Revision each member last defragmented at, per node. */
const defragmentedAt = new WeakMap<VirtualNode, number>();

function object(key: string, kind: string, apiVersion: string, name: string, namespace = ''): Omit<EtcdKeyValue, 'createRevision' | 'modRevision' | 'version'> {
  return { key, kind, apiVersion, name, namespace };
}

/** The database as `node`'s etcd member holds it now (all members hold the same keys). */
export function etcdDatabase(node: VirtualNode): EtcdDatabase {
  const now = node.world.kernel.now;
  const kubeNodes = [...node.world.kubernetes.nodes.values()].sort((a, b) => a.registeredMs - b.registeredMs || (a.name < b.name ? -1 : 1));
  const plain = [
    ...NAMESPACES.map((namespace) => object(`/registry/namespaces/${namespace}`, 'Namespace', 'v1', namespace)),
    object('/registry/services/specs/default/kubernetes', 'Service', 'v1', 'kubernetes', 'default'),
  ];
  const leases: Array<{ value: ReturnType<typeof object>; renewals: number }> = [];
  for (const kubeNode of kubeNodes) {
    plain.push(object(`/registry/minions/${kubeNode.name}`, 'Node', 'v1', kubeNode.name));
    leases.push({ value: object(`/registry/leases/kube-node-lease/${kubeNode.name}`, 'Lease', 'coordination.k8s.io/v1', kubeNode.name, 'kube-node-lease'), renewals: Math.max(0, Math.floor((now - kubeNode.registeredMs) / LEASE_RENEW_MS)) });
    if (CONTROL_PLANE_LABEL in kubeNode.labels) {
      for (const pod of STATIC_PODS) plain.push(object(`/registry/pods/kube-system/${pod}-${kubeNode.name}`, 'Pod', 'v1', `${pod}-${kubeNode.name}`, 'kube-system'));
    }
  }
  // Revision 1 is the empty store; objects are created in order, then the renewals follow.
  const created = [...plain, ...leases.map((lease) => lease.value)];
  const renewals = leases.reduce((sum, lease) => sum + lease.renewals, 0);
  const revision = 1 + created.length + renewals;
  const keys: EtcdKeyValue[] = created.map((value, index) => ({ ...value, createRevision: index + 2, modRevision: index + 2, version: 1 }));
  // The leases renewed most recently hold the newest revisions, one each.
  let top = revision;
  for (let index = leases.length - 1; index >= 0; index--) {
    const lease = leases[index]!;
    if (lease.renewals === 0) continue;
    const entry = keys[plain.length + index]!;
    entry.modRevision = top--;
    entry.version = lease.renewals + 1;
  }
  keys.sort((a, b) => a.modRevision - b.modRevision);
  const etcd = node.world.etcd;
  const members = [...etcd.members.values()].map((member) => ({
    id: member.id,
    name: node.world.memberDirectory().find((entry) => entry.name === member.node)?.hostname ?? member.node,
    peerUrls: [member.peerUrl],
    clientUrls: [member.clientUrl],
    isLearner: member.isLearner,
  }));
  const churn = Math.floor((revision - (defragmentedAt.get(node) ?? 0)) / 2);
  return { revision, keys, members, term: etcd.term, freePages: Math.max(0, Math.min(FREE_PAGES_MAX, churn)) };
}

/** EtcdDefragment: the member's database gives its free pages back. */
export function defragmentEtcdDatabase(node: VirtualNode): void {
  defragmentedAt.set(node, etcdDatabase(node).revision);
}
