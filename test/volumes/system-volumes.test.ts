// Talos's system volumes as `talosctl get volumestatus` and `get mountstatus` list them on a v1.13
// node: the directory volumes (/var/log..., /var/lib..., ETCD for /var/lib/etcd, /var/mnt), the
// /var/run symlink and the overlays (/etc/cni, /etc/kubernetes, /usr/libexec/kubernetes, /opt),
// each ready with its mount spec; mounted under its parent's mount while a service (cri, etcd,
// kubelet), block.VolumeConfigController or runtime.LogPersistenceController asks for it, with the
// requesters in request-id order. A worker has the ETCD volume but nothing mounts it.
import { describe, expect, it } from 'vitest';
import { bootedCluster } from '../faults/fault-harness.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import { protoSpecBytes } from '../../nodes/api/cosi-proto-spec.ts';
import { decodeMessage } from '../../proto/load.ts';
import type { VirtualNode } from '../../nodes/node.ts';

const spec = <T = Record<string, unknown>>(node: VirtualNode, type: string, id: string) => node.resources.get<T>('runtime', type, id)?.spec;

const SYSTEM_IDS = ['/etc/cni', '/etc/kubernetes', '/opt', '/usr/libexec/kubernetes', '/var/lib', '/var/lib/cni', '/var/lib/containerd',
  '/var/lib/kubelet', '/var/lib/kubelet/seccomp', '/var/lib/kubelet/seccomp/profiles', '/var/log', '/var/log/audit', '/var/log/audit/kube',
  '/var/log/containers', '/var/log/pods', '/var/mnt', '/var/run', '/var/run/lock', 'ETCD'];

describe('system directory volumes', () => {
  const { cluster } = bootedCluster({ controlPlanes: 1, workers: 1 });
  const cp = cluster.node('cp-1');
  const worker = cluster.node('worker-1');

  it('VolumeStatus: every system volume ready with its type and mount spec, sorted with EPHEMERAL, META and STATE', () => {
    const ids = cp.resources.list('runtime', RT.volumeStatus).map((volume) => volume.metadata.id);
    expect(ids).toEqual([...SYSTEM_IDS.slice(0, 18), 'EPHEMERAL', 'ETCD', 'META', 'STATE']);
    expect(spec(cp, RT.volumeStatus, 'ETCD')).toMatchObject({
      type: 'directory', phase: 'ready', location: '',
      mountSpec: { targetPath: 'etcd', parentID: '/var/lib', selinuxLabel: 'system_u:object_r:etcd_data_t:s0', fileMode: 0o700, uid: 60, gid: 60, recursiveRelabel: true },
    });
    expect(spec(cp, RT.volumeStatus, '/var/lib')).toMatchObject({ type: 'directory', phase: 'ready', mountSpec: { targetPath: 'lib', parentID: 'EPHEMERAL' } });
    expect(spec(cp, RT.volumeStatus, '/var/run/lock')).toMatchObject({ mountSpec: { targetPath: 'lock', parentID: '/var/run' } });
    expect(spec(cp, RT.volumeStatus, '/var/run')).toMatchObject({ type: 'symlink', phase: 'ready', mountSpec: { targetPath: '/var/run' }, symlinkSpec: { symlinkTargetPath: '/run', force: true } });
    expect(spec(cp, RT.volumeStatus, '/opt')).toMatchObject({ type: 'overlay', phase: 'ready', parentID: 'EPHEMERAL', mountSpec: { targetPath: '/opt', selinuxLabel: 'system_u:object_r:opt_t:s0' } });
    expect(worker.resources.get('runtime', RT.volumeStatus, 'ETCD')).toBeDefined();
  });

  it('MountStatus: mounted under the parent mount, requesters in request-id order; etcd mounts ETCD on control planes only', () => {
    expect(spec(cp, RT.mountStatus, '/var/lib')).toEqual({
      spec: { volumeID: '/var/lib', parentID: 'EPHEMERAL', requesters: ['service/cri', 'service/etcd', 'service/kubelet'],
        requesterIDs: ['service/cri-/var/lib', 'service/etcd-/var/lib', 'service/kubelet-/var/lib'], readOnly: false, detached: false },
      source: '', target: '/var/lib', filesystem: 'none', readOnly: false, projectQuotaSupport: false, detached: false,
    });
    expect(spec(cp, RT.mountStatus, 'ETCD')).toMatchObject({ target: '/var/lib/etcd', spec: { parentID: '/var/lib', requesters: ['service/etcd'] } });
    expect(spec(cp, RT.mountStatus, '/var/lib/kubelet/seccomp/profiles')).toMatchObject({ target: '/var/lib/kubelet/seccomp/profiles' });
    expect(spec(cp, RT.mountStatus, '/var/log/audit/kube')).toMatchObject({ target: '/var/log/audit/kube', spec: { requesters: ['service/kubelet'] } });
    expect(spec(cp, RT.mountStatus, '/var/log')).toMatchObject({ spec: { requesters: ['runtime.LogPersistenceController', 'service/kubelet'] } });
    expect(spec(cp, RT.mountStatus, '/var/mnt')).toMatchObject({ target: '/var/mnt', spec: { requesters: ['block.VolumeConfigController', 'service/kubelet'], requesterIDs: ['/var/mnt', 'service/kubelet-/var/mnt'] } });
    expect(spec(cp, RT.mountStatus, '/var/run/lock')).toMatchObject({ target: '/var/run/lock', spec: { requesters: ['service/cri'] } });
    expect(spec(cp, RT.mountStatus, '/etc/kubernetes')).toMatchObject({ target: '/etc/kubernetes', spec: { parentID: '', requesters: ['service/cri'] } });
    expect(worker.resources.get('runtime', RT.mountStatus, 'ETCD')).toBeUndefined();
    expect(spec(worker, RT.mountStatus, '/var/lib')).toMatchObject({ spec: { requesters: ['service/cri', 'service/kubelet'] } });
    expect(cp.logs.contains('controller-runtime', 'overlay mount {"component": "controller-runtime", "controller": "block.MountController", "volume": "/etc/cni", "target": "/etc/cni", "parent": "EPHEMERAL"}')).toBe(true);
  });

  it('proto_spec: the directory type and symlink enums and the whole mount spec', () => {
    const decode = (id: string) => decodeMessage<Record<string, unknown>>('talos.resource.definitions.block.VolumeStatusSpec',
      protoSpecBytes('talos.resource.definitions.block.VolumeStatusSpec', spec(cp, RT.volumeStatus, id))!);
    expect(decode('ETCD')).toMatchObject({ type: 'VOLUME_TYPE_DIRECTORY', phase: 'VOLUME_PHASE_READY', mount_spec: { target_path: 'etcd', parent_id: '/var/lib', file_mode: 0o700, uid: '60', gid: '60', recursive_relabel: true } });
    expect(decode('/var/run')).toMatchObject({ type: 'VOLUME_TYPE_SYMLINK', symlink_spec: { symlink_target_path: '/run', force: true } });
    expect(decode('/etc/cni')).toMatchObject({ type: 'VOLUME_TYPE_OVERLAY', parent_id: 'EPHEMERAL' });
  });
});
