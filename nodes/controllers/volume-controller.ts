// block.VolumeManagerController in miniature for the volume documents: EPHEMERAL's status on the
// system disk, and each UserVolumeConfig / RawVolumeConfig going through Talos' phases in
// VolumeStatus: waiting (until the system volumes are provisioned), then either failed ("no disks
// matched selector for volume", or not enough free space on any matched disk) or provisioned (a
// partition `u-<name>` cut from the first matching disk with room), prepared (formatted) and
// ready (user volumes mounted under /var/mnt/<name>). A partition made once is located again on
// the next boot. The disk selector is CEL over the Disks resource fields (cel-selector.ts).
// Leaves out: encryption, ExistingVolumeConfig, swap, IMAGECACHE, resizing and `grow`, disk
// volumes (volumeType: disk) beyond their status, and a VolumeConfig moving EPHEMERAL to another disk.
import type { ControllerContext, VolumeControllerState } from './controller-context.ts';
import type { Disk } from '../devices/disk.ts';
import { RT } from '../resources/resource-types.ts';
import { selectorMatches } from '../config/cel-selector.ts';
import { diskVariables as selectorDiskVariables } from '../config/selector-variables.ts';

/** Virtual time between two phases of one volume (partitioning, mkfs, mount). */
const PHASE_STEP_MS = 400;
const SIZE_UNITS: Record<string, number> = {
  '': 1, b: 1, k: 1e3, kb: 1e3, ki: 2 ** 10, kib: 2 ** 10, m: 1e6, mb: 1e6, mi: 2 ** 20, mib: 2 ** 20,
  g: 1e9, gb: 1e9, gi: 2 ** 30, gib: 2 ** 30, t: 1e12, tb: 1e12, ti: 2 ** 40, tib: 2 ** 40,
};

/** A document size ("10GiB", "25%") in bytes of a disk of `diskBytes`; null when empty or unreadable. */
export function volumeSizeBytes(text: string, diskBytes: number): number | null {
  const trimmed = text.trim();
  if (trimmed.endsWith('%')) return Math.floor((diskBytes * Number(trimmed.slice(0, -1))) / 100);
  const match = /^([\d.]+)\s*([a-zA-Z]*)$/.exec(trimmed);
  if (match === null) return null;
  const unit = SIZE_UNITS[match[2].toLowerCase()];
  return unit === undefined ? null : Math.floor(Number(match[1]) * unit);
}

function diskVariables(disk: Disk, systemDisk: Disk | undefined) {
  const profile = disk.profile;
  return selectorDiskVariables({ ...profile, devPath: disk.devPath, readOnly: !disk.writable }, disk === systemDisk);
}

interface VolumeDocument {
  id: string;
  name: string;
  raw: boolean;
  match: string;
  minBytes: (diskBytes: number) => number;
  maxBytes: (diskBytes: number) => number | null;
}

function volumeDocuments(node: ControllerContext): VolumeDocument[] {
  return (node.config?.documents ?? [])
    .filter((document) => document.kind === 'UserVolumeConfig' || document.kind === 'RawVolumeConfig')
    .filter((document) => document.kind === 'RawVolumeConfig' || String(document.body.volumeType ?? 'partition') === 'partition')
    .map((document) => {
      const provisioning = (document.body.provisioning ?? {}) as { diskSelector?: { match?: string }; minSize?: string; maxSize?: string };
      const raw = document.kind === 'RawVolumeConfig';
      return {
        id: `${raw ? 'r' : 'u'}-${document.name}`,
        name: document.name,
        raw,
        match: provisioning.diskSelector?.match ?? '',
        minBytes: (diskBytes) => volumeSizeBytes(provisioning.minSize ?? '', diskBytes) ?? volumeSizeBytes(provisioning.maxSize ?? '', diskBytes) ?? 100 * 2 ** 20,
        maxBytes: (diskBytes) => volumeSizeBytes(provisioning.maxSize ?? '', diskBytes),
      };
    });
}

function put(node: ControllerContext, id: string, spec: Record<string, unknown>): void {
  node.resources.put('runtime', RT.volumeStatus, id, { type: 'partition', errorMessage: '', ...spec });
}

