// How kubelet names a static pod that machined serves it, one source for every view of it: the
// CRI sandbox's uid (`talosctl containers -k`, nodes/api) and the mirror pod's
// `kubernetes.io/config.hash` / `config.mirror` annotations (the kube-api edge, through the
// Kubernetes model):
// - machined's static pod server listens on 127.0.0.1 at a port the kernel picks each time
//   machined starts (StaticPodServerController, `http://127.0.0.1:<port>`), seeded per boot;
// - kubelet gives a static pod read from that URL the UID its config hash is: an MD5 over the pod
//   and `url:<source>` (kubelet's config applyDefaults), 32 hex digits; the sandbox carries it as
//   its uid and the mirror pod as its config hash. Here the hash covers the manifest as the
//   StaticPod resource holds it (talsim's rendering, so the digits differ from kubelet's, which
//   hashes its Go object): it changes when the manifest changes or machined restarts (a new
//   port), and is stable otherwise.
import { createHash } from 'node:crypto';
import type { RandomStream } from '../sim/kernel/random-tree.ts';
import type { ResourceStore } from './resources/resource-store.ts';
import { RT } from './resources/resource-types.ts';

/** What the names below are drawn from: the node's root stream, its boot and its resources. */
export interface StaticPodHost {
  readonly random: RandomStream;
  readonly bootId: string;
  readonly resources: ResourceStore;
}

/** Linux's default ephemeral range starts here; 28,232 ports. */
const EPHEMERAL_BASE = 32_768;
const EPHEMERAL_COUNT = 28_232;

/** An ephemeral port the kernel gave a socket of this node in this boot, seeded by `key`. */
export function ephemeralPort(node: Pick<StaticPodHost, 'random' | 'bootId'>, key: string): number {
  return EPHEMERAL_BASE + Math.floor(node.random.child(`netstat/${node.bootId}/${key}`).next() * (EPHEMERAL_COUNT - 1));
}

/** Where machined serves the static pod list to kubelet in this boot. */
export function staticPodServerPort(node: Pick<StaticPodHost, 'random' | 'bootId'>): number {
  return ephemeralPort(node, 'static-pod-server');
}

/** Hashes already made, by manifest (stored specs are frozen and shared) and source URL. */
const hashes = new WeakMap<object, Map<string, string>>();

/** kubelet's UID (config hash) of a static pod, from its manifest and source URL; '' when no manifest is rendered. */
export function staticPodUid(node: StaticPodHost, component: string): string {
  const manifest = node.resources.get('k8s', RT.staticPod, component)?.spec as { pod?: unknown } | undefined;
  const pod = manifest?.pod;
  if (pod === undefined) return '';
  const url = `url:http://127.0.0.1:${staticPodServerPort(node)}`;
  const cacheable = typeof pod === 'object' && pod !== null && Object.isFrozen(pod);
  const known = cacheable ? hashes.get(pod)?.get(url) : undefined;
  if (known !== undefined) return known;
  const hash = createHash('md5').update(JSON.stringify(pod)).update(url).digest('hex');
  if (cacheable) {
    let byUrl = hashes.get(pod);
    if (!byUrl) hashes.set(pod, (byUrl = new Map()));
    byUrl.set(url, hash);
  }
  return hash;
}
