// Swap volumes switched on and what is mounted, as `talosctl get swap`, `talosctl get
// mountstatus`, `talosctl read /proc/swaps` and `talosctl memory` show them: the SwapStatus of
// each swap device (size less the swap header page, and LUKS2's header when encrypted; priorities
// -2, -3 in the order they came up), /proc/swaps in the kernel's layout, SwapTotal/SwapFree and
// CommitLimit in meminfo, MountStatus for STATE, EPHEMERAL, user volumes and swap with their typed
// proto_spec (the system directory volumes' mounts: system-volumes.test.ts). Removing the SwapVolumeConfig switches the swap off. A node without swap is the
// control: no SwapStatus, an empty /proc/swaps, SwapTotal 0.
import { describe, expect, it } from 'vitest';
import { bootedCluster, waitFor } from '../faults/fault-harness.ts';
import { applyConfiguration } from '../../nodes/node-commands.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import { protoSpecBytes } from '../../nodes/api/cosi-proto-spec.ts';
import { decodeMessage } from '../../proto/load.ts';
import { systemStatHandlers } from '../../nodes/api/machine-system-stats.ts';
import type { VirtualNode } from '../../nodes/node.ts';
import type { CallContext } from '../../nodes/api/api-contract.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

const DOCUMENTS = [
  'apiVersion: v1alpha1\nkind: SwapVolumeConfig\nname: swap1\nprovisioning:\n  diskSelector:\n    match: disk.rotational\n  minSize: 1GiB\n  maxSize: 1GiB',
  'apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\nprovisioning:\n  diskSelector:\n    match: disk.rotational\n  maxSize: 10GiB',
  'apiVersion: v1alpha1\nkind: SwapVolumeConfig\nname: swap2\nprovisioning:\n  diskSelector:\n    match: disk.rotational\n  minSize: 512MiB\n  maxSize: 512MiB\nencryption:\n  provider: luks2\n  keys:\n    - slot: 0\n      static:\n        passphrase: secretswap',
];

function swapCluster() {
  const patch = DOCUMENTS.join('\n---\n').split('\n').map((line) => `          ${line}`).join('\n');
  const { cluster } = bootedCluster({
    controlPlanes: 1,
    extraNodesYaml: `    - name: data-1\n      role: worker\n      hardware: bare-metal\n      patches:\n        - |\n${patch}`,
  });
  const node = cluster.node('data-1');
  waitFor(cluster, () => node.resources.get('runtime', RT.swapStatus, '/dev/dm-0') !== undefined, 5 * 60_000, 'both swaps on');
  return { cluster, node };
}

const spec = <T>(node: VirtualNode, type: string, id: string) => node.resources.get<T>('runtime', type, id)?.spec;
const meminfo = (node: VirtualNode) => ((systemStatHandlers.Memory!({}, { node } as CallContext) as { messages: Array<{ meminfo: Record<string, number> }> }).messages[0]!.meminfo);