export function volumeController(node: ControllerContext, state: VolumeControllerState): void {
  const keep = new Set<string>();
  const systemDisk = node.systemDisk();
  const ephemeral = systemDisk?.partitions.find((partition) => partition.label === 'EPHEMERAL');
  const systemReady = node.status.volumesMounted && systemDisk !== undefined && ephemeral !== undefined;
  if (systemReady) {
    keep.add('EPHEMERAL');
    put(node, 'EPHEMERAL', {
      phase: 'ready', location: systemDisk.partitionPath(ephemeral.index), parentLocation: systemDisk.devPath, partitionIndex: ephemeral.index,
      size: ephemeral.sizeBytes, prettySize: prettyBytes(ephemeral.sizeBytes), filesystem: 'xfs', mountLocation: '/var',
    });
  }
  if (node.config === undefined || node.lifecycleState() === 'off') {
    node.resources.prune('runtime', RT.volumeStatus, keep);
    return;
  }
  const now = node.world.kernel.now;
  for (const volume of volumeDocuments(node)) {
    keep.add(volume.id);
    const mountLocation = volume.raw ? '' : `/var/mnt/${volume.name}`;
    if (!systemReady) {
      put(node, volume.id, { phase: 'waiting', location: '', size: 0, prettySize: '', filesystem: '', mountLocation });
      continue;
    }
    const located = node.disks.filter((disk) => disk.present).flatMap((disk) => disk.partitions.filter((partition) => partition.label === volume.id).map((partition) => ({ disk, partition })))[0];
    const placed = located ?? provision(node, volume, systemDisk);
    if ('error' in placed) {
      state.phases.delete(volume.id);
      put(node, volume.id, { phase: 'failed', location: '', size: 0, prettySize: '', filesystem: '', mountLocation, errorMessage: placed.error });
      continue;
    }
    const order = located !== undefined && state.phases.get(volume.id) === undefined ? ['located', 'prepared', 'ready'] : ['provisioned', 'prepared', 'ready'];
    const phase = advance(node, state, volume.id, volume.raw ? order.filter((name) => name !== 'prepared') : order, now);
    put(node, volume.id, {
      phase, location: placed.disk.partitionPath(placed.partition.index), parentLocation: placed.disk.devPath, partitionIndex: placed.partition.index,
      size: placed.partition.sizeBytes, prettySize: prettyBytes(placed.partition.sizeBytes), filesystem: volume.raw ? '' : 'xfs',
      mountLocation: phase === 'ready' ? mountLocation : '',
    });
  }
  node.resources.prune('runtime', RT.volumeStatus, keep);
}

function advance(node: ControllerContext, state: VolumeControllerState, id: string, order: string[], now: number): string {
  let current = state.phases.get(id);
  if (current === undefined || !order.includes(current.phase)) {
    current = { phase: order[0], sinceMs: now };
    state.phases.set(id, current);
    node.controllerLog('block.VolumeManagerController', `volume ${current.phase}`, { volume: id });
  } else if (current.phase !== order[order.length - 1] && now - current.sinceMs >= PHASE_STEP_MS) {
    current = { phase: order[order.indexOf(current.phase) + 1], sinceMs: now };
    state.phases.set(id, current);
    if (current.phase === 'ready') node.controllerLog('block.MountController', 'volume mount', { volume: id, target: `/var/mnt/${id.slice(2)}` });
  }
  if (current.phase !== order[order.length - 1]) node.world.kernel.schedule(PHASE_STEP_MS, `volume ${node.name}/${id}`, () => node.requestReconcile());
  return current.phase;
}

/** Cuts a partition for the volume on the first matching disk with room; Talos' error texts otherwise. */
function provision(node: ControllerContext, volume: VolumeDocument, systemDisk: Disk | undefined) {
  const matched = node.disks.filter((disk) => disk.present && disk.writable && selectorMatches(volume.match, 'disk', diskVariables(disk, systemDisk)));
  if (matched.length === 0) return { error: 'no disks matched selector for volume' };
  for (const disk of matched) {
    const free = disk.freeBytes();
    const size = Math.min(volume.maxBytes(disk.profile.sizeBytes) ?? free, free);
    if (size <= 0 || size < volume.minBytes(disk.profile.sizeBytes)) continue;
    const index = Math.max(0, ...disk.partitions.map((partition) => partition.index)) + 1;
    const partition = { index, label: volume.id as `u-${string}`, sizeBytes: size, filesystem: volume.raw ? ('none' as const) : ('xfs' as const) };
    disk.partitions.push(partition);
    return { disk, partition };
  }
  return { error: `no disks matched for volume (${matched.length} matched selector): ${matched.length} have not enough space, 0 have wrong format, 0 have other issues` };
}

function prettyBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${Number.isInteger(size) ? size : size.toFixed(1)} ${units[unit]}`;
}
