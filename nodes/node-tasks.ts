// What each sequencer task does on a virtual node: start services and wait for them, install to
// disk (partitioning, the installer's lines, failures for a missing or too-small disk), mount the
// EPHEMERAL partition, write user files, stop everything, wipe on reset, swap the version on
// upgrade. Tasks not listed simply take their catalogue time.
import type { TaskOutcome, TaskContext } from './sequences/sequencer.ts';
import type { SequenceName, TaskSpec } from './sequences/sequence-catalog.ts';
import type { NodeContext } from './node-context.ts';
import { MIN_INSTALL_DISK_BYTES } from './devices/disk.ts';
import { ephemeralVolume } from './controllers/volume-controller.ts';
import { ephemeralLayout } from './controllers/volume-specs.ts';
import { shouldFailImagePull } from './node-faults.ts';
import { wipeForReset } from './reset-wipe.ts';

/** Talos gives up on startAllServices after this long (`BootTimeout`). */
export const BOOT_TIMEOUT_MS = 70 * 60_000;
/** Below this Talos warns about memory (MiB). */
const MIN_MEMORY_MIB = 2048;

export function runTask(node: NodeContext, sequence: SequenceName, task: TaskSpec, context: TaskContext): TaskOutcome {
  const durationMs = node.stream(`task/${task.name}`).durationMs(task.meanMs * (sequence === 'boot' ? node.faults.bootSlowdownFactor : 1));
  const done = (afterMs = durationMs): TaskOutcome => ({ kind: 'done', afterMs });
  const waitForServices = (ids: string[]): TaskOutcome => {
    for (const id of ids) node.services.start(id);
    return { kind: 'wait', minMs: durationMs, until: () => ids.every((id) => node.services.isUp(id)), readsOnlyServices: true };
  };
  switch (task.name) {
    case 'startMachined':
      return waitForServices(['machined']);
    case 'waitForUdevd':
      return waitForServices(['udevd']);
    case 'startContainerd':
      return waitForServices(['containerd']);
    case 'startApid':
      node.services.start('apid');
      return done();
    case 'loadConfig':
      return loadConfig(node, context, durationMs);
    case 'install':
      return install(node, context, durationMs);
    case 'memorySizeCheck':
      context.log(node.hardware.memoryBytes / 1024 ** 2 < MIN_MEMORY_MIB ? 'WARNING: memory size is less than recommended' : 'memory size is OK');
      return done();
    case 'diskSizeCheck':
      context.log('disk size is OK');
      return done();
    case 'mountEphemeralPartition':
      return mountEphemeral(node, durationMs);
    case 'writeUserFiles':
      node.fs.writeUserFiles();
      return done();
    case 'startAllServices':
      return startAllServices(node, context, durationMs);
    case 'stopAllServices':
      node.services.stopAll();
      return { kind: 'wait', minMs: durationMs, until: () => node.services.allFinished(), readsOnlyServices: true };
    case 'unmountSystemDisks':
      node.status.setVolumesMounted(false);
      return done();
    case 'leaveEtcd':
      if (node.isControlPlane()) node.world.etcd.remove(node.name);
      return done();
    case 'resetSystemDisk':
      wipeForReset(node, context);
      return done();
    case 'upgrade':
      return upgrade(node, context, durationMs);
    default:
      return done();
  }
}

function loadConfig(node: NodeContext, context: TaskContext, durationMs: number): TaskOutcome {
  if (node.config) {
    node.controllerLog('config.AcquireController', 'machine config loaded successfully', { sources: ['state'] });
    return { kind: 'done', afterMs: durationMs };
  }
  node.controllerLog('config.AcquireController', 'entering maintenance service');
  return {
    kind: 'wait',
    minMs: durationMs,
    until: () => {
      if (node.addresses().length === 0) return false;
      node.controllerLog('runtime.MaintenanceServiceController', 'this machine is reachable at:');
      for (const address of node.addresses()) node.controllerLog('runtime.MaintenanceServiceController', `\t${address}`);
      node.controllerLog('runtime.MaintenanceServiceController', 'upload configuration using talosctl:');
      node.controllerLog('runtime.MaintenanceServiceController', `\ttalosctl apply-config --insecure --nodes ${node.addresses()[0]} --file <config.yaml>`);
      return true;
    },
    timeoutMs: 3 * 60_000,
  };
}