describe('SwapVolumeConfig acts: swap switched on', () => {
  it('SwapStatus per device, /proc/swaps and meminfo agree; the node without swap has none', () => {
    const { cluster, node } = swapCluster();
    const plainSize = GiB - 4096;
    const encryptedSize = 512 * MiB - 16 * MiB - 4096;
    expect(spec(node, RT.swapStatus, '/dev/sdb1')).toEqual({ device: '/dev/sdb1', type: 'partition', size: plainSize, sizeHuman: '1024 MiB', used: 0, usedHuman: '0 B', priority: -2 });
    expect(spec(node, RT.swapStatus, '/dev/dm-0')).toEqual({ device: '/dev/dm-0', type: 'partition', size: encryptedSize, sizeHuman: '496 MiB', used: 0, usedHuman: '0 B', priority: -3 });
    expect(node.fs.read('/proc/swaps')!.content).toBe([
      'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority',
      `/dev/sdb1${' '.repeat(31)}partition\t${plainSize / 1024}\t\t0\t\t-2`,
      `/dev/dm-0${' '.repeat(31)}partition\t${encryptedSize / 1024}\t\t0\t\t-3`,
      '',
    ].join('\n'));
    const memory = meminfo(node);
    expect(memory.swaptotal).toBe((plainSize + encryptedSize) / 1024);
    expect(memory.swapfree).toBe(memory.swaptotal);
    expect(memory.commitlimit).toBe(Math.floor(memory.memtotal! / 2) + memory.swaptotal!);
    const plain = cluster.node('worker-1');
    expect(plain.resources.list('runtime', RT.swapStatus)).toEqual([]);
    expect(plain.fs.read('/proc/swaps')!.content).toBe('Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n');
    expect(meminfo(plain).swaptotal).toBe(0);
    expect(node.logs.contains('controller-runtime', 'swap enabled {"component": "controller-runtime", "controller": "block.MountController", "volume": "s-swap1", "source": "/dev/sdb1"}')).toBe(true);
  });

  it('removing a SwapVolumeConfig switches that swap off; the other keeps its priority', () => {
    const { cluster, node } = swapCluster();
    const text = node.config!.text.split(/^---$/m).filter((document) => !/name: swap1\b/.test(document)).join('---');
    const operation = applyConfiguration(node, { data: text, mode: 'no-reboot', dryRun: false });
    waitFor(cluster, () => operation.done, 60_000, 'apply answered');
    expect(operation.error).toBeUndefined();
    waitFor(cluster, () => node.resources.get('runtime', RT.swapStatus, '/dev/sdb1') === undefined, 60_000, 'swap1 off');
    expect(node.resources.list('runtime', RT.swapStatus).map((swap) => swap.metadata.id)).toEqual(['/dev/dm-0']);
    expect(spec<{ priority: number }>(node, RT.swapStatus, '/dev/dm-0')!.priority).toBe(-3);
    expect(node.resources.get('runtime', RT.mountStatus, 's-swap1')).toBeUndefined();
    expect(node.fs.read('/proc/swaps')!.content).not.toContain('/dev/sdb1');
  });
});

describe('MountStatus: what is mounted', () => {
  it('STATE, EPHEMERAL, the user volume and the swaps, each with its source, target, filesystem and requester', () => {
    const { node } = swapCluster();
    const volumeMounts = node.resources.list('runtime', RT.mountStatus).map((mount) => mount.metadata.id).filter((id) => !id.startsWith('/'));
    expect(volumeMounts).toEqual(['EPHEMERAL', 'STATE', 's-swap1', 's-swap2', 'u-data']);
    expect(spec(node, RT.mountStatus, 'EPHEMERAL')).toMatchObject({ source: '/dev/sda6', target: '/var', filesystem: 'xfs', spec: { volumeID: 'EPHEMERAL', requesters: ['sequencer'] } });
    expect(spec(node, RT.mountStatus, 'STATE')).toMatchObject({ source: '/dev/sda5', target: '/system/state', filesystem: 'xfs' });
    expect(spec(node, RT.mountStatus, 'u-data')).toMatchObject({ source: '/dev/sdb2', target: '/var/mnt/data', filesystem: 'xfs', spec: { parentID: '/var/mnt', requesters: ['block.VolumeConfigController'] } });
    expect(spec(node, RT.mountStatus, 's-swap2')).toMatchObject({ source: '/dev/dm-0', target: '/', filesystem: 'swap', encryptionProvider: 'luks2' });
  });

  it('proto_spec is typed as upstream: enums for filesystem and encryption provider, the request nested, SwapStatus sizes as uint64', () => {
    const { node } = swapCluster();
    const mount = decodeMessage<Record<string, unknown>>('talos.resource.definitions.block.MountStatusSpec',
      protoSpecBytes('talos.resource.definitions.block.MountStatusSpec', spec(node, RT.mountStatus, 's-swap2'))!);
    expect(mount).toMatchObject({ source: '/dev/dm-0', target: '/', filesystem: 'FILESYSTEM_TYPE_SWAP', encryption_provider: 'ENCRYPTION_PROVIDER_LUKS2', spec: { volume_id: 's-swap2', requesters: ['block.VolumeConfigController'], requester_i_ds: ['s-swap2'] } });
    const swap = decodeMessage<Record<string, unknown>>('talos.resource.definitions.block.SwapStatusSpec',
      protoSpecBytes('talos.resource.definitions.block.SwapStatusSpec', spec(node, RT.swapStatus, '/dev/sdb1'))!);
    expect(swap).toEqual({ device: '/dev/sdb1', size_bytes: String(GiB - 4096), size_human: '1024 MiB', used_bytes: '0', used_human: '0 B', priority: -2, type: 'partition' });
  });
});
