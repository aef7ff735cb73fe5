// block.MountController and block.SwapStatusController in miniature: what is mounted, as
// MountStatus resources (id = volume id: STATE on /system/state and EPHEMERAL on /var requested by
// the sequencer; user and existing volumes under /var/mnt/<name> and swap volumes requested by
// block.VolumeConfigController), and the swap devices switched on (swapon with the kernel's
// default priorities -2, -3... in the order they came up this boot) as SwapStatus resources
// (id = the device, as /proc/swaps names it; size from the swap header: the device less its first
// page, and LUKS2's 16 MiB header when encrypted; nothing is ever swapped out, so used is 0).
// System directory, symlink and overlay volumes (/var/lib, ETCD, /var/run, /etc/cni...) are mounted
// while something asks for them (system-volumes.ts), under their parent's mount.
// Leaves out: IMAGECACHE, unmount ordering at shutdown, and swap in use under memory pressure.
import type { ControllerContext, MountControllerState } from './controller-context.ts';
import { RT } from '../resources/resource-types.ts';
import { volumeSpecs } from './volume-specs.ts';
import { humanizeIBytes } from '../go-format/humanize.ts';
import { SYSTEM_VOLUMES, systemMountInputs, systemMountRequests } from './system-volumes.ts';

interface VolumeStatusView {
  phase: string;
  location: string;
  mountLocation: string;
  size: number;
  filesystem: string;
  encryptionProvider?: string;
  mountSpec?: { targetPath?: string; parentID?: string };
}

const PAGE_BYTES = 4096;
const LUKS2_HEADER_BYTES = 16 * 2 ** 20;
const USER_VOLUME_MOUNT_POINT = '/var/mnt';

/** What it reads: the volumes' statuses, whether /var is mounted, power and the config. */
export function mountInputs(node: ControllerContext): unknown[] {
  return [node.resources.kindVersion('runtime', RT.volumeStatus), node.status.volumesMounted, node.lifecycleState() === 'off', node.config, ...systemMountInputs(node)];
}

/** The swap size the kernel reports for a device of `bytes`: whole pages after the swap header, in bytes. */
export function swapSizeBytes(bytes: number): number {
  return Math.max(0, Math.floor(bytes / PAGE_BYTES) - 1) * PAGE_BYTES;
}

interface Mount {
  target: string;
  requester: string;
  parentID: string;
  readOnly: boolean;
  projectQuotaSupport: boolean;
}

/** Where a ready volume is mounted now, or undefined when nothing has asked for it yet. */
function mountOf(node: ControllerContext, id: string, status: VolumeStatusView, readOnly: boolean): Mount | undefined {
  const quota = node.config?.object.machine?.features?.diskQuotaSupport === true;
  if (id === 'STATE') return { target: '/system/state', requester: 'sequencer', parentID: '', readOnly: false, projectQuotaSupport: false };
  if (!node.status.volumesMounted) return undefined;
  if (id === 'EPHEMERAL') return { target: '/var', requester: 'sequencer', parentID: '', readOnly: false, projectQuotaSupport: quota };
  if (status.filesystem === 'swap') return { target: '/', requester: 'block.VolumeConfigController', parentID: '', readOnly: false, projectQuotaSupport: false };
  const targetPath = status.mountSpec?.targetPath ?? '';
  if (targetPath === '' || status.mountSpec?.parentID !== USER_VOLUME_MOUNT_POINT || status.location === '') return undefined;
  return { target: `${USER_VOLUME_MOUNT_POINT}/${targetPath}`, requester: 'block.VolumeConfigController', parentID: USER_VOLUME_MOUNT_POINT, readOnly, projectQuotaSupport: false };
}

