// The resource types each step of a reconcile pass reads and writes, as Talos's controller runtime
// has every controller declare its inputs and outputs: a write wakes the node's controllers only
// when some step of the pass reads the written type. A write nobody in the pass reads (a
// MachineStatus, a Member, a Service record) does not ask for a pass of its own: such a pass ran
// every controller's input check and found nothing to do (481 of ~1,170 passes per boot of
// 3 CPs + 20 workers were asked by a write; most were asked by such writes).
// Reads here are resource reads only; a controller's other inputs (the config, status fields, the
// world) are what controller-inputs.ts compares, and whatever changes them asks for its pass
// itself (a service changing state, a timer, a command). test/node/controller-resources.test.ts
// checks these lists against every resource read and write in the source of the pass's steps.
import { RT } from '../resources/resource-types.ts';

export interface ResourceDeclaration {
  /** Types the step reads (in its inputs or its run). */
  readonly reads: readonly string[];
  /** Types the step writes (puts, destroys, prunes). */
  readonly writes: readonly string[];
  /** Its own last output, read only to compare the new one with (never whether it runs): wakes nothing. */
  readonly compares?: readonly string[];
}

/** By step: the controllers (their file names) and the pass's other steps that touch resources. */
export const PASS_RESOURCES: Readonly<Record<string, ResourceDeclaration>> = {
  'hardware-controller': { reads: [], writes: [RT.disk, RT.blockDevice, RT.securityState, RT.systemInformation] },
  'volume-discovery-controller': { reads: [], writes: [RT.discoveredVolume] },
  'network-controller': { reads: [RT.addressStatus, RT.hostnameStatus, RT.linkStatus], writes: [RT.addressStatus, RT.hostnameStatus, RT.linkStatus, RT.resolverStatus, RT.routeStatus] },
  'node-address-controller': { reads: [RT.addressStatus, RT.nodeAddress], writes: [RT.nodeAddress] },
  'network-status-controller': { reads: [RT.nodeAddress, RT.routeStatus, RT.hostnameStatus, RT.resolverStatus], writes: [RT.networkStatus] },
  'time-controller': { reads: [], writes: [RT.timeStatus, RT.timeServerStatus] },
  'volume-controller': { reads: [], writes: [RT.volumeStatus] },
  'system-volumes': { reads: [], writes: [RT.volumeStatus] },
  'mount-controller': { reads: [RT.volumeStatus, RT.mountStatus], writes: [RT.mountStatus, RT.swapStatus] },
  'identity-controller': { reads: [], writes: [RT.version, RT.machineConfig, RT.machineType, RT.clusterInfo, RT.member, RT.etcdMember] },
  'kubernetes-controller': { reads: [RT.machineConfig, RT.staticPod], writes: [RT.nodename, RT.staticPodStatus] },
  'node-label-sync': { reads: [RT.nodeLabelSpec], writes: [RT.nodeLabelSpec] },
  'bootstrap-manifests': { reads: [], writes: [RT.bootstrapManifestsConfig] },
  'component-specs-controller': { reads: [RT.machineConfig], writes: [RT.etcdSpec, RT.staticPod, RT.kubeletSpec, RT.certSan, RT.systemDisk] },
  // Its run is gated on inputs that are not resources; it reads its last status only to tell whether to publish an event.
  'machine-status-controller': { reads: [], writes: [RT.machineStatus], compares: [RT.machineStatus] },
  'oom-controller': { reads: [], writes: [RT.oomAction] },
  // The /etc and /proc files (`/proc/swaps` lists SwapStatuses).
  'proc-swaps': { reads: [RT.swapStatus], writes: [] },
  // The apply machine's convergence check after every pass.
  'node-apply': { reads: [RT.addressStatus, RT.routeStatus, RT.hostnameStatus], writes: [] },
  'document-convergence': { reads: [RT.addressStatus, RT.routeStatus, RT.hostnameStatus, RT.volumeStatus], writes: [] },
  // Services write their records and ask for a pass themselves when a state or health changes.
  'node-services': { reads: [], writes: [RT.service] },
};

const readByPass = new Set(Object.values(PASS_RESOURCES).flatMap((step) => step.reads));

/** Whether a write of `type` can change what some step of a reconcile pass reads. */
export function passReads(type: string): boolean {
  return readByPass.has(type);
}
