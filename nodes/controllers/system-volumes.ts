// Talos's system directory, symlink and overlay volumes (volumeconfig/system_volumes.go at v1.13.9:
// StandardDirectoryVolumesTransformer and GetOverlayVolumesTransformer) and who asks for their
// mounts. Once a node has a config, block.VolumeConfigController declares them; the volume manager
// makes a directory or symlink volume ready at once (nothing to locate or provision) and an overlay
// once its parent (EPHEMERAL) has a status. A mount is asked for by the services that use the
// volume while they run (the service runner's volume mount requests `service/<id>-<volume>`: cri,
// etcd, kubelet), by block.VolumeConfigController (/var/mnt, kept alive for user volumes) and by
// runtime.LogPersistenceController (/var/log); block.MountRequestController gathers the requests
// per volume (requesters in request-id order) and block.MountController mounts it under its parent
// mount (a directory's target is its parent's target joined with its own name).
// Leaves out: SELinux relabelling, file modes and owners as they would be on disk (they are only
// declared in the status), in-container mode, and unmounting in reverse order at shutdown.
import type { ControllerContext } from './controller-context.ts';
import { RT } from '../resources/resource-types.ts';

export interface SystemVolume {
  id: string;
  type: 'directory' | 'symlink' | 'overlay';
  /** The volume whose status must exist first (overlays: EPHEMERAL). */
  parentID: string;
  mountSpec: { targetPath: string; parentID?: string; selinuxLabel?: string; fileMode?: number; uid?: number; gid?: number; recursiveRelabel?: boolean };
  symlinkSpec?: { symlinkTargetPath: string; force: boolean };
}

interface DirectoryDefinition {
  path: string;
  id?: string;
  mode: number;
  selinuxLabel: string;
  uid?: number;
  gid?: number;
  recursive?: boolean;
}

const EPHEMERAL_LABEL = 'system_u:object_r:ephemeral_t:s0';
/** KubernetesAPIServerRunUser/Group. */
const APISERVER_USER = 65534;
/** EtcdUserID. */
const ETCD_USER = 60;

/** standardVolumeDefinitions, in Talos's order (parents before children). */
const DIRECTORIES: readonly DirectoryDefinition[] = [
  { path: '/var/log', mode: 0o755, selinuxLabel: 'system_u:object_r:var_log_t:s0' },
  { path: '/var/log/audit', mode: 0o700, selinuxLabel: 'system_u:object_r:audit_log_t:s0' },
  { path: '/var/log/audit/kube', mode: 0o700, uid: APISERVER_USER, gid: APISERVER_USER, recursive: true, selinuxLabel: 'system_u:object_r:kube_log_t:s0' },
  { path: '/var/log/containers', mode: 0o755, selinuxLabel: 'system_u:object_r:containers_log_t:s0' },
  { path: '/var/log/pods', mode: 0o755, selinuxLabel: 'system_u:object_r:pods_log_t:s0' },
  { path: '/var/lib', mode: 0o700, selinuxLabel: EPHEMERAL_LABEL },
  { path: '/var/lib/etcd', id: 'ETCD', mode: 0o700, uid: ETCD_USER, gid: ETCD_USER, recursive: true, selinuxLabel: 'system_u:object_r:etcd_data_t:s0' },
  { path: '/var/lib/containerd', mode: 0o000, selinuxLabel: 'system_u:object_r:containerd_state_t:s0' },
  { path: '/var/lib/kubelet', mode: 0o700, selinuxLabel: 'system_u:object_r:kubelet_state_t:s0' },
  { path: '/var/lib/cni', mode: 0o700, recursive: true, selinuxLabel: 'system_u:object_r:cni_state_t:s0' },
  { path: '/var/lib/kubelet/seccomp', mode: 0o700, selinuxLabel: 'system_u:object_r:seccomp_profile_t:s0' },
  { path: '/var/lib/kubelet/seccomp/profiles', mode: 0o700, recursive: true, selinuxLabel: 'system_u:object_r:seccomp_profile_t:s0' },
  { path: '/var/mnt', mode: 0o755, selinuxLabel: EPHEMERAL_LABEL },
  { path: '/var/run/lock', mode: 0o755, selinuxLabel: 'system_u:object_r:var_lock_t:s0' },
];

/** constants.Overlays: mounted over the image's directories, their upper layers on EPHEMERAL. */
const OVERLAYS: ReadonlyArray<[string, string]> = [
  ['/etc/cni', 'system_u:object_r:cni_conf_t:s0'],
  ['/etc/kubernetes', 'system_u:object_r:k8s_conf_t:s0'],
  ['/usr/libexec/kubernetes', 'system_u:object_r:k8s_plugin_t:s0'],
  ['/opt', 'system_u:object_r:opt_t:s0'],
];

