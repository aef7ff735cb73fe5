// MachineService Bootstrap, Reboot, Shutdown, Reset and Upgrade: each answers at once (with the
// actor id stamped on the events of the sequence it starts) and leaves the sequence to the node.
// The request checks Talos makes before starting (upgrade's installer image) are here; reset's
// are the node command's, which the scenario step shares. Leaves out Rollback, staged-upgrade META tags and
// upgrade's etcd pre-checks.
import type { RebootMode } from '../vocabulary.ts';
import { goError, TalosApiError } from '../api-error.ts';
import type { UnaryHandler } from './api-contract.ts';
import * as commands from '../node-commands.ts';
import { shouldFailImagePull } from '../node-faults.ts';
import { single } from './handler-support.ts';

const REBOOT_MODES: Record<string, RebootMode> = { DEFAULT: 'default', POWERCYCLE: 'powercycle', FORCE: 'force' };

const bootstrap: UnaryHandler = (_request, { node }) => {
  commands.bootstrap(node);
  return single({});
};

const reboot: UnaryHandler = (request: { mode: string }, { node }) =>
  single({ actor_id: commands.reboot(node, REBOOT_MODES[request.mode] ?? 'default') });

const shutdown: UnaryHandler = (_request, { node }) => single({ actor_id: commands.shutdown(node) });

interface ResetRequest {
  graceful: boolean;
  reboot: boolean;
  mode: string;
  user_disks_to_wipe: string[];
  system_partitions_to_wipe: Array<{ label: string; wipe: boolean }>;
}

const WIPE_MODES: Record<string, commands.WipeMode> = { ALL: 'all', SYSTEM_DISK: 'system-disk', USER_DISKS: 'user-disks' };

const reset: UnaryHandler = (request: ResetRequest, { node }) => {
  const named = request.system_partitions_to_wipe;
  return single({
    actor_id: commands.reset(node, {
      graceful: request.graceful,
      reboot: request.reboot,
      wipeMode: WIPE_MODES[request.mode] ?? 'all',
      userDisksToWipe: request.user_disks_to_wipe,
      systemLabelsToWipe: named.filter((spec) => spec.wipe).map((spec) => spec.label),
      systemLabelsKept: named.filter((spec) => !spec.wipe).map((spec) => spec.label),
    }),
  });
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
