// What identifies a pod sandbox on the node, shared by `talosctl containers` (CRI) and `talosctl
// netstat` (the kernel's view), so both name the same things:
// - a pod with its own network has a CNI network namespace, `/var/run/netns/cni-<uuid>`; the CRI
//   inspector reports its base name (`cni-<uuid>`, internal/pkg/containers/cri), seeded per node,
//   boot and pod; host-network pods (static pods, kube-proxy, kube-flannel) have none;
// - machined's static pod server port and kubelet's UID of a static pod (its config hash) are
//   in nodes/static-pod-identity.ts, shared with the mirror pod in the Kubernetes API.
import type { VirtualNode } from '../node.ts';
import type { WorkloadPodView } from '../node-world.ts';
import { ephemeralPort, staticPodServerPort, staticPodUid } from '../static-pod-identity.ts';

export { ephemeralPort, staticPodServerPort, staticPodUid };

/** The CNI network namespace's name (`cni-<uuid>`) of a pod with its own network, '' for a host-network pod. */
export function podNetworkNamespace(node: VirtualNode, pod: Pick<WorkloadPodView, 'namespace' | 'name' | 'hostNetwork'>): string {
  if (pod.hostNetwork) return '';
  return `cni-${node.random.child(`containers/${node.bootId}/${pod.namespace}/${pod.name}/netns`).uuid()}`;
}
