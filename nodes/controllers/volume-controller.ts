// block.VolumeManagerController in miniature: each volume of volume-specs.ts goes through Talos's
// phases in VolumeStatus. Waiting (until its wave may start: EPHEMERAL once the boot sequence
// asks for it, user volumes once EPHEMERAL is ready), then located (a partition with its label,
// or a discovered volume its CEL selector matches) or provisioned (a partition cut on the first
// disk the selector matches that has room), prepared (LUKS2 opened when encrypted), ready (a
// filesystem made or found; mounted under its target). Missing: an ExistingVolumeConfig that finds
// nothing. Failed, with Talos's error and the phase it failed from, retried on every pass. User
// volumes show each phase for PHASE_STEP_MS; EPHEMERAL goes through them in one pass, as Talos does.
// Also META and STATE, located on the system disk, and the system directory, symlink and overlay
// volumes (/var/lib, /var/log, ETCD, /var/run, /etc/cni...: system-volumes.ts). Mounts and swap: mount-controller.ts.
// Disk-type user volumes: disk-volume.ts. Leaves out: resizing and `grow`, closing volumes on shutdown, IMAGECACHE.
import { humanizeBytes } from '../go-format/humanize.ts';
import type { ControllerContext, VolumeControllerState } from './controller-context.ts';
import type { Disk, Partition, PartitionEncryption } from '../devices/disk.ts';
import { RT } from '../resources/resource-types.ts';
import { selectorMatches } from '../config/cel-selector.ts';
import { diskVariables as selectorDiskVariables } from '../config/selector-variables.ts';
import { volumeSpecs, type VolumeSpec } from './volume-specs.ts';
import { formatAndEncrypt, openEncrypted, type MachineSecrets } from './volume-encryption.ts';
import { locateDiskVolume, reconcileDiskVolume } from './disk-volume.ts';
import { WAKE } from './controller-wakeups.ts';
import { systemVolumeStatuses } from './system-volumes.ts';

export { volumeSizeBytes } from './volume-specs.ts';

/** Virtual time a user volume shows each phase (partitioning, mkfs, mount). */
const PHASE_STEP_MS = 400;

type Outcome =
  | { phase: 'waiting' | 'missing' }
  | { phase: 'failed'; preFailPhase: string; error: string; placed?: Placed }
  | { phase: 'ready'; placed: Placed; located: boolean; slot?: number };

/** Where a volume is: a partition, or (a disk-type volume) the whole disk. */
interface Placed {
  disk: Disk;
  partition?: Partition;
}

function diskVariables(disk: Disk, systemDisk: Disk | undefined) {
  return selectorDiskVariables({ ...disk.profile, devPath: disk.devPath, readOnly: !disk.writable }, disk === systemDisk);
}

function machineSecrets(node: ControllerContext): MachineSecrets {
  const uuid = node.random.child('system-uuid').uuid();
  return {
    uuid, tpm: node.hardware.tpm === true, secureBoot: node.hardware.secureBoot === true,
    kms: (endpoint, method, data) => node.world.kms.call(node.name, endpoint, method, { nodeUuid: uuid, data }),
    randomKey: () => Buffer.from(node.stream('volume-keys').hex(64), 'hex'),
  };
}

function locate(node: ControllerContext, spec: VolumeSpec): Placed | undefined {
  const systemDisk = node.systemDisk();
  for (const disk of node.disks.filter((candidate) => candidate.present)) {
    for (const partition of disk.partitions) {
      if (spec.label !== '' && partition.label === spec.label) return { disk, partition };
      if (spec.volumeMatch !== '' && selectorMatches(spec.volumeMatch, 'volume', {
        volume: {
          partition_label: partition.label, name: partition.filesystem === 'none' ? '' : partition.filesystem, type: 'partition',
          dev_path: disk.partitionPath(partition.index), parent_dev_path: disk.devPath, size: partition.sizeBytes, partition_index: partition.index,
        },
        ...diskVariables(disk, systemDisk),
      })) return { disk, partition };
    }
  }
  return undefined;
}

