// /proc/bus/pci/devices of the emulated machine, as the kernel prints it (what the support
// bundle's `devices` file holds): one line per PCI function, bus/devfn and vendor/device ids in
// hex, the IRQ, seven base addresses plus the ROM, their sizes, and the bound driver. The machine
// is a q35-like board: host bridge, then one virtio-net function per NIC and one function per disk
// controller (virtio-blk, NVMe, AHCI for SATA), in slot order. Leaves out bridges, USB, the
// addresses' real layout (base addresses are zero) and hot-plug.
import type { Disk } from '../devices/disk.ts';
import type { Nic } from '../devices/nic.ts';

const HEX16 = (value: number) => value.toString(16).padStart(16, '0');
const CONTROLLERS: Record<string, { id: string; driver: string }> = {
  nvme: { id: '1b360010', driver: 'nvme' },
  sata: { id: '80862922', driver: 'ahci' },
  virtio: { id: '1af41042', driver: 'virtio-pci' },
};

function line(slot: number, id: string, irq: number, driver: string): string {
  const zeros = Array.from({ length: 8 }, () => HEX16(0));
  return [`00${(slot << 3).toString(16).padStart(2, '0')}`, id, irq.toString(16), ...zeros, ...zeros, driver].join('\t');
}

export function pciDevices(disks: readonly Disk[], nics: readonly Nic[]): string {
  const lines = [line(0, '80862918', 0, '')];
  let slot = 1;
  for (let index = 0; index < nics.length; index++) lines.push(line(slot++, '1af41041', 10 + (slot % 6), 'virtio-pci'));
  const transports = [...new Set(disks.map((disk) => String(disk.profile.transport ?? 'virtio')))];
  for (const transport of transports) {
    const controller = CONTROLLERS[transport] ?? CONTROLLERS.virtio!;
    lines.push(line(slot++, controller.id, 10 + (slot % 6), controller.driver));
  }
  return `${lines.join('\n')}\n`;
}
