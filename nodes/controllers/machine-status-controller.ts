// runtime.MachineStatusController: the stage from the lifecycle machine, and readiness with
// Talos's unmet conditions and reasons (time, network, services, staticPods, nodeReady).
import type { ControllerContext } from './controller-context.ts';
import { staticPodStarts, staticPodStates, staticPodsStartMs } from './kubernetes-controller.ts';
import { RT } from '../resources/resource-types.ts';
import { UNMET_REASONS, type UnmetConditionName } from '../vocabulary.ts';
import type { OutsideInputs } from './controller-wakeups.ts';

export interface MachineStatusSpec {
  stage: string;
  status: { ready: boolean; unmetConditions: Array<{ name: UnmetConditionName; reason: string }> };
}

export function unmetConditions(node: ControllerContext): MachineStatusSpec['status']['unmetConditions'] {
  const unmet: MachineStatusSpec['status']['unmetConditions'] = [];
  if (!node.timeSynced) unmet.push({ name: 'time', reason: UNMET_REASONS.timeNotSynced });
  const network: string[] = [];
  if (node.addresses().length === 0) network.push('address', 'connectivity');
  if (network.length > 0) unmet.push({ name: 'network', reason: UNMET_REASONS.networkNotReady([...network, 'etc-files', 'hostname']) });
  const required = ['apid', 'machined', 'kubelet', ...(node.isControlPlane() ? ['etcd', 'trustd'] : [])].sort();
  const serviceProblems: string[] = [];
  for (const id of required) {
    const state = node.services.state(id);
    if (state !== 'Running') serviceProblems.push(UNMET_REASONS.serviceNotRunning(id));
    else if (!node.services.isUp(id)) serviceProblems.push(UNMET_REASONS.serviceNotHealthy(id));
  }
  if (serviceProblems.length > 0) unmet.push({ name: 'services', reason: serviceProblems.join(', ') });
  if (node.isControlPlane()) {
    const pods = staticPodStates(node);
    const problems = Object.entries(pods)
      .filter(([, state]) => state !== 'ready')
      .map(([pod, state]) => (state === 'pending' ? UNMET_REASONS.staticPodPending(pod) : UNMET_REASONS.staticPodNotReady(pod)));
    if (problems.length > 0) unmet.push({ name: 'staticPods', reason: problems.join(', ') });
  }
  const nodename = node.hostname();
  const kubeNode = node.world.kubernetes.nodes.get(nodename);
  if (!kubeNode) unmet.push({ name: 'nodeReady', reason: UNMET_REASONS.nodeStatusUnavailable(nodename) });
  else if (!kubeNode.ready) unmet.push({ name: 'nodeReady', reason: UNMET_REASONS.nodeNotReady(nodename) });
  return unmet;
}

/**
 * What it reads, as the spec reads it: the stage, whether the lifecycle is still in firmware or
 * kernel, time sync, whether the node has any address, per required service only "not running",
 * "running, not healthy" or "up" (its other states all read as not running), the config (role,
 * hostname), the Kubernetes node's presence and readiness and, on a control plane, its static
 * pods' states (their readiness asks the API, whose commit latency is sampled per virtual
 * millisecond, so asking draws nothing). A service moving between states that all read "not
 * running" (Preparing, Waiting, Starting...) wakes nothing.
 */
export function machineStatusInputs(node: ControllerContext): unknown[] {
  const nodename = node.hostname();
  const kubeNode = node.world.kubernetes.nodes.get(nodename);
  const lifecycle = node.lifecycleState();
  const inputs: unknown[] = [node.stage(), lifecycle === 'firmware' || lifecycle === 'kernel', node.timeSynced, node.addresses().length === 0, node.config, nodename, kubeNode === undefined, kubeNode?.ready];
  const controlPlane = node.isControlPlane();
  for (const id of controlPlane ? CONTROL_PLANE_SERVICES : WORKER_SERVICES) inputs.push(node.services.state(id) !== 'Running' ? 0 : node.services.isUp(id) ? 2 : 1);
  if (controlPlane) {
    const pods = staticPodStates(node);
    for (const pod of Object.keys(pods)) inputs.push(pods[pod]);
  }
  return inputs;
}