type Provisioned = VolumeSpec & { provisioning: NonNullable<VolumeSpec['provisioning']> };

/** The disks a volume's provisioning selector matches (present and writable, as Talos skips read-only disks). */
function candidateDisks(node: ControllerContext, spec: Provisioned): Disk[] {
  const systemDisk = node.systemDisk();
  return node.disks.filter((disk) => disk.present && disk.writable && selectorMatches(spec.provisioning.match, 'disk', diskVariables(disk, systemDisk)));
}

/** The partition size a disk can give the volume now, or 0 when it has not enough room. */
function roomFor(spec: Provisioned, disk: Disk): number {
  const free = disk.freeBytes();
  const size = Math.min(spec.provisioning.maxBytes(disk.profile.sizeBytes) ?? free, free);
  return size <= 0 || size < spec.provisioning.minBytes(disk.profile.sizeBytes) ? 0 : size;
}

function provision(node: ControllerContext, spec: Provisioned): Placed | { error: string } {
  const matched = candidateDisks(node, spec);
  if (matched.length === 0) return { error: 'no disks matched selector for volume' };
  let wrongFormat = 0;
  for (const disk of matched) {
    // A disk formatted whole (neither blank nor GPT) cannot be partitioned.
    if (disk.probedName() !== '' && disk.probedName() !== 'gpt') {
      wrongFormat++;
      continue;
    }
    const size = roomFor(spec, disk);
    if (size === 0) continue;
    let index = 1;
    while (disk.partitions.some((partition) => partition.index === index)) index++;
    const partition: Partition = { index, label: spec.label as Partition['label'], sizeBytes: size, filesystem: 'none' };
    disk.partitions.push(partition);
    return { disk, partition };
  }
  return { error: `no disks matched for volume (${matched.length} matched selector): ${matched.length - wrongFormat} have not enough space, ${wrongFormat} have wrong format, 0 have other issues` };
}

/** What holds a volume's filesystem or LUKS2 header: a partition, or a whole disk (disk-type volume). */
interface Holder {
  filesystem: string;
  encryption?: PartitionEncryption;
}

/**
 * Encrypts (when blank) and opens the holder when the volume is encrypted, then makes or checks
 * its filesystem: the volume ready, or failed with Talos's error.
 */
function prepare(node: ControllerContext, spec: VolumeSpec, holder: Holder, device: string, placed: Placed, located: boolean): Outcome {
  let slot: number | undefined;
  let inner = holder.filesystem;
  if (spec.encryption !== undefined) {
    if (holder.filesystem === 'none') {
      const encrypted = formatAndEncrypt(spec.encryption.keys, machineSecrets(node), 'none');
      if ('error' in encrypted) return { phase: 'failed', preFailPhase: 'provisioned', error: encrypted.error, placed };
      holder.filesystem = 'luks';
      holder.encryption = encrypted;
    } else if (holder.filesystem !== 'luks' || holder.encryption === undefined) {
      return { phase: 'failed', preFailPhase: 'provisioned', error: `block dev type mismatch: ${holder.filesystem} != luks`, placed };
    }
    slot = node.controllerState.volumes.opened.get(holder.encryption);
    if (slot === undefined) {
      const opened = openEncrypted(holder.encryption, spec.encryption.keys, machineSecrets(node));
      if ('error' in opened) return { phase: 'failed', preFailPhase: 'provisioned', error: opened.error, placed };
      slot = opened.slot;
      node.controllerState.volumes.opened.set(holder.encryption, slot);
    }
    inner = holder.encryption.inner;
  }
  if (spec.filesystem === 'none') {
    if (spec.target !== '' && inner === 'none') return { phase: 'failed', preFailPhase: 'prepared', error: `filesystem not found on ${device}`, placed };
    if (spec.target !== '' && inner === 'luks') return { phase: 'failed', preFailPhase: 'provisioned', error: 'volume is encrypted, but no encryption config provided', placed };
  } else if (inner === 'none' || inner === 'swap') {
    if (holder.encryption !== undefined) holder.encryption.inner = spec.filesystem;
    else holder.filesystem = spec.filesystem;
  } else if (inner !== spec.filesystem) {
    return { phase: 'failed', preFailPhase: 'prepared', error: `filesystem type mismatch: ${inner} != ${spec.filesystem}`, placed };
  }
  return { phase: 'ready', placed, located, slot };
}

