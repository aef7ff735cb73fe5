// The node's side of Kubernetes, in miniature: k8s.StaticPodServerController renders the control
// plane's static pods once kubelet runs; kubelet registers the node (with the config's taints)
// when the API answers; k8s.NodeApplyController then patches machine.nodeLabels onto it
// (node-label-sync.ts) and keeps labels and taints in step with the config; the CNI comes up some
// time after registration. Leaves out: pod specs, kube-proxy, CoreDNS, the CNI's own pods.
import type { ControllerContext } from './controller-context.ts';
import { RT } from '../resources/resource-types.ts';
import { shouldFailImagePull } from '../node-faults.ts';
import type { NodeFacts } from '../kubernetes-node-facts.ts';
import { writeBootstrapManifestsConfig } from './bootstrap-manifests.ts';
import { ephemeralDisk } from './volume-controller.ts';
import { staticPodUid } from '../static-pod-identity.ts';
import { inputsChanged, rememberInputs } from './controller-inputs.ts';
import { lookSkipped, noteOutside, WAKE, type OutsideInputs } from './controller-wakeups.ts';
import { nodeLabelSpecsSynced, nodeLabelsSynced, patchNodeLabels, writeNodeLabelSpecs } from './node-label-sync.ts';

/** `uname -r` of the Talos kernel (as the kernel log prints it). */
const KERNEL_RELEASE = '6.12.40-talos';

export type StaticPodState = 'pending' | 'running' | 'ready';
export const STATIC_PODS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;

/** First pull of control-plane images, ms (mean); cached images start in a few seconds. */
const STATIC_POD_FIRST_PULL_MEAN_MS = 25_000;
const STATIC_POD_CACHED_MEAN_MS = 3_000;
/** The node lifecycle controller marks a node NotReady after this long without a kubelet heartbeat (before Kubernetes 1.32). */
export const NODE_MONITOR_GRACE_MS = 40_000;
/** From Kubernetes 1.32 the default node-monitor-grace-period is 50 s (kubernetes/kubernetes#126287). */
export const NODE_MONITOR_GRACE_MS_1_32 = 50_000;
/** kubelet retries registration and reports node status this often, ms. */
const NODE_STATUS_UPDATE_MS = 7_000;

/** The node controller's grace period for the cluster's Kubernetes version (the kubelet image tag). */
export function nodeMonitorGraceMs(kubernetesVersion: string): number {
  const match = /^v?(\d+)\.(\d+)/.exec(kubernetesVersion);
  if (!match) return NODE_MONITOR_GRACE_MS_1_32;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 1 || minor >= 32 ? NODE_MONITOR_GRACE_MS_1_32 : NODE_MONITOR_GRACE_MS;
}
/** CNI (flannel) images and pods after registration, ms (mean). */
const CNI_FIRST_START_MEAN_MS = 45_000;
const CNI_CACHED_START_MEAN_MS = 4_000;

/** The image a static pod runs (kube-apiserver's from the machine config). */
function staticPodImage(pod: string, spec: ReturnType<ControllerContext['spec']>): string {
  return pod === 'kube-apiserver' && spec ? spec.apiServerImage : `registry.k8s.io/${pod}`;
}

/** When the rendered static pods start (their images pulled): undefined while none are rendered. */
export function staticPodsStartMs(node: ControllerContext): number | undefined {
  const rendered = node.status.kube.staticPodsRenderedMs;
  return rendered === undefined ? undefined : rendered + node.status.kube.staticPodStartDelayMs;
}

export function staticPodStates(node: ControllerContext, known?: boolean): Record<string, StaticPodState> {
  const startMs = staticPodsStartMs(node);
  const spec = node.spec();
  const out: Record<string, StaticPodState> = {};
  // Asked once for the three pods: the API's availability is sampled per virtual millisecond.
  let apiAvailable: boolean | undefined = known;
  for (const pod of STATIC_PODS) {
    const started = startMs !== undefined && node.world.kernel.now >= startMs && !shouldFailImagePull(node.faults, staticPodImage(pod, spec));
    if (!started || !node.services.isUp('kubelet')) out[pod] = 'pending';
    else out[pod] = (apiAvailable ??= node.world.kubernetes.apiAvailable) ? 'ready' : 'running';
  }
  return out;
}

