// The order controllers run in on every reconcile pass. Each reads the node and the world and
// writes resources; writes that change nothing are no-ops, so passes settle.
import type { VirtualNode } from '../node.ts';
import { hardwareController } from './hardware-controller.ts';
import { networkController } from './network-controller.ts';
import { timeController } from './time-controller.ts';
import { identityController } from './identity-controller.ts';
import { kubernetesController } from './kubernetes-controller.ts';
import { machineStatusController } from './machine-status-controller.ts';
import { volumeController } from './volume-controller.ts';

export function runControllers(node: VirtualNode): void {
  hardwareController(node);
  networkController(node, node.controllerState.network);
  timeController(node, node.controllerState.time);
  volumeController(node, node.controllerState.volumes);
  identityController(node);
  kubernetesController(node);
  node.fs.reconcile();
  machineStatusController(node);
}
