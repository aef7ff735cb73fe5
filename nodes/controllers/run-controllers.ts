// The order controllers run in on every reconcile pass. Each reads its node through a
// ControllerContext and the world, and writes resources and named status fields; writes that
// change nothing are no-ops, so passes settle. files.EtcFileController is the filesystem's own.
import type { ControllerContext } from './controller-context.ts';
import { hardwareController } from './hardware-controller.ts';
import { networkController } from './network-controller.ts';
import { timeController } from './time-controller.ts';
import { identityController } from './identity-controller.ts';
import { kubernetesController } from './kubernetes-controller.ts';
import { machineStatusController } from './machine-status-controller.ts';
import { volumeController } from './volume-controller.ts';

export function runControllers(node: ControllerContext, etcFiles: { reconcile(): void }): void {
  hardwareController(node);
  networkController(node, node.controllerState.network);
  timeController(node, node.controllerState.time);
  volumeController(node, node.controllerState.volumes);
  identityController(node);
  kubernetesController(node);
  etcFiles.reconcile();
  machineStatusController(node);
}
