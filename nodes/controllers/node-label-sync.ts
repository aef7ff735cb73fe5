// k8s.NodeLabelSpecController and the label half of k8s.NodeApplyController, in bounded passes.
// Talos limits each label's key and value (validated at apply) but not their number, so a config
// may carry tens of thousands of machine.nodeLabels. Writing a NodeLabelSpec per label, dropping
// stale NodeLabelSpecs and patching the labels onto the Kubernetes Node are each done at most
// LABELS_PER_PASS labels per reconcile pass, one pass per virtual millisecond while work remains,
// so no kernel event holds the event loop for long and other nodes' events interleave. A config
// with up to LABELS_PER_PASS labels is realised in one pass, as before. The Node is patched only
// with labels whose NodeLabelSpec exists (NodeApplyController reads the specs). Leaves out:
// removing labels dropped from the config from the Node (Talos removes the ones it owns).
import type { ControllerContext, NodeLabelSync } from './controller-context.ts';
import { RT } from '../resources/resource-types.ts';
import { keysOnce } from '../object-keys.ts';

/** Most labels one pass writes as NodeLabelSpecs, checks for staleness, or patches onto the Node. */
export const LABELS_PER_PASS = 2_048;

/** Object.keys of a labels object, listed once per object (a config's labels are replaced whole; one received in pieces comes with its keys). */
export function labelKeys(labels: Readonly<Record<string, string>>): readonly string[] {
  return keysOnce(labels);
}

function syncFor(node: ControllerContext, wanted: Readonly<Record<string, string>>): NodeLabelSync {
  const current = node.controllerState.nodeLabels;
  if (current?.wanted === wanted) return current;
  node.world.kernel.cancel(current?.nextPass);
  const sync: NodeLabelSync = {
    wanted,
    keys: labelKeys(wanted),
    specsWritten: 0,
    existingIds: undefined,
    staleChecked: 0,
    patchedInto: undefined,
    patched: 0,
    passMs: { specs: -1, patch: -1 },
    nextPass: undefined,
  };
  node.controllerState.nodeLabels = sync;
  return sync;
}

/** One pass of NodeLabelSpec work for `wanted` (the spec's machine.nodeLabels): write, then drop stale ones. */
export function writeNodeLabelSpecs(node: ControllerContext, wanted: Readonly<Record<string, string>>): void {
  const sync = syncFor(node, wanted);
  if (specsDone(sync) || !takePass(node, sync, 'specs')) return;
  writeSpecs(node, sync);
  if (!specsDone(sync)) schedulePass(node, sync);
}

/**
 * One pass of NodeApplyController's label patch onto the Node `nodename` (labels whose spec is
 * written). False when the API did not take it (kubelet retries later).
 */
export function patchNodeLabels(node: ControllerContext, wanted: Readonly<Record<string, string>>, nodename: string): boolean {
  const sync = syncFor(node, wanted);
  if (patchDone(node, sync, nodename)) return true;
  if (!takePass(node, sync, 'patch')) return true;
  const accepted = patchNode(node, sync, nodename);
  if (accepted && !patchDone(node, sync, nodename)) schedulePass(node, sync);
  return accepted;
}

/** Every label of `wanted` is a NodeLabelSpec and stale ones are gone: no spec pass has work left. */
export function nodeLabelSpecsSynced(node: ControllerContext, wanted: Readonly<Record<string, string>>): boolean {
  const sync = node.controllerState.nodeLabels;
  return sync?.wanted === wanted && specsDone(sync);
}

/** Every label of `wanted` is a NodeLabelSpec, stale ones are gone and all are on the Node `nodename`: no pass has work left. */
export function nodeLabelsSynced(node: ControllerContext, wanted: Readonly<Record<string, string>>, nodename: string): boolean {
  const sync = node.controllerState.nodeLabels;
  return sync?.wanted === wanted && specsDone(sync) && patchDone(node, sync, nodename);
}

