// What identifies a pod sandbox on the node, shared by `talosctl containers` (CRI) and `talosctl
// netstat` (the kernel's view), so both name the same things:
// - a pod with its own network has a CNI network namespace, `/var/run/netns/cni-<uuid>`; the CRI
//   inspector reports its base name (`cni-<uuid>`, internal/pkg/containers/cri), seeded per node,
//   boot and pod; host-network pods (static pods, kube-proxy, kube-flannel) have none;
// - machined's static pod server listens on 127.0.0.1 at a port the kernel picks each time
//   machined starts (StaticPodServerController, `http://127.0.0.1:<port>`), seeded per boot;
// - kubelet gives a static pod read from that URL the UID its config hash is: an MD5 over the pod
//   and `url:<source>` (kubelet's config applyDefaults), 32 hex digits, which is also the pod
//   sandbox's uid in the CRI. Here the hash covers the manifest as the StaticPod resource holds it
//   (talsim's rendering, so the digits differ from kubelet's, which hashes its Go object): it
//   changes when the manifest changes or machined restarts (a new port), and is stable otherwise.
import { createHash } from 'node:crypto';
import type { VirtualNode } from '../node.ts';
import type { WorkloadPodView } from '../node-world.ts';
import { RT } from '../resources/resource-types.ts';

/** Linux's default ephemeral range starts here; 28,232 ports. */
const EPHEMERAL_BASE = 32_768;
const EPHEMERAL_COUNT = 28_232;

/** An ephemeral port the kernel gave a socket of this node in this boot, seeded by `key`. */
export function ephemeralPort(node: VirtualNode, key: string): number {
  return EPHEMERAL_BASE + Math.floor(node.random.child(`netstat/${node.bootId}/${key}`).next() * (EPHEMERAL_COUNT - 1));
}

/** The CNI network namespace's name (`cni-<uuid>`) of a pod with its own network, '' for a host-network pod. */
export function podNetworkNamespace(node: VirtualNode, pod: Pick<WorkloadPodView, 'namespace' | 'name' | 'hostNetwork'>): string {
  if (pod.hostNetwork) return '';
  return `cni-${node.random.child(`containers/${node.bootId}/${pod.namespace}/${pod.name}/netns`).uuid()}`;
}

/** Where machined serves the static pod list to kubelet in this boot. */
export function staticPodServerPort(node: VirtualNode): number {
  return ephemeralPort(node, 'static-pod-server');
}

/** kubelet's UID (config hash) of a static pod, from its manifest and source URL; '' when no manifest is rendered. */
export function staticPodUid(node: VirtualNode, component: string): string {
  const manifest = node.resources.get('k8s', RT.staticPod, component)?.spec as { pod?: unknown } | undefined;
  if (manifest?.pod === undefined) return '';
  return createHash('md5').update(JSON.stringify(manifest.pod)).update(`url:http://127.0.0.1:${staticPodServerPort(node)}`).digest('hex');
}
