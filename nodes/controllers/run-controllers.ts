// The order controllers run in on every reconcile pass. Each reads its node through a
// ControllerContext and the world, and writes resources and named status fields; writes that
// change nothing are no-ops, so passes settle. A controller that declares its inputs
// (controller-inputs.ts) runs only when one of them changed since its last run this boot, and
// its inputs are looked at only when something it reads woke it since the last pass
// (controller-wakeups.ts); a write asks for another pass only when some step of the pass reads its
// type (controller-resources.ts declares what each step reads and writes).
// files.EtcFileController is the filesystem's own.
import type { ControllerContext } from './controller-context.ts';
import { hardwareController, hardwareInputs } from './hardware-controller.ts';
import { dhcpInputsUntilMs, networkController, networkInputs } from './network-controller.ts';
import { timeController, timeInputs } from './time-controller.ts';
import { identityController, identityInputs } from './identity-controller.ts';
import { reconcileKubernetes } from './kubernetes-controller.ts';
import { machineStatusController, machineStatusInputs, machineStatusOutside } from './machine-status-controller.ts';
import { volumeController, volumeInputs } from './volume-controller.ts';
import { mountController, mountInputs } from './mount-controller.ts';
import { nodeAddressController, nodeAddressInputs } from './node-address-controller.ts';
import { networkStatusController, networkStatusInputs } from './network-status-controller.ts';
import { volumeDiscoveryController, volumeDiscoveryInputs } from './volume-discovery-controller.ts';
import { componentSpecsController, componentSpecsInputs } from './component-specs-controller.ts';
import { oomController, oomInputs, oomOutside } from './oom-controller.ts';
import { controllerDue, WAKE, type OutsideInputs } from './controller-wakeups.ts';

const networkOf = (node: ControllerContext) => networkInputs(node, node.controllerState.network);
/** A DHCP lease's renewal and expiry and the next request: times the network's inputs change at (its timers there wake it too, but a pass at the same millisecond may come first). */
const dhcpClock: OutsideInputs<ControllerContext> = {
  note: (node) => dhcpInputsUntilMs(node.controllerState.network, node.world.kernel.now),
  moved: (node, untilMs) => node.world.kernel.now >= untilMs,
};
/** Discovery's directory (addresses, partitions, configs of every node): what identity lists as Members. */
const directory: OutsideInputs<ControllerContext> = {
  note: (node) => node.world.directoryChanges(),
  moved: (node, noted) => node.world.directoryChanges() !== noted,
};
const volumesOf = (node: ControllerContext) => volumeInputs(node, node.controllerState.volumes);

/**
 * One pass: the controllers woken since the last one (node.passWakes) and those looked at on every
 * pass (controller-wakeups.ts says which and why), in their fixed order.
 */
export function runControllers(node: ControllerContext, etcFiles: { reconcile(woken: boolean): void }): void {
  if (controllerDue(node, WAKE.hardware, 'hardware', hardwareInputs)) hardwareController(node);
  if (controllerDue(node, WAKE.volumeDiscovery, 'volume-discovery', volumeDiscoveryInputs)) volumeDiscoveryController(node);
  if (controllerDue(node, WAKE.network, 'network', networkOf, dhcpClock)) networkController(node, node.controllerState.network);
  if (controllerDue(node, WAKE.nodeAddress, 'node-address', nodeAddressInputs)) nodeAddressController(node);
  if (controllerDue(node, WAKE.networkStatus, 'network-status', networkStatusInputs)) networkStatusController(node);
  if (controllerDue(node, WAKE.time, 'time', timeInputs)) timeController(node, node.controllerState.time);
  if (controllerDue(node, WAKE.volumes, 'volumes', volumesOf)) volumeController(node, node.controllerState.volumes);
  if (controllerDue(node, WAKE.mounts, 'mounts', mountInputs)) mountController(node, node.controllerState.mounts);
  if (controllerDue(node, WAKE.identity, 'identity', identityInputs, directory)) identityController(node);
  // Its run changes the Node and the static pods' status fields, which MachineStatus reads.
  if (reconcileKubernetes(node)) node.wakeControllers(WAKE.machineStatus);
  if (controllerDue(node, WAKE.componentSpecs, 'component-specs', componentSpecsInputs)) componentSpecsController(node);
  etcFiles.reconcile((node.passWakes & WAKE.etcFiles) !== 0);
  if (controllerDue(node, WAKE.machineStatus, 'machine-status', machineStatusInputs, machineStatusOutside)) machineStatusController(node);
  if (controllerDue(node, WAKE.oom, 'oom', oomInputs, oomOutside)) oomController(node, node.controllerState.oom);
}
