// The CEL variables Talos evaluates selectors against, built from what talsim knows of a machine:
// `link` (LinkAliasConfig selectors; LinkStatus field names) and `disk` + `system_disk` (volume
// disk selectors; Disks field names). Shared by the node's controllers and `talsim lint --hardware`.
// Leaves out: PCI ids, bus paths and the permanent address differing from the current one.
import type { CelValue } from './cel-selector.ts';

export interface SelectableLink {
  name: string;
  mac: string;
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
  return { link: { name: link.name, type: 'ether', kind: '', driver: 'virtio_net', hardware_addr: link.mac, permanent_addr: link.mac, physical: true } };
}

export function diskVariables(disk: SelectableVolumeDisk, isSystemDisk: boolean): Record<string, CelValue> {
  return {
    disk: {
      dev_path: disk.devPath, size: disk.sizeBytes, model: disk.model, serial: disk.serial ?? '', wwid: disk.wwid ?? '',
      transport: disk.transport, rotational: disk.rotational, readonly: disk.readOnly, cdrom: false,
    },
    system_disk: isSystemDisk,
  };
}