function declare(): SystemVolume[] {
  const volumes: SystemVolume[] = [{
    id: '/var/run', type: 'symlink', parentID: '', mountSpec: { targetPath: '/var/run' }, symlinkSpec: { symlinkTargetPath: '/run', force: true },
  }];
  const parentIds = new Map<string, string>([['/var', 'EPHEMERAL'], ['/var/run', '/var/run']]);
  for (const definition of DIRECTORIES) {
    const slash = definition.path.lastIndexOf('/');
    // Declared parents first, so the parent's id is known.
    const parentID = parentIds.get(definition.path.slice(0, slash))!;
    const id = definition.id ?? definition.path;
    volumes.push({
      id, type: 'directory', parentID: '',
      mountSpec: {
        targetPath: definition.path.slice(slash + 1), parentID, selinuxLabel: definition.selinuxLabel, fileMode: definition.mode,
        ...(definition.uid === undefined ? {} : { uid: definition.uid, gid: definition.gid }), ...(definition.recursive ? { recursiveRelabel: true } : {}),
      },
    });
    parentIds.set(definition.path, id);
  }
  for (const [path, selinuxLabel] of OVERLAYS) {
    volumes.push({ id: path, type: 'overlay', parentID: 'EPHEMERAL', mountSpec: { targetPath: path, selinuxLabel, fileMode: 0o755 } });
  }
  return volumes;
}

/** Every system volume of a node with a config, parents before their children. */
export const SYSTEM_VOLUMES: readonly SystemVolume[] = declare();

/** The volumes each service asks to have mounted while it runs (its Volumes()). */
const SERVICE_VOLUMES: Record<string, readonly string[]> = {
  cri: ['/var/lib', '/var/lib/cni', '/var/lib/containerd', '/var/run', '/var/run/lock', ...OVERLAYS.map(([path]) => path)],
  etcd: ['/var/lib', 'ETCD'],
  kubelet: ['/var/lib', '/var/lib/kubelet', '/var/log', '/var/log/audit', '/var/log/containers', '/var/log/pods', '/var/lib/kubelet/seccomp',
    '/var/lib/kubelet/seccomp/profiles', '/var/log/audit/kube', '/var/mnt'],
};

/** A service holds its mount requests from when its runner starts until it stops for good. */
const HOLDING_STATES = new Set(['Starting', 'Preparing', 'Waiting', 'Running', 'Stopping']);
const SERVICE_NAMES = Object.keys(SERVICE_VOLUMES);

function holdsMounts(state: string | undefined): boolean {
  return state !== undefined && HOLDING_STATES.has(state);
}

/** Whether a service moving from `before` to `after` changes what systemMountInputs reads (it takes or drops its mount requests). */
export function serviceMountsMoved(service: string, before: string | undefined, after: string | undefined): boolean {
  return SERVICE_VOLUMES[service] !== undefined && holdsMounts(before) !== holdsMounts(after);
}

/** What the mounts of system volumes depend on besides the volume statuses: whether each service holds its requests (not its exact state). */
export function systemMountInputs(node: ControllerContext): unknown[] {
  const inputs: boolean[] = [];
  for (const service of SERVICE_NAMES) inputs.push(holdsMounts(node.services.state(service)));
  return inputs;
}

/** The mount requests standing now, per volume: [requester, request id], in request-id order. */
export function systemMountRequests(node: ControllerContext): Map<string, Array<[string, string]>> {
  const requests: Array<[string, string, string]> = [
    ['/var/mnt', 'block.VolumeConfigController', '/var/mnt'],
    ['/var/log', 'runtime.LogPersistenceController', 'runtime.LogPersistenceController-/var/log'],
  ];
  for (const [service, volumes] of Object.entries(SERVICE_VOLUMES)) {
    if (!holdsMounts(node.services.state(service))) continue;
    for (const volume of volumes) requests.push([volume, `service/${service}`, `service/${service}-${volume}`]);
  }
  requests.sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  const byVolume = new Map<string, Array<[string, string]>>();
  for (const [volume, requester, id] of requests) {
    let list = byVolume.get(volume);
    if (list === undefined) byVolume.set(volume, (list = []));
    list.push([requester, id]);
  }
  return byVolume;
}

/**
 * Write the system volumes' VolumeStatuses (the node has a config and is on; `ephemeralKnown`:
 * EPHEMERAL has a status after this pass); returns their ids.
 */
export function systemVolumeStatuses(node: ControllerContext, ephemeralKnown: boolean): string[] {
  return SYSTEM_VOLUMES.map((volume) => {
    const ready = volume.parentID === '' || ephemeralKnown;
    node.resources.put('runtime', RT.volumeStatus, volume.id, {
      type: volume.type, phase: ready ? 'ready' : 'waiting', ...(volume.parentID === '' ? {} : { parentID: volume.parentID }),
      location: '', size: 0, prettySize: '', filesystem: '', mountLocation: '', errorMessage: '',
      ...(ready ? { mountSpec: volume.mountSpec, ...(volume.symlinkSpec ? { symlinkSpec: volume.symlinkSpec } : {}) } : {}),
    });
    return volume.id;
  });
}