const WORKER_SERVICES = ['apid', 'kubelet', 'machined'];
const CONTROL_PLANE_SERVICES = [...WORKER_SERVICES, 'etcd', 'trustd'];
const READ_SERVICES = new Set(CONTROL_PLANE_SERVICES);

/** Whether MachineStatus reads the service's state and health (a required service, on some role). */
export function machineStatusReads(service: string): boolean {
  return READ_SERVICES.has(service);
}

/**
 * What its inputs follow besides wakes (controller-wakeups.ts): the lifecycle's state (its
 * transitions wake nobody), the Kubernetes Node's presence and readiness (the API changes them:
 * kubelet, the node lifecycle controller, kubectl) and, on a control plane, when its static pods
 * start on the clock and, once they run under a healthy kubelet, the API's availability
 * (KubernetesCluster.availabilityKey: it moves with etcd's commit latency, and so is looked at on
 * every pass, only while commits may time out).
 */
export const machineStatusOutside: OutsideInputs<ControllerContext, MachineStatusOutside> = {
  note: (node) => ({ lifecycle: node.lifecycleState(), kubeNode: kubeNodeCode(node), ...staticPodsOutside(node) }),
  moved: (node, noted) => {
    if (node.lifecycleState() !== noted.lifecycle || kubeNodeCode(node) !== noted.kubeNode || node.world.kernel.now >= noted.podsStartMs) return true;
    return noted.availability !== undefined && node.world.kubernetes.availabilityKey() !== noted.availability;
  },
};

interface MachineStatusOutside {
  lifecycle: string;
  kubeNode: number;
  /** When the static pods start (Infinity: not rendered, or started already). */
  podsStartMs: number;
  /** The API's availability (KubernetesCluster.availabilityKey, NaN while it moves with the clock), while the static pods' states read it. */
  availability: number | undefined;
}

function kubeNodeCode(node: ControllerContext): number {
  const kubeNode = node.world.kubernetes.nodes.get(node.hostname());
  return kubeNode === undefined ? 0 : kubeNode.ready ? 2 : 1;
}

/** What staticPodStates reads besides kubelet's state and the faults (which wake): the clock until the pods start, then the API. */
function staticPodsOutside(node: ControllerContext): { podsStartMs: number; availability: number | undefined } {
  const startMs = staticPodsStartMs(node);
  if (!node.isControlPlane() || startMs === undefined) return { podsStartMs: Infinity, availability: undefined };
  if (node.world.kernel.now < startMs) return { podsStartMs: startMs, availability: undefined };
  // staticPodStates asks the API when a pod started (its image pulled) under a healthy kubelet.
  return { podsStartMs: Infinity, availability: node.services.isUp('kubelet') && staticPodStarts(node) ? node.world.kubernetes.availabilityKey() : undefined };
}

export function machineStatusController(node: ControllerContext): void {
  const stage = node.stage();
  let status: MachineStatusSpec['status'] = { ready: false, unmetConditions: [] };
  if (stage === 'maintenance') status = { ready: true, unmetConditions: [] };
  else if (stage === 'booting' || stage === 'running') {
    const early = node.lifecycleState() === 'firmware' || node.lifecycleState() === 'kernel';
    const unmet = early ? [] : unmetConditions(node);
    status = { ready: !early && unmet.length === 0, unmetConditions: unmet };
  }
  const previous = node.resources.get<MachineStatusSpec>('runtime', RT.machineStatus, 'machine')?.spec;
  const spec: MachineStatusSpec = { stage, status };
  node.resources.put('runtime', RT.machineStatus, 'machine', spec);
  if (!previous || previous.stage !== stage || previous.status.ready !== status.ready || JSON.stringify(previous.status.unmetConditions) !== JSON.stringify(status.unmetConditions)) {
    node.events.publish({ type: 'machine.MachineStatusEvent', stage, ready: status.ready, unmetConditions: status.unmetConditions });
    if (stage === 'running' && status.ready && !(previous?.stage === 'running' && previous.status.ready)) {
      node.controllerLog('runtime.MachineStatusController', 'machine is running and ready');
    }
    node.world.trace.record(node.name, 'machine-status', { stage, ready: status.ready, unmet: status.unmetConditions.map((c) => c.name) });
  }
}
