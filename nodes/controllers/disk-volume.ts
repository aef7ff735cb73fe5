// A disk-type user volume (UserVolumeConfig `volumeType: disk`) through Talos's volume manager
// (internal/app/machined/pkg/controllers/block/internal/volumes at v1.13.9): its disk selector
// locates a whole disk (more than one match is an error; none fails with "no disks matched
// selector for volume", as provisioning finds no candidate either); the whole disk is its device, formatted with the volume's filesystem when blkid finds nothing on
// it, kept when it finds the same filesystem, refused when it finds another, or a partition
// table (`gpt`, e.g. a disk that holds partitions): "filesystem type mismatch: gpt != xfs".
// An encrypted one (as v1.13 allows) is located here and then encrypted, opened and formatted
// inside its LUKS2 mapping like a partition volume (volume-controller.ts).
// Leaves out: `grow` (the filesystem always spans the disk).
import type { Disk } from '../devices/disk.ts';

export type DiskVolumeOutcome =
  | { phase: 'failed'; preFailPhase: string; error: string; disk?: Disk }
  | { phase: 'ready'; disk: Disk };

/** Go's %v of a []string. */
const goList = (items: readonly string[]) => `[${items.join(' ')}]`;

/** Where the disk volume is: the one disk its selector locates, or Talos's error. */
export function locateDiskVolume(disks: readonly Disk[], matches: (disk: Disk) => boolean): DiskVolumeOutcome {
  const located = disks.filter((disk) => disk.present).filter(matches);
  if (located.length > 1) {
    return { phase: 'failed', preFailPhase: 'waiting', error: `multiple disks matched locator for disk volume; matched disks: ${goList(located.map((disk) => disk.devPath))}` };
  }
  const disk = located[0];
  return disk === undefined ? { phase: 'failed', preFailPhase: 'waiting', error: 'no disks matched selector for volume' } : { phase: 'ready', disk };
}

export function reconcileDiskVolume(disks: readonly Disk[], matches: (disk: Disk) => boolean, filesystem: string): DiskVolumeOutcome {
  const present = disks.filter((disk) => disk.present);
  const located = present.filter(matches);
  if (located.length > 1) {
    return { phase: 'failed', preFailPhase: 'waiting', error: `multiple disks matched locator for disk volume; matched disks: ${goList(located.map((disk) => disk.devPath))}` };
  }
  // Located over every disk; provisioning would look among the writable ones, which are fewer.
  const disk = located[0];
  if (disk === undefined) return { phase: 'failed', preFailPhase: 'waiting', error: 'no disks matched selector for volume' };
  const found = disk.probedName();
  if (found === '') {
    if (!disk.writable) return { phase: 'failed', preFailPhase: 'prepared', error: `error formatting ${filesystem === 'xfs' ? 'XFS' : filesystem}: ${disk.devPath}: read-only file system`, disk };
    disk.filesystem = filesystem as Disk['filesystem'];
  } else if (found !== filesystem) {
    return { phase: 'failed', preFailPhase: 'prepared', error: `filesystem type mismatch: ${found} != ${filesystem}`, disk };
  }
  return { phase: 'ready', disk };
}