/** Whether some static pod's image pulls (staticPodStates asks the API only then, once rendered, started and kubelet up). */
export function staticPodStarts(node: ControllerContext): boolean {
  const spec = node.spec();
  for (const pod of STATIC_PODS) if (!shouldFailImagePull(node.faults, staticPodImage(pod, spec))) return true;
  return false;
}

/** Whether kubelet reaches a control plane whose kube-apiserver runs. */
function reachesApi(node: ControllerContext): boolean {
  return node.world.kubernetes.apiServerNodes().some((controlPlane) => node.world.network.canTalk(node.name, controlPlane));
}

/**
 * What it reads in the steady state: kubelet registered and posting to a reachable API, the Node
 * in the API, its labels synced, the static pods rendered. There a run only repeats writes unless
 * one of these moved: the spec and config, the node name, kubelet's health, the API's
 * availability, the Node (its object, resourceVersion and heartbeat), the pending status retry,
 * whether the CNI is up, a full EPHEMERAL and, on a control plane, the static pods' states, their
 * mirror pods and the config's version. While kubelet posts nothing (before it starts, while it
 * restarts) only the spec, config, node name and whether heartbeats were noted lost. While it
 * posts but reaches no API server (waiting for the first kube-apiserver) those, kubelet's health,
 * the pending retry and the static pods' states. Anywhere else (registration itself, label
 * passes, first render) it runs on every pass, as it reads the clock and draws there.
 *
 * On that path every run asks the API's availability (applyTaints): asking it here keeps what
 * `apiAnswering` reports to other readers moving exactly as when the controller ran.
 */
export function kubernetesInputs(node: ControllerContext, known?: { unavailable: string | null }): unknown[] | undefined {
  const spec = node.spec();
  const config = node.config?.object;
  const kubeStatus = node.status.kube;
  if (!spec || !config) return undefined;
  const nodename = node.hostname();
  const kubeletUp = node.services.isUp('kubelet');
  const kubeletFailing = node.services.failingHealth('kubelet');
  if (!kubeletUp && kubeletFailing === undefined) {
    // kubelet posts nothing (not started, restarting): a run writes the node name, the label
    // specs, the control plane's manifests and pending static pods, and notes the heartbeats lost
    // once; it neither asks the API nor reads the clock.
    if (!nodeLabelSpecsSynced(node, spec.nodeLabels)) return undefined;
    return [KUBELET_SILENT, spec, config, nodename, kubeStatus.heartbeatLostAtMs];
  }
  const controlPlane = node.isControlPlane();
  if (controlPlane && kubeletUp && kubeStatus.staticPodsRenderedMs === undefined) return undefined;
  const reaches = reachesApi(node);
  if (!reaches || (!kubeletUp && !kubeStatus.registered)) {
    // kubelet posts but reaches no API server (before the first kube-apiserver runs: most of a
    // boot's registration passes), or is unhealthy before it registered: a run writes what the
    // silent case writes plus the static pods' states, notes the heartbeats lost once and, with
    // kubelet up, keeps one status retry pending; it neither registers nor asks the API.
    if (!nodeLabelSpecsSynced(node, spec.nodeLabels)) return undefined;
    const inputs: unknown[] = [KUBE_API_UNREACHED, spec, config, nodename, kubeletUp, kubeletFailing, kubeStatus.registered, kubeStatus.heartbeatLostAtMs, kubeStatus.statusUpdatePending];
    if (controlPlane) {
      const states = staticPodStates(node);
      for (const pod of STATIC_PODS) inputs.push(states[pod]);
    }
    return inputs;
  }
  if (!kubeStatus.registered) return undefined;
  const kube = node.world.kubernetes;
  const kubeNode = kube.nodes.get(nodename);
  if (!kubeNode) return undefined;
  if (!nodeLabelsSynced(node, spec.nodeLabels, nodename)) return undefined;
  const unavailable = known ? known.unavailable : kube.apiUnavailableReason();
  const cniReadyMs = kubeStatus.cniReadyMs;
  const inputs: unknown[] = [
    spec, config, nodename, kubeletUp, kubeletFailing, unavailable, kubeNode, kubeNode.resourceVersion, kubeNode.heartbeatLostMs,
    kubeStatus.heartbeatLostAtMs, kubeStatus.statusUpdatePending, cniReadyMs !== undefined && node.world.kernel.now >= cniReadyMs,
    ephemeralDisk(node)?.faults.ephemeralFull ?? false,
  ];
  if (controlPlane) {
    const states = staticPodStates(node, unavailable === null);
    for (const pod of STATIC_PODS) inputs.push(states[pod], kube.mirrorPods.get(`${pod}-${nodename}`));
    inputs.push(node.resources.get('config', RT.machineConfig, 'v1alpha1')?.metadata.version, node.resources.kindVersion('k8s', RT.staticPod));
  }
  return inputs;
}

