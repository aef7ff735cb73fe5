// machine.LifecycleService/Upgrade (Talos v1.13+), the path `talosctl upgrade` takes: machined
// runs the installer image (pulled first when the node does not have it) in upgrade mode against
// the system disk, streams the installer's lines and finally its exit code, and does not reboot:
// the new version and the kernel arguments of the config in force (`machine.install.
// extraKernelArgs`) are written to the boot partition and take effect at the next boot (talosctl
// reboots after). One installation at a time per node. Leaves out Install (Unimplemented), etcd
// pre-checks and the A/B rollback entry.
import { TalosApiError } from '../api-error.ts';
import type { ServiceImplementation, StreamHandler } from './api-contract.ts';
import type { VirtualNode } from '../node.ts';
import { writeUpgradeArtifacts } from '../node-commands.ts';
import { pullImage } from './image-service.ts';
import { virtualDelay } from './virtual-wait.ts';

/** Nodes whose installer runs now (machined's lifecycle lock). */
const installing = new WeakSet<VirtualNode>();

/** Virtual time the installer takes to write the boot assets. */
const INSTALLER_STEP_MS = 1_500;

interface UpgradeRequest {
  source: { image_name: string } | null;
}

const upgrade: StreamHandler = async (request: UpgradeRequest, { node, signal }, send) => {
  if (!node.installed) throw new TalosApiError('FailedPrecondition', 'machine is not installed');
  const image = request.source?.image_name ?? '';
  if (image === '') throw new TalosApiError('InvalidArgument', 'installer image name is required');
  if (installing.has(node)) throw new TalosApiError('FailedPrecondition', 'another installation/upgrade is already in progress');
  const disk = node.systemDisk();
  if (!disk) throw new TalosApiError('Internal', 'system disk not found');
  installing.add(node);
  const bootId = node.bootId;
  try {
    node.talosLog(`starting upgrade: installer_image=${image}, disk=${disk.devPath}`);
    try {
      await pullImage(node, image, signal);
    } catch (error) {
      if (error instanceof TalosApiError && error.code === 'Canceled') throw error;
      throw new TalosApiError('Internal', `upgrade failed: ${(error as Error).message}`);
    }
    const version = /:(v\d+\.\d+\.\d+[^@]*)/.exec(image)?.[1] ?? node.talosVersion;
    const say = (message: string) => send({ progress: { message } });
    const lines = [
      `running Talos installer ${version}`,
      `upgrading Talos on ${disk.devPath}`,
      'installing bootloader: grub',
      `writing boot assets of ${version} to BOOT-B`,
      `upgrade of ${version} complete`,
    ];
    for (const line of lines) {
      say(line);
      await virtualDelay(node.world.kernel, INSTALLER_STEP_MS, `installer ${node.name}`, signal);
    }
    if (node.bootId !== bootId) throw new TalosApiError('Unavailable', 'error reading from server: EOF');
    writeUpgradeArtifacts(node, image, version);
    node.talosLog('upgrade completed successfully: exit_code=0');
    send({ progress: { exit_code: 0 } });
  } finally {
    installing.delete(node);
  }
};

export const lifecycleService: ServiceImplementation = {
  service: 'machine.LifecycleService',
  unary: {},
  streams: { Upgrade: upgrade },
};
