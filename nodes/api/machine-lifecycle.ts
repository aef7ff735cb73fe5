// MachineService Bootstrap, Reboot, Shutdown, Reset and Upgrade: each answers at once (with the
// actor id stamped on the events of the sequence it starts) and leaves the sequence to the node.
// The request checks Talos makes before starting (reset's user disks, upgrade's installer image)
// are here; the rest is the node commands'. Leaves out Rollback, staged-upgrade META tags and
// upgrade's etcd pre-checks.
import type { RebootMode } from '../vocabulary.ts';
import { goError, TalosApiError } from '../api-error.ts';
import type { UnaryHandler } from './api-contract.ts';
import * as commands from '../node-commands.ts';
import { shouldFailImagePull } from '../node-faults.ts';
import type { VirtualNode } from '../node.ts';
import { single } from './handler-support.ts';

const REBOOT_MODES: Record<string, RebootMode> = { DEFAULT: 'default', POWERCYCLE: 'powercycle', FORCE: 'force' };

const bootstrap: UnaryHandler = (_request, { node }) => {
  commands.bootstrap(node);
  return single({});
};

const reboot: UnaryHandler = (request: { mode: string }, { node }) =>
  single({ actor_id: commands.reboot(node, REBOOT_MODES[request.mode] ?? 'default') });

const shutdown: UnaryHandler = (_request, { node }) => single({ actor_id: commands.shutdown(node) });

/** Reset's input checks (facts: v1alpha1_server.go Reset), with Talos's texts. */
function checkUserDisks(node: VirtualNode, request: { mode: string; user_disks_to_wipe: string[] }): void {
  if (request.user_disks_to_wipe.length === 0) return;
  if (request.mode === 'SYSTEM_DISK') throw goError("reset failed: invalid input, wipe mode SYSTEM_DISK doesn't support UserDisksToWipe parameter");
  const system = node.systemDisk();
  for (const path of request.user_disks_to_wipe) {
    const disk = node.disks.find((candidate) => candidate.present && candidate.devPath === path);
    if (!disk) throw goError(`reset user disk failed: device ${path} wasn't found`);
    if (!disk.writable) throw goError(`reset user disk failed: device ${path} is readonly`);
    if (disk === system && node.installed) throw goError(`reset user disk failed: device ${path} is the system disk`);
  }
}

interface ResetRequest {
  graceful: boolean;
  reboot: boolean;
  mode: string;
  user_disks_to_wipe: string[];
  system_partitions_to_wipe: Array<{ label: string; wipe: boolean }>;
}

const reset: UnaryHandler = (request: ResetRequest, { node }) => {
  checkUserDisks(node, request);
  if (request.system_partitions_to_wipe.length > 0 && request.mode === 'USER_DISKS') {
    throw goError("reset failed: invalid input, wipe mode USER_DISKS doesn't support SystemPartitionsToWipe parameter");
  }
  return single({ actor_id: commands.reset(node, { graceful: request.graceful, reboot: request.reboot }) });
};

/** A reference containerd can parse: `[registry/]path[:tag][@digest]`. */
const IMAGE_REFERENCE = /^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

const upgrade: UnaryHandler = (request: { image: string; stage: boolean }, { node }) => {
  if (!node.installed) throw new TalosApiError('FailedPrecondition', 'Talos is not installed');
  const image = request.image;
  if (!IMAGE_REFERENCE.test(image)) throw goError(`error validating installer image "${image}": invalid reference format`);
  if (shouldFailImagePull(node.faults, image)) throw goError(`error validating installer image "${image}": failed to pull image "${image}": not found`);
  const { actorId, ack } = commands.upgrade(node, image, request.stage);
  return single({ ack, actor_id: actorId });
};

export const lifecycleHandlers: Record<string, UnaryHandler> = {
  Bootstrap: bootstrap,
  Reboot: reboot,
  Shutdown: shutdown,
  Reset: reset,
  Upgrade: upgrade,
};
