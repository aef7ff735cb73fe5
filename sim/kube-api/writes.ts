// The writes troubleshooters make, and only those: `kubectl cordon/uncordon` (a patch of
// `spec.unschedulable`), `kubectl label node` (a patch of `metadata.labels`, null removes),
// `kubectl delete pod` of a static pod's mirror (kubelet recreates it) and the Eviction API
// (`kubectl drain`, `talosctl upgrade --drain`: a mirror pod is recreated by kubelet, a coredns
// pod by its ReplicaSet elsewhere; DaemonSet pods, which drains skip, are refused). Any other
// write is 405.
import type { KubernetesCluster } from '../cluster/kubernetes.ts';
import { KubeStatusError, badRequest, methodNotAllowed, notFound } from './status.ts';
import { corednsPodName } from './pods.ts';

const PATCH_TYPES = ['application/strategic-merge-patch+json', 'application/merge-patch+json'];

/**
 * A write that took effect, in the words a scenario's `kubectl` step uses: `node` is the
 * Kubernetes node the write concerns (the node patched, or the one the pod was bound to).
 */
export type KubeWrite =
  | { write: 'cordon'; node: string; cordon: boolean }
  | { write: 'label'; node: string; label: Record<string, string | null> }
  | { write: 'evict' | 'delete-pod'; node: string; namespace: string; pod: string };

/** Apply a node patch; returns what it changed (labels, then cordon), in the order kubectl's patch carries them. */
export function patchNode(kube: KubernetesCluster, name: string, contentType: string | undefined, body: string): KubeWrite[] {
  if (!PATCH_TYPES.some((type) => (contentType ?? '').startsWith(type))) {
    throw new KubeStatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`);
  }
  let patch: { metadata?: Record<string, unknown>; spec?: Record<string, unknown> } & Record<string, unknown>;
  try {
    patch = JSON.parse(body) as typeof patch;
  } catch (error) {
    throw badRequest(`error decoding patch: ${(error as Error).message}`);
  }
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw badRequest('error decoding patch: not a JSON object');
  const node = kube.nodes.get(name);
  if (!node) throw notFound('nodes', '', name);
  const unsupported = Object.keys(patch).filter((key) => key !== 'metadata' && key !== 'spec');
  const metadataKeys = Object.keys(patch.metadata ?? {}).filter((key) => key !== 'labels' && key !== 'resourceVersion');
  const specKeys = Object.keys(patch.spec ?? {}).filter((key) => key !== 'unschedulable');
  const refused = [...unsupported, ...metadataKeys.map((key) => `metadata.${key}`), ...specKeys.map((key) => `spec.${key}`)];
  if (refused.length > 0) throw methodNotAllowed('PATCH', `nodes ${name}: ${refused.join(', ')}`);
  const writes: KubeWrite[] = [];
  const labels = patch.metadata?.labels;
  if (labels !== undefined && labels !== null) {
    if (typeof labels !== 'object' || Array.isArray(labels)) throw badRequest('metadata.labels must be an object');
    const changes: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
      if (value !== null && typeof value !== 'string') throw badRequest(`metadata.labels.${key} must be a string`);
      changes[key] = value as string | null;
    }
    kube.editLabels(name, changes);
    writes.push({ write: 'label', node: name, label: changes });
  }
  if (patch.spec && 'unschedulable' in patch.spec) {
    kube.setUnschedulable(name, patch.spec.unschedulable === true);
    writes.push({ write: 'cordon', node: name, cordon: patch.spec.unschedulable === true });
  }
  return writes;
}

/** Delete a pod: only static pods' mirrors can go (kubelet recreates them). */
export function deletePod(kube: KubernetesCluster, namespace: string, name: string, exists: boolean): void {
  if (namespace === 'kube-system' && kube.mirrorPods.has(name)) {
    kube.deleteMirrorPod(name);
    return;
  }
  if (!exists) throw notFound('pods', '', name);
  throw methodNotAllowed('DELETE', `pods ${name}`);
}

/** POST pods/<name>/eviction: the pod is deleted (and recreated by its owner); 201 with a Success Status. */
export function evictPod(kube: KubernetesCluster, namespace: string, name: string, exists: boolean, body: string): unknown {
  let eviction: { kind?: unknown; apiVersion?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  try {
    eviction = JSON.parse(body) as typeof eviction;
  } catch (error) {
    throw badRequest(`error decoding Eviction: ${(error as Error).message}`);
  }
  if (!eviction || typeof eviction !== 'object' || eviction.kind !== 'Eviction') throw badRequest('the body of an eviction must be a policy/v1 Eviction');
  if (eviction.metadata?.name !== undefined && eviction.metadata.name !== name) throw badRequest('name in URL does not match name in Eviction object');
  if (!exists) throw notFound('pods', '', name);
  const success = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
  if (namespace === 'kube-system' && kube.mirrorPods.has(name)) {
    kube.deleteMirrorPod(name);
    return success;
  }
  const replica = namespace === 'kube-system' ? kube.coredns.replicas.find((candidate) => corednsPodName(candidate) === name) : undefined;
  if (replica) {
    kube.evictCoredns(replica);
    return success;
  }
  throw methodNotAllowed('POST', `pods/eviction ${name}: talsim does not evict DaemonSet pods (kubectl drain and talosctl upgrade --drain skip them)`);
}