/** One pass of Talos's automaton for a volume whose wave may start: where it ends (ready) or fails. */
function reconcileVolume(node: ControllerContext, spec: VolumeSpec): Outcome {
  if (spec.type === 'disk') {
    const systemDisk = node.systemDisk();
    const match = spec.provisioning?.match ?? 'false';
    const matches = (disk: Disk) => selectorMatches(match, 'disk', diskVariables(disk, systemDisk));
    if (spec.encryption !== undefined) {
      const located = locateDiskVolume(node.disks, matches);
      if (located.phase === 'failed') return { ...located, placed: undefined };
      const { disk } = located;
      // A partition table on the disk is neither blank nor a LUKS2 header.
      const holder: Holder = disk.partitions.length > 0 ? { filesystem: 'gpt' } : disk;
      return prepare(node, spec, holder, disk.devPath, { disk }, true);
    }
    const outcome = reconcileDiskVolume(node.disks, matches, spec.filesystem);
    if (outcome.phase === 'failed') return { ...outcome, placed: outcome.disk === undefined ? undefined : { disk: outcome.disk } };
    return { phase: 'ready', placed: { disk: outcome.disk }, located: true };
  }
  let placed = locate(node, spec);
  const located = placed !== undefined;
  if (placed === undefined) {
    if (spec.provisioning === undefined) return { phase: 'missing' };
    const made = provision(node, { ...spec, provisioning: spec.provisioning });
    if ('error' in made) return { phase: 'failed', preFailPhase: 'waiting', error: made.error };
    placed = made;
  }
  const partition = placed.partition!;
  return prepare(node, spec, partition, placed.disk.partitionPath(partition.index), placed, located);
}

/** The phase a user volume shows now on its way to `outcome` (each for PHASE_STEP_MS). */
function shownPhase(node: ControllerContext, state: VolumeControllerState, spec: VolumeSpec, order: string[]): string {
  const now = node.world.kernel.now;
  let current = state.phases.get(spec.id);
  if (current === undefined || !order.includes(current.phase)) {
    current = { phase: order[0], sinceMs: now };
    state.phases.set(spec.id, current);
    node.controllerLog('block.VolumeManagerController', `volume ${current.phase}`, { volume: spec.id });
  } else if (current.phase !== order[order.length - 1] && now - current.sinceMs >= PHASE_STEP_MS) {
    current = { phase: order[order.indexOf(current.phase) + 1], sinceMs: now };
    state.phases.set(spec.id, current);
    if (current.phase === 'ready' && spec.target !== '') node.controllerLog('block.MountController', 'volume mount', { volume: spec.id, target: spec.target });
  }
  if (current.phase !== order[order.length - 1]) node.world.kernel.schedule(PHASE_STEP_MS, `volume ${node.name}/${spec.id}`, () => node.requestReconcile(WAKE.volumes));
  return current.phase;
}

function put(node: ControllerContext, spec: VolumeSpec, status: Record<string, unknown>): void {
  node.resources.put('runtime', RT.volumeStatus, spec.id, { type: spec.type, errorMessage: '', ...status });
}

/** VolumeStatus's location fields: a partition with its parent disk, or a whole disk (no parent). */
function placement(placed: Placed | undefined): { location: string; parentLocation?: string; partitionIndex?: number; size: number; prettySize: string } {
  if (placed === undefined) return { location: '', size: 0, prettySize: '' };
  const { disk, partition } = placed;
  if (partition === undefined) return { location: disk.devPath, size: disk.profile.sizeBytes, prettySize: humanizeBytes(disk.profile.sizeBytes) };
  return { location: disk.partitionPath(partition.index), parentLocation: disk.devPath, partitionIndex: partition.index, size: partition.sizeBytes, prettySize: humanizeBytes(partition.sizeBytes) };
}