/** Index of the API's availability in kubernetesInputs (steady state). */
const UNAVAILABLE_INPUT = 5;
/** First input while kubelet posts nothing. */
const KUBELET_SILENT = 'kubelet-silent';
/** First input while kubelet posts but reaches no API server (or is unhealthy and unregistered). */
const KUBE_API_UNREACHED = 'kube-api-unreached';

/**
 * What its inputs follow besides wakes (controller-wakeups.ts; kubelet's state, its status fields,
 * its timers, the config and the faults wake it): the API as this kubelet reads it (its Node,
 * heartbeats and mirror pods, which nodes run kube-apiserver: KubernetesCluster.changesFor),
 * whether kubelet reaches a kube-apiserver over the network, the API's availability
 * (availabilityKey: NaN, so looked at on every pass, while etcd's commits may time out) and the
 * clock where the inputs read it (the static pods' start, the CNI's readiness).
 */
export const kubernetesOutside: OutsideInputs<ControllerContext, KubernetesOutside> = {
  note: (node) => ({ api: node.world.kubernetes.changesFor(node.hostname()), reaches: reachesApi(node), availability: node.world.kubernetes.availabilityKey(), dueMs: kubernetesDueMs(node) }),
  moved: (node, noted) =>
    node.world.kernel.now >= noted.dueMs || node.world.kubernetes.changesFor(node.hostname()) !== noted.api || node.world.kubernetes.availabilityKey() !== noted.availability || reachesApi(node) !== noted.reaches,
};

interface KubernetesOutside {
  api: number;
  /** Whether kubelet reaches a kube-apiserver (the network and which nodes run one): the only thing the inputs read of the network. */
  reaches: boolean;
  /** KubernetesCluster.availabilityKey (NaN never equals itself: moved on every pass). */
  availability: number;
  /** The next time the inputs read on the clock (Infinity: none). */
  dueMs: number;
}

/** When the static pods start and the CNI becomes ready, whichever is next (Infinity: both passed or not scheduled). */
function kubernetesDueMs(node: ControllerContext): number {
  const now = node.world.kernel.now;
  const podsStartMs = staticPodsStartMs(node);
  const cniReadyMs = node.status.kube.cniReadyMs;
  let dueMs = Infinity;
  if (podsStartMs !== undefined && now < podsStartMs) dueMs = podsStartMs;
  if (cniReadyMs !== undefined && now < cniReadyMs) dueMs = Math.min(dueMs, cniReadyMs);
  return dueMs;
}

/**
 * The controller when it is woken or what it follows moved (kubernetesOutside) and its inputs
 * moved (true: it ran). What it remembers is what it reads right after its run (the API's
 * availability as asked before it, not asked again), and what it follows as it is then: a run
 * changes some of its own inputs (it schedules kubelet's status retry and marks it pending, it
 * posts to the Node), and the retry's timer clearing that flag wakes it again.
 */
export function reconcileKubernetes(node: ControllerContext): boolean {
  if (lookSkipped(node, WAKE.kubernetes, 'kubernetes', kubernetesInputs, kubernetesOutside)) return false;
  const before = kubernetesInputs(node);
  const moved = inputsChanged(node, 'kubernetes', before);
  if (moved) kubernetesController(node);
  noteOutside(node, 'kubernetes', kubernetesOutside);
  if (!moved) return false;
  if (before === undefined) return true;
  // Unreached, the inputs ask the API only through the static pods' states, whose answer is a
  // function of the virtual millisecond: asking again right after the run changes nothing.
  const after =
    before[0] === KUBELET_SILENT ? kubernetesInputs(node, { unavailable: null })
    : before[0] === KUBE_API_UNREACHED ? kubernetesInputs(node)
    : kubernetesInputs(node, { unavailable: before[UNAVAILABLE_INPUT] as string | null });
  rememberInputs(node, 'kubernetes', after?.[0] === before[0] ? after : undefined);
  return true;
}

