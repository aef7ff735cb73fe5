// An emulated block device: identity, size, its partitions once Talos is installed, and the
// typed fault options that make it slow, read-only, failing or full. Leaves out: real I/O,
// filesystems' contents, SMART.
import { humanizeBytes } from '../go-format/humanize.ts';
import type { DiskProfile } from '../hardware/hardware-profile.ts';
import type { RandomStream } from '../../sim/kernel/random-tree.ts';

export interface DiskFaults {
  /** Extra latency added to every fsync, ms. */
  extraFsyncLatencyMs: number;
  /** The device rejects writes (mounted read-only by the kernel). */
  readOnly: boolean;
  /** Share of writes that fail with an I/O error, 0..1. */
  writeErrorRatio: number;
  /** The EPHEMERAL partition has no free space left. */
  ephemeralFull: boolean;
  /** The device is gone (unplugged, dead controller). */
  missing: boolean;
}

export const NO_DISK_FAULTS: Readonly<DiskFaults> = Object.freeze({
  extraFsyncLatencyMs: 0,
  readOnly: false,
  writeErrorRatio: 0,
  ephemeralFull: false,
  missing: false,
});

export interface Partition {
  index: number;
  /** Talos's system partitions, or a user volume's `u-<name>` / raw volume's `r-<name>`. */
  label: 'EFI' | 'BIOS' | 'BOOT' | 'META' | 'STATE' | 'EPHEMERAL' | `u-${string}` | `r-${string}` | `s-${string}`;
  sizeBytes: number;
  /** What blkid finds on it: a filesystem, swap, a LUKS2 header (`luks`) or nothing (`none`). */
  filesystem: 'vfat' | 'xfs' | 'ext4' | 'swap' | 'luks' | 'none' | 'talosmeta';
  /** A LUKS2 partition: the filesystem inside it once opened, and the secret each key slot was enrolled with. */
  encryption?: PartitionEncryption;
}

export interface PartitionEncryption {
  provider: 'luks2';
  inner: 'xfs' | 'ext4' | 'swap' | 'none';
  /** `token`: a KMS key's sealed passphrase (base64), kept in the slot's LUKS2 token as Talos keeps it. */
  slots: Record<number, { type: 'static' | 'nodeID' | 'kms' | 'tpm'; secret: string; token?: string }>;
}

const MiB = 1024 ** 2;
/** Keeps keyed fsync samples apart from any other keyed draw of the disk's stream. */
const FSYNC_SALT = 1;
/** An fsync takes its device's latency give or take this share (uniform). */
const FSYNC_SPREAD = 0.5;
/**
 * The BOOT partition an installer of `talosVersion` creates (imager quirks PartitionSizes): 2000 MiB
 * since v1.11, 1000 MiB before. A version that does not parse counts as the latest.
 */
export function bootPartitionBytes(talosVersion: string): number {
  const match = /^v?(\d+)\.(\d+)\./.exec(talosVersion);
  if (!match) return 2000 * MiB;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 1 || (major === 1 && minor >= 11) ? 2000 * MiB : 1000 * MiB;
}

/** Talos refuses to install on anything smaller (minimum recommended system disk). */
export const MIN_INSTALL_DISK_BYTES = 5 * 1024 * MiB;

export class Disk {
  readonly faults: DiskFaults = { ...NO_DISK_FAULTS };
  partitions: Partition[] = [];
  /** A filesystem made on the whole disk (a disk-type user volume), or a LUKS2 header (`luks`) on it; 'none' when there is none. */
  filesystem: 'xfs' | 'ext4' | 'luks' | 'none' = 'none';
  /** An encrypted disk-type volume: its LUKS2 key slots and the filesystem inside. */
  encryption?: PartitionEncryption;

  constructor(
    readonly profile: DiskProfile,
    private readonly random: RandomStream,
  ) {
    if (!profile.serial) profile.serial = random.hex(12).toUpperCase();
    if (!profile.wwid) profile.wwid = `naa.${random.hex(16)}`;
  }

  get name(): string {
    return this.profile.name;
  }

  get devPath(): string {
    return `/dev/${this.profile.name}`;
  }

  get present(): boolean {
    return !this.faults.missing;
  }

  get writable(): boolean {
    return !this.profile.readOnly && !this.faults.readOnly;
  }

