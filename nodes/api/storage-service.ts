// storage.StorageService Disks: the node's present block devices with Talos's disk types (NVME by
// transport, HDD when rotational, SSD otherwise), marking the system disk. BlockDeviceWipe is not
// emulated (Unimplemented).
import type { ServiceImplementation, UnaryHandler } from './api-contract.ts';
import { single } from './handler-support.ts';

const disks: UnaryHandler = (_request, { node }) => {
  const system = node.installed ? node.systemDisk() : undefined;
  return single({
    disks: node.disks
      .filter((disk) => disk.present)
      .map((disk, index) => ({
        size: disk.profile.sizeBytes,
        model: disk.profile.model,
        device_name: disk.devPath,
        serial: disk.profile.serial,
        modalias: disk.profile.transport === 'virtio' ? 'virtio:d00000002v00001AF4' : '',
        uuid: '',
        wwid: disk.profile.wwid,
        type: disk.profile.transport === 'nvme' ? 'NVME' : disk.profile.rotational ? 'HDD' : 'SSD',
        bus_path: `/pci0000:00/0000:00:0${2 + index}.0/virtio${index}`,
        system_disk: disk === system,
        subsystem: '/sys/class/block',
        readonly: !disk.writable,
      })),
  });
};

export const storageService: ServiceImplementation = {
  service: 'storage.StorageService',
  unary: { Disks: disks },
  streams: {},
};
