// MachineService NetworkDeviceStats, Mounts and DiskStats: counters of the node's NICs (the
// network model's own counts plus background traffic growing with uptime), the mounts Talos makes
// (squashfs root, tmpfs, and every filesystem in the MountStatus resources: STATE, EPHEMERAL
// wherever it was placed, with nothing available when it is full, user volumes), and per-device I/O counters that
// grow with uptime. Deterministic from the simulated state; nothing is measured.
import type { UnaryHandler } from './api-contract.ts';
import type { VirtualNode } from '../node.ts';
import { single } from './handler-support.ts';
import { RT } from '../resources/resource-types.ts';
import { ephemeralDisk } from '../controllers/volume-controller.ts';

const MIB = 1024 * 1024;

function uptimeSeconds(node: VirtualNode): number {
  return node.isPoweredOn() ? Math.max(0, (node.world.kernel.now - node.bootStartedMs) / 1000) : 0;
}

function netDev(name: string, counters: { rxBytes: number; txBytes: number; rxPackets: number; txPackets: number; rxErrors: number; txErrors: number; rxDropped: number; txDropped: number }) {
  return {
    name,
    rx_bytes: Math.floor(counters.rxBytes),
    rx_packets: Math.floor(counters.rxPackets),
    rx_errors: counters.rxErrors,
    rx_dropped: counters.rxDropped,
    tx_bytes: Math.floor(counters.txBytes),
    tx_packets: Math.floor(counters.txPackets),
    tx_errors: counters.txErrors,
    tx_dropped: counters.txDropped,
  };
}

const networkDeviceStats: UnaryHandler = (_request, { node }) => {
  const uptime = uptimeSeconds(node);
  const devices = [
    netDev('lo', { rxBytes: uptime * 9_000, txBytes: uptime * 9_000, rxPackets: uptime * 60, txPackets: uptime * 60, rxErrors: 0, txErrors: 0, rxDropped: 0, txDropped: 0 }),
    ...node.nics.map((nic) => {
      const live = nic.carrier ? 1 : 0;
      const c = nic.counters;
      return netDev(nic.name, {
        ...c,
        rxBytes: c.rxBytes + uptime * 24_000 * live,
        txBytes: c.txBytes + uptime * 11_000 * live,
        rxPackets: c.rxPackets + uptime * 40 * live,
        txPackets: c.txPackets + uptime * 25 * live,
      });
    }),
  ];
  const total = devices.reduce(
    (sum, device) => ({ ...sum, rx_bytes: sum.rx_bytes + device.rx_bytes, tx_bytes: sum.tx_bytes + device.tx_bytes, rx_packets: sum.rx_packets + device.rx_packets, tx_packets: sum.tx_packets + device.tx_packets }),
    { name: 'total', rx_bytes: 0, tx_bytes: 0, rx_packets: 0, tx_packets: 0 },
  );
  return single({ total, devices });
};

const mounts: UnaryHandler = (_request, { node }) => {
  const stats = [
    { filesystem: '/dev/loop0', size: 70 * MIB, available: 0, mounted_on: '/' },
    { filesystem: 'tmpfs', size: Math.floor(node.hardware.memoryBytes / 2), available: Math.floor(node.hardware.memoryBytes / 2) - 2 * MIB, mounted_on: '/run' },
    { filesystem: 'tmpfs', size: Math.floor(node.hardware.memoryBytes / 2), available: Math.floor(node.hardware.memoryBytes / 2) - MIB, mounted_on: '/system' },
  ];
  for (const mount of node.resources.list('runtime', RT.mountStatus)) {
    const { source, target, filesystem } = mount.spec as { source: string; target: string; filesystem: string };
    // Swap is no filesystem; a directory or symlink volume is no mount point of its own, and an
    // overlay's upper layer lives on /var (statted as /var).
    if (filesystem === 'swap' || source === '') continue;
    const size = node.resources.get<{ size: number }>('runtime', RT.volumeStatus, mount.metadata.id)?.spec.size ?? 0;
    const ephemeral = mount.metadata.id === 'EPHEMERAL';
    const used = ephemeral ? Math.min(size * 0.4, 2_000 * MIB + node.status.pulledImages.size * 300 * MIB) : size * 0.05;
    const full = ephemeral && ephemeralDisk(node)?.faults.ephemeralFull === true;
    stats.push({ filesystem: source, size, available: full ? 0 : Math.floor(size - used), mounted_on: target });
  }
  return single({ stats });
};

function diskStat(name: string, uptime: number, weight: number) {
  const reads = Math.floor((2_000 + uptime * 3) * weight);
  const writes = Math.floor(uptime * 12 * weight);
  return {
    name,
    read_completed: reads,
    read_merged: Math.floor(reads * 0.1),
    read_sectors: reads * 16,
    read_time_ms: Math.floor(reads * 0.4),
    write_completed: writes,
    write_merged: Math.floor(writes * 0.3),
    write_sectors: writes * 24,
    write_time_ms: Math.floor(writes * 0.9),
    io_in_progress: 0,
    io_time_ms: Math.floor((reads + writes) * 0.5),
    io_time_weighted_ms: Math.floor((reads + writes) * 0.7),
  };
}

const diskStats: UnaryHandler = (_request, { node }) => {
  const uptime = uptimeSeconds(node);
  const devices = node.disks
    .filter((disk) => disk.present)
    .flatMap((disk) => [diskStat(disk.name, uptime, 1), ...disk.partitions.map((partition) => diskStat(disk.partitionPath(partition.index).replace('/dev/', ''), uptime, partition.label === 'EPHEMERAL' ? 0.8 : 0.05))]);
  const total = devices
    .filter((device) => node.disks.some((disk) => disk.name === device.name))
    .reduce((sum, device) => Object.fromEntries(Object.entries(device).map(([key, value]) => [key, key === 'name' ? 'total' : (sum[key] as number) + (value as number)])), diskStat('total', 0, 0) as Record<string, unknown>);
  return single({ total, devices });
};

export const deviceStatHandlers: Record<string, UnaryHandler> = {
  NetworkDeviceStats: networkDeviceStats,
  Mounts: mounts,
  DiskStats: diskStats,
};
