// block.DisksController and block.DevicesController in miniature: one `Disks` resource per
// present disk and one `BlockDevices` resource per disk and partition. Also
// hardware.SystemInfoController's SystemInformation (the profile's SMBIOS system block) and
// runtime.SecurityStateController's SecurityState: secure boot as the firmware reports it, booted
// from a UKI where the firmware is UEFI (systemd-boot since v1.10), SELinux and module signature
// enforcement as the kernel command line asks. No PCR signing key (not a secure boot image), FIPS
// off; no system extensions, so no ExtensionStatus.
import type { ControllerContext } from './controller-context.ts';
import { RT } from '../resources/resource-types.ts';
import { kernelArg, kernelCmdline } from '../filesystem/kernel-cmdline.ts';

/** What it reads: each disk's presence, writability and partition table, and which is the system disk. */
export function hardwareInputs(node: ControllerContext): unknown[] {
  const inputs: unknown[] = [node.systemDisk(), node.status.bootedKernelArgs];
  for (const disk of node.disks) inputs.push(disk.present, disk.writable, disk.partitions, disk.partitions.length);
  return inputs;
}

export function hardwareController(node: ControllerContext): void {
  const keepDisks = new Set<string>();
  const keepDevices = new Set<string>();
  const system = node.systemDisk();
  for (const disk of node.disks) {
    if (!disk.present) continue;
    keepDisks.add(disk.name);
    node.resources.put('runtime', RT.disk, disk.name, {
      dev_path: disk.devPath,
      size: disk.profile.sizeBytes,
      pretty_size: disk.prettySize(),
      io_size: 512,
      sector_size: 512,
      readonly: !disk.writable,
      cdrom: false,
      model: disk.profile.model,
      serial: disk.profile.serial,
      wwid: disk.profile.wwid,
      bus_path: `/pci0000:00/0000:00:0${2 + node.disks.indexOf(disk)}.0/virtio${node.disks.indexOf(disk)}`,
      sub_system: '/sys/class/block',
      transport: disk.profile.transport,
      rotational: disk.profile.rotational,
      symlinks: [`/dev/disk/by-id/wwn-0x${disk.profile.wwid.replace(/^naa\./, '')}`],
    });
    keepDevices.add(disk.name);
    node.resources.put('runtime', RT.blockDevice, disk.name, { type: 'disk', major: 8, minor: 0, generation: 1 });
    disk.partitions.forEach((partition) => {
      const id = disk.partitionPath(partition.index).replace('/dev/', '');
      keepDevices.add(id);
      node.resources.put('runtime', RT.blockDevice, id, {
        type: 'partition',
        parent: disk.name,
        partitionName: partition.label,
        partitionNumber: partition.index,
        generation: 1,
        systemDisk: disk === system,
      });
    });
  }
  node.resources.prune('runtime', RT.disk, keepDisks);
  node.resources.prune('runtime', RT.blockDevice, keepDevices);
  node.resources.put('hardware', RT.systemInformation, 'systeminformation', systemInformation(node));
  node.resources.put('runtime', RT.securityState, 'securitystate', securityState(node));
}

/** The YAML spec upstream writes: empty fields are left out (omitempty). */
function systemInformation(node: ControllerContext): Record<string, string> {
  const system = node.hardware.system;
  const fields: Array<[string, string | undefined]> = [
    ['manufacturer', system.manufacturer],
    ['productName', system.productName],
    ['version', system.version],
    ['serialnumber', system.serialNumber],
    ['uuid', system.uuid],
    ['wakeUpType', system.wakeUpType],
    ['skuNumber', system.skuNumber],
  ];
  return Object.fromEntries(fields.filter((field): field is [string, string] => field[1] !== undefined && field[1] !== ''));
}

function securityState(node: ControllerContext): Record<string, unknown> {
  const args = kernelCmdline(node.status.bootedKernelArgs);
  const selinux = kernelArg(args, 'selinux') === '1' ? (kernelArg(args, 'enforcing') === '1' ? 'enabled, enforcing' : 'enabled, permissive') : undefined;
  const uefi = node.hardware.firmware === 'uefi';
  return {
    secureBoot: uefi && node.hardware.secureBoot === true,
    ...(selinux ? { selinuxState: selinux } : {}),
    ...(uefi ? { bootedWithUKI: true } : {}),
    ...(kernelArg(args, 'module.sig_enforce') === '1' ? { moduleSignatureEnforced: true } : {}),
  };
}
