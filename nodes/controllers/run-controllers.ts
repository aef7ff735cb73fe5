// The order controllers run in on every reconcile pass. Each reads its node through a
// ControllerContext and the world, and writes resources and named status fields; writes that
// change nothing are no-ops, so passes settle. A controller that declares its inputs
// (controller-inputs.ts) runs only when one of them changed since its last run this boot; a
// write asks for another pass only when some step of the pass reads its type
// (controller-resources.ts declares what each step reads and writes).
// files.EtcFileController is the filesystem's own.
import type { ControllerContext } from './controller-context.ts';
import { hardwareController, hardwareInputs } from './hardware-controller.ts';
import { networkController, networkInputs } from './network-controller.ts';
import { timeController, timeInputs } from './time-controller.ts';
import { identityController, identityInputs } from './identity-controller.ts';
import { reconcileKubernetes } from './kubernetes-controller.ts';
import { machineStatusController, machineStatusInputs } from './machine-status-controller.ts';
import { volumeController, volumeInputs } from './volume-controller.ts';
import { inputsChanged } from './controller-inputs.ts';
import { mountController, mountInputs } from './mount-controller.ts';
import { nodeAddressController, nodeAddressInputs } from './node-address-controller.ts';
import { networkStatusController, networkStatusInputs } from './network-status-controller.ts';
import { volumeDiscoveryController, volumeDiscoveryInputs } from './volume-discovery-controller.ts';
import { componentSpecsController, componentSpecsInputs } from './component-specs-controller.ts';
import { oomController } from './oom-controller.ts';

export function runControllers(node: ControllerContext, etcFiles: { reconcile(): void }): void {
  if (inputsChanged(node, 'hardware', hardwareInputs(node))) hardwareController(node);
  if (inputsChanged(node, 'volume-discovery', volumeDiscoveryInputs(node))) volumeDiscoveryController(node);
  if (inputsChanged(node, 'network', networkInputs(node, node.controllerState.network))) networkController(node, node.controllerState.network);
  if (inputsChanged(node, 'node-address', nodeAddressInputs(node))) nodeAddressController(node);
  if (inputsChanged(node, 'network-status', networkStatusInputs(node))) networkStatusController(node);
  if (inputsChanged(node, 'time', timeInputs(node))) timeController(node, node.controllerState.time);
  if (inputsChanged(node, 'volumes', volumeInputs(node, node.controllerState.volumes))) volumeController(node, node.controllerState.volumes);
  if (inputsChanged(node, 'mounts', mountInputs(node))) mountController(node, node.controllerState.mounts);
  if (inputsChanged(node, 'identity', identityInputs(node))) identityController(node);
  reconcileKubernetes(node);
  if (inputsChanged(node, 'component-specs', componentSpecsInputs(node))) componentSpecsController(node);
  etcFiles.reconcile();
  if (inputsChanged(node, 'machine-status', machineStatusInputs(node))) machineStatusController(node);
  oomController(node, node.controllerState.oom);
}
