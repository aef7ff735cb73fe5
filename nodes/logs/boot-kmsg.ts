// The kernel's first lines in the ring buffer at each boot, as `talosctl dmesg` shows them on a
// Talos node: the kernel version, its command line, the memory found, each present disk's size in
// 512-byte blocks and each NIC's rename from ethN. Leaves out: every other line a real kernel prints.
import type { HardwareProfile } from '../hardware/hardware-profile.ts';
import type { Disk } from '../devices/disk.ts';
import type { Nic } from '../devices/nic.ts';
import type { LogStore } from './log-store.ts';

export function writeBootKmsg(logs: LogStore, cmdline: string, hardware: HardwareProfile, disks: readonly Disk[], nics: readonly Nic[]): void {
  logs.writeKmsg('kern', 'notice', `Linux version 6.12.40-talos (@buildkitsandbox) #1 SMP`);
  logs.writeKmsg('kern', 'info', `Command line: ${cmdline}`);
  logs.writeKmsg('kern', 'info', `Memory: ${Math.round(hardware.memoryBytes / 1024)}K available`);
  for (const disk of disks.filter((d) => d.present)) {
    logs.writeKmsg('kern', 'notice', `${disk.name}: ${Math.round(disk.profile.sizeBytes / 512)} 512-byte logical blocks`);
  }
  for (const nic of nics) logs.writeKmsg('kern', 'info', `${nic.name}: renamed from eth${nic.index - 2}`);
}