export function mountController(node: ControllerContext, state: MountControllerState): void {
  const mounted = new Set<string>();
  const swaps = new Set<string>();
  if (node.config !== undefined && node.lifecycleState() !== 'off') {
    const readOnly = new Map(volumeSpecs(node.config.documents ?? [], node.config.object.machine?.systemDiskEncryption).map((spec) => [spec.id, spec.readOnly]));
    const system = new Set(SYSTEM_VOLUMES.map((volume) => volume.id));
    for (const volume of node.resources.list('runtime', RT.volumeStatus)) {
      const status = volume.spec as VolumeStatusView;
      if (status.phase !== 'ready' || system.has(volume.metadata.id)) continue;
      const mount = mountOf(node, volume.metadata.id, status, readOnly.get(volume.metadata.id) ?? false);
      if (mount === undefined) continue;
      mounted.add(volume.metadata.id);
      node.resources.put('runtime', RT.mountStatus, volume.metadata.id, {
        spec: { volumeID: volume.metadata.id, parentID: mount.parentID, requesters: [mount.requester], requesterIDs: [volume.metadata.id], readOnly: mount.readOnly, detached: false },
        source: status.mountLocation,
        target: mount.target,
        filesystem: status.filesystem || 'none',
        ...(status.encryptionProvider ? { encryptionProvider: status.encryptionProvider } : {}),
        readOnly: mount.readOnly,
        projectQuotaSupport: mount.projectQuotaSupport,
        detached: false,
      });
      if (status.filesystem === 'swap') {
        swaps.add(status.mountLocation);
        switchOn(node, state, volume.metadata.id, status);
      }
    }
  }
  if (node.config !== undefined && node.lifecycleState() !== 'off' && node.status.volumesMounted) mountSystemVolumes(node, mounted);
  for (const device of [...state.swapPriorities.keys()]) {
    if (swaps.has(device)) continue;
    state.swapPriorities.delete(device);
    node.controllerLog('block.MountController', 'swap disabled', { source: device });
  }
  node.resources.prune('runtime', RT.mountStatus, mounted);
  node.resources.prune('runtime', RT.swapStatus, swaps);
}

function switchOn(node: ControllerContext, state: MountControllerState, volume: string, status: VolumeStatusView): void {
  const device = status.mountLocation;
  let priority = state.swapPriorities.get(device);
  if (priority === undefined) {
    priority = Math.min(-1, ...state.swapPriorities.values()) - 1;
    state.swapPriorities.set(device, priority);
    node.controllerLog('block.MountController', 'swap enabled', { volume, source: device });
  }
  const size = swapSizeBytes(status.size - (status.encryptionProvider ? LUKS2_HEADER_BYTES : 0));
  node.resources.put('runtime', RT.swapStatus, device, {
    device, type: 'partition', size, sizeHuman: humanizeIBytes(size), used: 0, usedHuman: humanizeIBytes(0), priority,
  });
}

/** The system volumes asked for, ready, and whose parent mount stands, mounted under it (parents first). */
function mountSystemVolumes(node: ControllerContext, mounted: Set<string>): void {
  const requests = systemMountRequests(node);
  for (const volume of SYSTEM_VOLUMES) {
    const requesters = requests.get(volume.id);
    const status = node.resources.get<VolumeStatusView>('runtime', RT.volumeStatus, volume.id)?.spec;
    if (requesters === undefined || status?.phase !== 'ready') continue;
    const parentID = volume.mountSpec.parentID ?? '';
    const parent = parentID === '' ? undefined : node.resources.get<{ target: string }>('runtime', RT.mountStatus, parentID);
    if (parentID !== '' && (parent === undefined || !mounted.has(parentID))) continue;
    const target = parent === undefined ? volume.mountSpec.targetPath : `${parent.spec.target}/${volume.mountSpec.targetPath}`;
    const known = node.resources.get('runtime', RT.mountStatus, volume.id) !== undefined;
    mounted.add(volume.id);
    node.resources.put('runtime', RT.mountStatus, volume.id, {
      spec: {
        volumeID: volume.id, parentID, requesters: requesters.map(([requester]) => requester), requesterIDs: requesters.map(([, id]) => id),
        readOnly: false, detached: false,
      },
      source: '', target, filesystem: 'none', readOnly: false, projectQuotaSupport: false, detached: false,
    });
    if (!known && volume.type === 'overlay') node.controllerLog('block.MountController', 'overlay mount', { volume: volume.id, target, parent: volume.parentID });
  }
}
