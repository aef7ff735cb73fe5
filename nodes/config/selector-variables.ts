// The CEL variables Talos evaluates selectors against, built from what talsim knows of a machine:
// `link` (LinkAliasConfig selectors; LinkStatus field names) and `disk` + `system_disk` (volume
// disk selectors; Disks field names). Shared by the node's controllers and `talsim lint --hardware`.
// Leaves out: PCI ids, bus paths and the permanent address differing from the current one.
import { humanizeBytes } from '../go-format/humanize.ts';
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
      transport: disk.transport, rotational: disk.rotational, readonly: disk.readOnly, cdrom: false, pretty_size: humanizeBytes(disk.sizeBytes),
    },
    system_disk: isSystemDisk,
  };
}