export function kubernetesController(node: ControllerContext): void {
  const spec = node.spec();
  const config = node.config?.object;
  if (!spec || !config) return;
  const kube = node.world.kubernetes;
  const nodename = node.hostname();
  const kubeletUp = node.services.isUp('kubelet');
  // kubelet posts status while it runs and is healthy, and also when its health check fails (it
  // then reports NotReady); while it (re)starts, nothing is posted.
  const kubeletFailing = node.services.failingHealth('kubelet');
  const kubeletPosts = kubeletUp || kubeletFailing !== undefined;
  node.resources.put('k8s', RT.nodename, 'nodename', { nodename, hostnameVersion: '1', skipNodeRegistration: false });
  writeNodeLabelSpecs(node, spec.nodeLabels);

  if (node.isControlPlane()) {
    writeBootstrapManifestsConfig(node, config);
    renderStaticPods(node, kubeletUp);
  }

  if (!kubeletPosts || !reachesApi(node) || (!kubeletUp && !node.status.kube.registered)) {
    noteHeartbeat(node, false);
    if (kubeletUp) scheduleStatusUpdate(node);
    return;
  }
  noteHeartbeat(node, true);
  if (!node.status.kube.registered && !kube.register(nodename, spec.nodeTaints, nodeFacts(node))) {
    scheduleStatusUpdate(node);
    return;
  }
  if (!node.status.kube.registered) {
    node.logs.write('kubelet', JSON.stringify({ ts: node.wallTimeMs(), caller: 'kubelet/kubelet_node_status.go:75', msg: 'Successfully registered node', node: { name: nodename } }));
    const cached = node.status.pulledImages.has('cni');
    const delay = node.stream('cni').durationMs(cached ? CNI_CACHED_START_MEAN_MS : CNI_FIRST_START_MEAN_MS, 0.4);
    node.status.kubeletRegistered(node.world.kernel.now + delay);
    node.world.kernel.scheduleAt(node.world.kernel.now + delay, `cni ${node.name}`, () => {
      node.status.imagePulled('cni');
      node.requestReconcile(WAKE.kubernetes);
    });
  }
  if (!kube.applyTaints(nodename, spec.nodeTaints) || !patchNodeLabels(node, spec.nodeLabels, nodename)) scheduleStatusUpdate(node);
  const cniReadyMs = node.status.kube.cniReadyMs;
  const cniUp = cniReadyMs !== undefined && node.world.kernel.now >= cniReadyMs;
  const ephemeralFull = ephemeralDisk(node)?.faults.ephemeralFull ?? false;
  kube.setDiskPressure(nodename, ephemeralFull);
  kube.setReady(nodename, cniUp && kubeletUp, kubeletFailing);
  if (node.isControlPlane()) reportMirrorPods(node);
}

/** What kubelet tells the API about its machine when it registers. */
function nodeFacts(node: ControllerContext): NodeFacts {
  const spec = node.spec()!;
  const disk = ephemeralDisk(node);
  const ephemeral = disk?.partitions.find((partition) => partition.label === 'EPHEMERAL');
  const kubeletVersion = /:(v[0-9][^@]*)/.exec(spec.kubeletImage)?.[1] ?? 'v1.35.0';
  return {
    internalIp: node.primaryAddress() ?? node.reservedIp,
    cpus: node.hardware.cpus,
    memoryBytes: node.hardware.memoryBytes,
    ephemeralBytes: ephemeral?.sizeBytes ?? (disk?.profile.sizeBytes ?? 10 * 1024 ** 3),
    arch: node.hardware.arch,
    machineId: node.random.child('machine-id').hex(32),
    systemUuid: node.random.child('system-uuid').uuid(),
    bootId: node.bootId,
    kernelVersion: KERNEL_RELEASE,
    osImage: `Talos (${node.talosVersion})`,
    kubeletVersion,
    containerRuntimeVersion: 'containerd://2.1.5',
    controlPlane: node.isControlPlane(),
  };
}