/** At most one pass of each kind per virtual millisecond; a later one waits for the next. */
function takePass(node: ControllerContext, sync: NodeLabelSync, kind: 'specs' | 'patch'): boolean {
  const now = node.world.kernel.now;
  if (sync.passMs[kind] === now) {
    schedulePass(node, sync);
    return false;
  }
  sync.passMs[kind] = now;
  return true;
}

function writeSpecs(node: ControllerContext, sync: NodeLabelSync): void {
  const { keys, wanted } = sync;
  if (sync.existingIds === undefined) {
    const end = Math.min(keys.length, sync.specsWritten + LABELS_PER_PASS);
    for (let index = sync.specsWritten; index < end; index++) {
      const key = keys[index]!;
      node.resources.put('k8s', RT.nodeLabelSpec, key, { key, value: wanted[key]! });
    }
    sync.specsWritten = end;
    if (end < keys.length) return;
    // Every wanted spec exists now: any beyond their number were written for another config.
    sync.existingIds = node.resources.count('k8s', RT.nodeLabelSpec) > keys.length ? node.resources.ids('k8s', RT.nodeLabelSpec) : [];
    return;
  }
  const ids = sync.existingIds;
  const end = Math.min(ids.length, sync.staleChecked + LABELS_PER_PASS);
  for (let index = sync.staleChecked; index < end; index++) {
    const id = ids[index]!;
    if (!Object.hasOwn(wanted, id)) node.resources.destroy('k8s', RT.nodeLabelSpec, id);
  }
  sync.staleChecked = end;
}

function specsDone(sync: NodeLabelSync): boolean {
  return sync.existingIds !== undefined && sync.staleChecked === sync.existingIds.length;
}

function patchNode(node: ControllerContext, sync: NodeLabelSync, nodename: string): boolean {
  const kube = node.world.kubernetes;
  const kubeNode = kube.nodes.get(nodename);
  if (!kubeNode || !kube.apiAvailable) return false;
  if (sync.patchedInto !== kubeNode.labels) {
    sync.patchedInto = kubeNode.labels;
    sync.patched = 0;
  }
  if (sync.patched >= sync.specsWritten) return true;
  const end = Math.min(sync.specsWritten, sync.patched + LABELS_PER_PASS);
  const last = end === sync.keys.length;
  if (!kube.patchLabels(nodename, sync.wanted, sync.keys.slice(sync.patched, end), last)) return false;
  sync.patched = end;
  return true;
}

function patchDone(node: ControllerContext, sync: NodeLabelSync, nodename: string): boolean {
  return sync.patched === sync.keys.length && sync.patchedInto === node.world.kubernetes.nodes.get(nodename)?.labels;
}

function schedulePass(node: ControllerContext, sync: NodeLabelSync): void {
  if (sync.nextPass) return;
  sync.nextPass = node.world.kernel.scheduleAt(node.world.kernel.now + 1, `node labels ${node.name}`, () => {
    sync.nextPass = undefined;
    node.requestReconcile();
  });
}

/**
 * The first label of `wanted` the Kubernetes Node `nodename` may still lack, as the sync knows it
 * (no scan of the labels: constant work); undefined when every one is on the Node.
 */
export function pendingNodeLabel(node: ControllerContext, wanted: Readonly<Record<string, string>>, nodename: string): [string, string] | undefined {
  const sync = node.controllerState.nodeLabels;
  const keys = labelKeys(wanted);
  if (sync?.wanted !== wanted) return keys.length > 0 ? [keys[0]!, wanted[keys[0]!]!] : undefined;
  if (patchDone(node, sync, nodename)) return undefined;
  const next = sync.patchedInto === node.world.kubernetes.nodes.get(nodename)?.labels ? sync.patched : 0;
  const key = keys[Math.min(next, keys.length - 1)]!;
  return [key, wanted[key]!];
}