function writeStatus(node: ControllerContext, state: VolumeControllerState, spec: VolumeSpec, result: Outcome, dmIndex: number): string {
  const mountSpec = spec.target === '' ? {} : spec.target.startsWith('/var/mnt/')
    ? { mountSpec: { targetPath: spec.target.slice('/var/mnt/'.length), parentID: '/var/mnt' } } : { mountSpec: { targetPath: spec.target } };
  if (result.phase === 'waiting' || result.phase === 'missing') {
    state.phases.delete(spec.id);
    put(node, spec, { phase: result.phase, location: '', size: 0, prettySize: '', filesystem: '', mountLocation: '', ...mountSpec });
    return result.phase;
  }
  const outcome = result as Exclude<Outcome, { phase: 'waiting' | 'missing' }>;
  const where = placement(outcome.placed);
  if (outcome.phase === 'failed') {
    if (state.phases.get(spec.id)?.phase !== 'failed') node.controllerLog('block.VolumeManagerController', 'volume failed', { volume: spec.id, error: outcome.error });
    state.phases.set(spec.id, { phase: 'failed', sinceMs: node.world.kernel.now });
    put(node, spec, { phase: 'failed', preFailPhase: outcome.preFailPhase, ...where, filesystem: '', mountLocation: '', errorMessage: outcome.error, ...mountSpec });
    return 'failed';
  }
  const order = [outcome.located ? 'located' : 'provisioned', ...(outcome.located ? ['provisioned'] : []), 'prepared', 'ready'];
  const phase = spec.wave === 0 ? 'ready' : shownPhase(node, state, spec, order);
  const device = spec.encryption !== undefined ? `/dev/dm-${dmIndex}` : where.location;
  const encryption = spec.encryption === undefined || order.indexOf(phase) < order.indexOf('prepared') ? {} : {
    encryptionProvider: 'luks2', encryptionSlot: outcome.slot, configuredEncryptionKeys: spec.encryption.keys.map((key) => key.type),
  };
  const holder: Holder = outcome.placed.partition ?? outcome.placed.disk;
  const filesystem = holder.encryption?.inner ?? holder.filesystem;
  const ready = phase === 'ready';
  put(node, spec, {
    phase, ...where, filesystem: ready || phase === 'prepared' ? (filesystem === 'none' ? '' : filesystem) : '',
    mountLocation: order.indexOf(phase) >= order.indexOf('prepared') ? device : '', ...encryption, ...mountSpec,
  });
  return phase;
}

/** EPHEMERAL right now: placed (and opened) and ready to mount on /var, or why not (its status says the same). */
export function ephemeralVolume(node: ControllerContext): { ready: true; disk: Disk; partition: Partition; device: string } | { ready: false; error: string } {
  const spec = volumeSpecs(node.config?.documents ?? [], node.config?.object.machine?.systemDiskEncryption)[0];
  const outcome = reconcileVolume(node, spec);
  if (outcome.phase !== 'ready') return { ready: false, error: outcome.phase === 'failed' ? outcome.error : outcome.phase };
  const partition = outcome.placed.partition!;
  const device = spec.encryption !== undefined ? '/dev/dm-0' : outcome.placed.disk.partitionPath(partition.index);
  return { ready: true, disk: outcome.placed.disk, partition, device };
}

/**
 * What it reads while EPHEMERAL is the only volume: the config, power, whether the boot asked for
 * EPHEMERAL and mounted it, and the disks (presence, write protection, partitions and their
 * filesystems). User volumes step through phases on the clock and a failed volume is retried on
 * every pass: then it runs every pass (undefined).
 */
export function volumeInputs(node: ControllerContext, state: VolumeControllerState): unknown[] | undefined {
  if (node.config !== undefined && volumeSpecs(node.config.documents ?? [], node.config.object.machine?.systemDiskEncryption).length > 1) return undefined;
  for (const shown of state.phases.values()) if (shown.phase === 'failed') return undefined;
  const inputs: unknown[] = [node.config, node.lifecycleState() === 'off', state.ephemeralRequested, node.status.volumesMounted, node.systemDisk()];
  for (const disk of node.disks) {
    inputs.push(disk.present, disk.writable, disk.filesystem, disk.partitions, disk.partitions.length);
    for (const partition of disk.partitions) inputs.push(partition.filesystem, partition.encryption?.inner);
  }
  return inputs;
}