  /** Device path of partition `index` (1-based): sda3, nvme0n1p3. */
  partitionPath(index: number): string {
    const separator = /\d$/.test(this.profile.name) ? 'p' : '';
    return `${this.devPath}${separator}${index}`;
  }

  /** One fsync's latency: the device's own, jittered, plus any injected delay. */
  drawFsyncLatencyMs(): number {
    return this.random.durationMs(this.profile.fsyncLatencyMs, FSYNC_SPREAD) + this.faults.extraFsyncLatencyMs;
  }

  /**
   * The latency of an fsync issued at virtual time `atMs` (the same jitter as drawFsyncLatencyMs):
   * one sample per millisecond, the same for every reader and however often it is read, drawn
   * without moving the disk's stream.
   */
  fsyncLatencyMsAt(atMs: number): number {
    return this.random.durationMsAt(atMs, FSYNC_SALT, this.profile.fsyncLatencyMs, FSYNC_SPREAD) + this.faults.extraFsyncLatencyMs;
  }

  /** The most fsyncLatencyMsAt can answer at any time while the profile and the faults stay as they are. */
  fsyncLatencyMsMax(): number {
    return this.random.durationMsMax(this.profile.fsyncLatencyMs, FSYNC_SPREAD) + this.faults.extraFsyncLatencyMs;
  }

  /** Whether the next write fails with an I/O error. */
  shouldFailWrite(): boolean {
    return !this.writable || (this.faults.writeErrorRatio > 0 && this.random.chance(this.faults.writeErrorRatio));
  }

  /** Bytes not in any partition yet (none when the whole disk holds a filesystem). */
  freeBytes(): number {
    if (this.filesystem !== 'none') return 0;
    return this.profile.sizeBytes - this.partitions.reduce((sum, partition) => sum + partition.sizeBytes, 0) - (this.partitions.length > 0 ? 2 * MiB : 0);
  }

  /** What blkid reads on the whole disk: `gpt` once partitioned, a whole-disk filesystem, or nothing (''). */
  probedName(): string {
    if (this.partitions.length > 0) return 'gpt';
    return this.filesystem === 'none' ? '' : this.filesystem;
  }

  /** Lay out Talos's partitions (EFI, BIOS, BOOT, META, STATE, EPHEMERAL) as the installer of `talosVersion` does (GRUB
   * layout; BOOT's size by `bootPartitionBytes`); EPHEMERAL up to `maxBytes` (VolumeConfig), or left for the volume
   * manager to place when its disk selector points elsewhere. */
  partitionForTalos(talosVersion: string, ephemeral: { onSystemDisk: boolean; maxBytes?: number } = { onSystemDisk: true }): Partition[] {
    const ephemeralMaxBytes = ephemeral.maxBytes;
    const fixed: Partition[] = [
      { index: 1, label: 'EFI', sizeBytes: 100 * MiB, filesystem: 'vfat' },
      { index: 2, label: 'BIOS', sizeBytes: 1 * MiB, filesystem: 'none' },
      { index: 3, label: 'BOOT', sizeBytes: bootPartitionBytes(talosVersion), filesystem: 'xfs' },
      { index: 4, label: 'META', sizeBytes: 1 * MiB, filesystem: 'talosmeta' },
      { index: 5, label: 'STATE', sizeBytes: 100 * MiB, filesystem: 'xfs' },
    ];
    const used = fixed.reduce((sum, p) => sum + p.sizeBytes, 0) + 2 * MiB;
    const rest = this.profile.sizeBytes - used;
    if (ephemeral.onSystemDisk) fixed.push({ index: 6, label: 'EPHEMERAL', sizeBytes: ephemeralMaxBytes !== undefined && ephemeralMaxBytes > 0 ? Math.min(rest, ephemeralMaxBytes) : rest, filesystem: 'xfs' });
    this.partitions = fixed;
    return fixed;
  }

  /** Every signature and the partition table gone (a full EPHEMERAL with them). */
  wipe(): void {
    this.partitions = [];
    this.filesystem = 'none';
    this.encryption = undefined;
    this.faults.ephemeralFull = false;
  }

  /** Human size as Talos prints it (`pretty_size`): `21 GB`. */
  prettySize(): string {
    return humanizeBytes(this.profile.sizeBytes);
  }
}
