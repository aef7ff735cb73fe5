// The CEL variables Talos evaluates selectors against, built from what talsim knows of a machine:
// `link` (LinkAliasConfig selectors; LinkStatus field names) and `disk` + `system_disk` (volume
// disk selectors; Disks field names). Shared by the node's controllers and `talsim lint --hardware`.
// Leaves out: PCI ids, bus paths and the permanent address differing from the current one.
import type { CelValue } from './cel-selector.ts';

export interface SelectableLink {
  name: string;
  mac: string;
  driver?: string;
}

export interface SelectableVolumeDisk {
  devPath: string;
  sizeBytes: number;
  model: string;
  serial?: string;
  wwid?: string;
  transport: string;
  rotational: boolean;
  readOnly: boolean;
}

export function linkVariables(link: SelectableLink): Record<string, CelValue> {
  // LinkStatusSpec has no name field: the link's name is its resource id. type 1 is ARPHRD_ETHER.
  return { link: { type: 1, kind: '', driver: link.driver ?? 'virtio_net', hardware_addr: link.mac, permanent_addr: link.mac, link_state: true } };
}

export function diskVariables(disk: SelectableVolumeDisk, isSystemDisk: boolean): Record<string, CelValue> {
  return {
    disk: {
      dev_path: disk.devPath, size: disk.sizeBytes, model: disk.model, serial: disk.serial ?? '', wwid: disk.wwid ?? '',
      transport: disk.transport, rotational: disk.rotational, readonly: disk.readOnly, cdrom: false, pretty_size: prettySize(disk.sizeBytes),
    },
    system_disk: isSystemDisk,
  };
}

/** A size as Talos's Disks resource prints it (`pretty_size`): 21 GB, 1.0 TB. */
function prettySize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${Math.round(size)} ${units[unit]}`;
}