function install(node: NodeContext, context: TaskContext, durationMs: number): TaskOutcome {
  const wanted = node.spec()?.installDisk;
  const disk = node.systemDisk();
  if (!wanted && !disk) return { kind: 'fail', afterMs: 100, error: 'either install disk or diskSelector should be defined' };
  if (!disk || !disk.present) return { kind: 'fail', afterMs: 100, error: `specified install disk does not exist: "${wanted}"` };
  if (disk.profile.sizeBytes < MIN_INSTALL_DISK_BYTES) {
    return { kind: 'fail', afterMs: 500, error: `failed to create partitions: disk ${disk.devPath} is too small: ${Math.floor(disk.profile.sizeBytes / 1024 ** 2)} MiB < ${MIN_INSTALL_DISK_BYTES / 1024 ** 2} MiB` };
  }
  const image = node.spec()?.installImage ?? '';
  if (image && shouldFailImagePull(node.faults, image)) {
    return { kind: 'fail', afterMs: 5_000, error: `failed to pull image "${image}": not found` };
  }
  if (!disk.writable) return { kind: 'fail', afterMs: 500, error: `failed to write GPT: ${disk.devPath}: read-only file system` };
  context.log(`installing Talos to disk ${disk.devPath}`);
  node.logs.write('installer', `running Talos installer ${node.talosVersion}`);
  for (const partition of disk.partitionForTalos(node.talosVersion, ephemeralLayout(node.config?.documents ?? [], disk.profile.sizeBytes, node.config?.object.machine?.systemDiskEncryption))) {
    if (partition.filesystem === 'xfs' || partition.filesystem === 'vfat') {
      node.logs.write('installer', `formatting the partition "${disk.partitionPath(partition.index)}" as "${partition.filesystem}" with label "${partition.label}"`);
    }
  }
  node.logs.write('installer', `installation of ${node.talosVersion} complete`);
  node.status.installedToDisk(node.spec()?.extraKernelArgs ?? []);
  context.log('install successful');
  return { kind: 'done', afterMs: durationMs };
}

/** Mounts EPHEMERAL on /var once the volume manager has it ready; waits (as Talos does, without a timeout) while it cannot be. */
function mountEphemeral(node: NodeContext, durationMs: number): TaskOutcome {
  node.controllerState.volumes.ephemeralRequested = true;
  const mount = (): boolean => {
    const volume = ephemeralVolume(node);
    if (!volume.ready) return false;
    node.controllerLog('block.MountController', 'volume mount', {
      volume: 'EPHEMERAL',
      source: volume.device,
      target: '/var',
      filesystem: 'xfs',
      read_only: !volume.disk.writable,
    });
    node.status.setVolumesMounted(true);
    return true;
  };
  if (node.config === undefined || mount()) {
    node.status.setVolumesMounted(true);
    return { kind: 'done', afterMs: durationMs };
  }
  node.requestReconcile();
  return { kind: 'wait', minMs: durationMs, until: mount, progress: () => 'volume "EPHEMERAL" to be mounted', progressEveryMs: 60_000 };
}

function startAllServices(node: NodeContext, context: TaskContext, durationMs: number): TaskOutcome {
  const ids = node.services.applicable().map((d) => d.id);
  context.log(`waiting for ${ids.length} services`);
  for (const id of ids) node.services.start(id);
  const pending = () => ids.filter((id) => !node.services.isUp(id));
  return {
    kind: 'wait',
    minMs: durationMs,
    until: () => ids.every((id) => node.services.isUp(id)),
    progress: () => pending().map((id) => `service "${id}" to be "up"`).join(', '),
    progressEveryMs: 15_000,
    readsOnlyServices: true,
    timeoutMs: BOOT_TIMEOUT_MS,
  };
}

function upgrade(node: NodeContext, context: TaskContext, durationMs: number): TaskOutcome {
  const target = node.status.pendingUpgradeImage;
  if (!target) return { kind: 'done', afterMs: durationMs };
  if (shouldFailImagePull(node.faults, target)) {
    return { kind: 'fail', afterMs: 5_000, error: `failed to pull image "${target}": not found` };
  }
  context.log(`performing upgrade via "${target}"`);
  const version = /:(v\d+\.\d+\.\d+[^@]*)/.exec(target)?.[1];
  node.status.upgradeInstalled(version, node.spec()?.extraKernelArgs ?? []);
  context.log('upgrade successful');
  return { kind: 'done', afterMs: durationMs };
}