/** META and STATE, where the installer put them (located by their partition labels; STATE mounted on /system/state). */
function systemPartitionStatuses(node: ControllerContext): string[] {
  const disk = node.systemDisk();
  const written: string[] = [];
  for (const [label, target] of [['META', ''], ['STATE', '/system/state']] as const) {
    const partition = disk?.present ? disk.partitions.find((candidate) => candidate.label === label) : undefined;
    if (disk === undefined || partition === undefined) continue;
    const location = disk.partitionPath(partition.index);
    // STATE wiped by a reset is formatted again when a config is saved to it.
    if (label === 'STATE' && partition.filesystem === 'none') partition.filesystem = 'xfs';
    const filesystem = label === 'STATE' ? 'xfs' : '';
    node.resources.put('runtime', RT.volumeStatus, label, {
      type: 'partition', phase: 'ready', location, parentLocation: disk.devPath, partitionIndex: partition.index,
      size: partition.sizeBytes, prettySize: humanizeBytes(partition.sizeBytes), filesystem, mountLocation: location, errorMessage: '',
      ...(target === '' ? {} : { mountSpec: { targetPath: target } }),
    });
    written.push(label);
  }
  return written;
}

/**
 * The disk EPHEMERAL (/var) is on: the one holding its partition; before it is placed, the disk the
 * volume manager would pick (its selector's first match with room); else the system disk. What
 * fills up, what kubelet measures and what a reset wipes besides the system disk.
 */
export function ephemeralDisk(node: ControllerContext): Disk | undefined {
  const holding = node.disks.find((disk) => disk.present && disk.partitions.some((partition) => partition.label === 'EPHEMERAL'));
  if (holding !== undefined) return holding;
  const spec = volumeSpecs(node.config?.documents ?? [], node.config?.object.machine?.systemDiskEncryption)[0];
  const planned = spec.provisioning === undefined ? undefined : candidateDisks(node, { ...spec, provisioning: spec.provisioning }).find((disk) => roomFor({ ...spec, provisioning: spec.provisioning! }, disk) > 0);
  return planned ?? node.systemDisk();
}

export function volumeController(node: ControllerContext, state: VolumeControllerState): void {
  if (node.config === undefined || node.lifecycleState() === 'off') {
    node.resources.prune('runtime', RT.volumeStatus, new Set());
    return;
  }
  const keep = new Set<string>(systemPartitionStatuses(node));
  let systemWaveReady = false;
  let dmIndex = 0;
  for (const spec of volumeSpecs(node.config.documents ?? [], node.config.object.machine?.systemDiskEncryption)) {
    const mayStart = spec.wave === 0 ? state.ephemeralRequested || node.status.volumesMounted : systemWaveReady;
    if (spec.wave === 0 && !mayStart) continue;
    keep.add(spec.id);
    if (spec.type === 'directory') {
      // Talos makes a directory volume ready at once (a directory under /var/mnt once EPHEMERAL is mounted).
      put(node, spec, { phase: mayStart ? 'ready' : 'waiting', location: '', size: 0, prettySize: '', filesystem: '', mountLocation: '', mountSpec: { targetPath: spec.target.slice('/var/mnt/'.length), parentID: '/var/mnt' } });
      continue;
    }
    const outcome: Outcome = mayStart ? reconcileVolume(node, spec) : { phase: 'waiting' };
    const phase = writeStatus(node, state, spec, outcome, dmIndex);
    if (spec.encryption !== undefined && outcome.phase === 'ready') dmIndex++;
    if (spec.wave === 0) systemWaveReady = phase === 'ready' && node.status.volumesMounted;
  }
  for (const id of systemVolumeStatuses(node, keep.has('EPHEMERAL'))) keep.add(id);
  node.resources.prune('runtime', RT.volumeStatus, keep);
}