/** kubelet mirrors the static pods it runs into the API (Talos's labels and annotations come from the pod manifests; its config hash is the static pod's UID, the CRI sandbox's uid). */
function reportMirrorPods(node: ControllerContext): void {
  const states = staticPodStates(node);
  const spec = node.spec()!;
  const configVersion = String(node.resources.get('config', RT.machineConfig, 'v1alpha1')?.metadata.version ?? 1);
  for (const pod of STATIC_PODS) {
    const image = pod === 'kube-apiserver' ? spec.apiServerImage : `registry.k8s.io/${pod}:${/:(v[^@]+)/.exec(spec.apiServerImage)?.[1] ?? 'v1.35.0'}`;
    node.world.kubernetes.setMirrorPod(node.hostname(), pod, { running: states[pod] !== 'pending', ready: states[pod] === 'ready', image, configVersion, configHash: staticPodUid(node, pod) });
  }
}

/**
 * kubelet heartbeats: while they reach an API server the node's Ready follows kubelet and the
 * CNI; once they stop (kubelet down, the API out of reach, power lost) the node lifecycle
 * controller marks the node NotReady after the grace period, unless heartbeats resume first.
 */
export function noteHeartbeat(node: ControllerContext, ok: boolean): void {
  if (ok) {
    node.status.heartbeatLost(undefined);
    node.world.kubernetes.heartbeat(node.hostname(), true);
    return;
  }
  if (node.status.kube.heartbeatLostAtMs !== undefined) return;
  const lostAtMs = node.world.kernel.now;
  node.status.heartbeatLost(lostAtMs);
  const nodename = node.hostname();
  node.world.kubernetes.heartbeat(nodename, false);
  const kubeletImage = node.spec()?.kubeletImage;
  const graceMs = kubeletImage !== undefined ? nodeMonitorGraceMs(/:(v[0-9][^@]*)/.exec(kubeletImage)?.[1] ?? '') : NODE_MONITOR_GRACE_MS_1_32;
  node.world.kernel.schedule(graceMs, `node monitor ${node.name}`, () => {
    if (node.status.kube.heartbeatLostAtMs !== lostAtMs) return;
    node.world.kubernetes.markUnknown(nodename);
    node.requestReconcile(WAKE.kubernetes);
  });
}

/** kubelet's next attempt to reach the API (registration, status, labels). */
function scheduleStatusUpdate(node: ControllerContext): void {
  if (node.status.kube.statusUpdatePending) return;
  node.status.statusUpdateScheduled(true);
  node.world.kernel.schedule(NODE_STATUS_UPDATE_MS, `kubelet status ${node.name}`, () => {
    node.status.statusUpdateScheduled(false);
    node.requestReconcile(WAKE.kubernetes);
  });
}

function renderStaticPods(node: ControllerContext, kubeletUp: boolean): void {
  if (kubeletUp && node.status.kube.staticPodsRenderedMs === undefined) {
    const cached = node.status.pulledImages.has('kube-apiserver');
    const startDelayMs = node.stream('static-pods').durationMs(cached ? STATIC_POD_CACHED_MEAN_MS : STATIC_POD_FIRST_PULL_MEAN_MS, 0.4);
    node.status.staticPodsRendered(node.world.kernel.now, startDelayMs);
    for (const pod of STATIC_PODS) node.controllerLog('k8s.StaticPodServerController', 'rendered new static pod', { id: pod });
    node.world.kernel.schedule(startDelayMs, `static pods ${node.name}`, () => {
      node.status.imagePulled('kube-apiserver');
      node.requestReconcile(WAKE.kubernetes);
    });
  }
  const states = staticPodStates(node);
  node.world.kubernetes.setApiServerRunning(node.name, states['kube-apiserver'] !== 'pending');
  for (const pod of STATIC_PODS) {
    const id = `kube-system/${pod}-${node.hostname()}`;
    node.resources.put('k8s', RT.staticPodStatus, id, {
      phase: states[pod] === 'pending' ? 'Pending' : 'Running',
      conditions: [{ type: 'Ready', status: states[pod] === 'ready' ? 'True' : 'False' }],
    });
  }
}
