// A virtual machine's hardware: CPUs, memory, firmware, boot medium, disks and NICs, as a YAML
// profile. Bundled profiles live beside this file; a scenario may name one or give a path, and
// override fields. Leaves out: PCI topology, GPUs, TPM, serial consoles.
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packagePath } from '../../proto/package-root.ts';
import { parse } from 'yaml';

export type Firmware = 'bios' | 'uefi';
export type BootMedium = 'iso' | 'disk';
export type DiskTransport = 'sata' | 'nvme' | 'virtio' | 'scsi' | 'usb' | 'mmc';

export interface DiskProfile {
  /** Device name: `sda`, `nvme0n1`, `vda`. */
  name: string;
  sizeBytes: number;
  model: string;
  serial: string;
  wwid: string;
  transport: DiskTransport;
  rotational: boolean;
  readOnly: boolean;
  /** Mean latency of one write+fsync, ms (drives etcd's fsync latency). */
  fsyncLatencyMs: number;
}

export interface NicProfile {
  /** Link name: `eth0`, `enp0s3`, `ens18`. */
  name: string;
  mac: string;
  speedMbps: number;
  carrier: boolean;
}

export interface HardwareProfile {
  name: string;
  cpus: number;
  memoryBytes: number;
  firmware: Firmware;
  /** Power-on self test and firmware until the kernel starts, ms. */
  firmwareDurationMs: number;
  bootMedium: BootMedium;
  arch: 'amd64' | 'arm64';
  disks: DiskProfile[];
  nics: NicProfile[];
}

const PROFILE_DIR = packagePath('nodes', 'hardware', 'profiles');

export function bundledProfileNames(): string[] {
  return ['default', 'small-vm', 'bare-metal', 'nvme'];
}

/**
 * Load a profile: from `text` when the scenario loader already read the file, else by bundled
 * name or by path (relative to `baseDir`); then apply overrides.
 */
export function loadHardwareProfile(
  nameOrPath: string,
  overrides: Record<string, unknown> = {},
  baseDir = '.',
  text?: string,
): HardwareProfile {
  if (text === undefined) {
    const bundled = join(PROFILE_DIR, `${nameOrPath}.yaml`);
    const path = bundledProfileNames().includes(nameOrPath) ? bundled : resolve(baseDir, nameOrPath);
    if (!existsSync(path)) {
      throw new Error(`hardware profile "${nameOrPath}" not found (bundled: ${bundledProfileNames().join(', ')})`);
    }
    text = readFileSync(path, 'utf8');
  }
  const raw = parse(text) as Record<string, unknown>;
  return normaliseProfile({ ...raw, ...overrides } as Record<string, unknown>);
}

const SIZE_UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, GB: 1e9, TB: 1e12, MB: 1e6 };

/** `10GiB`, `512 MiB`, `8GB` or a number of bytes. */
export function parseSizeBytes(value: unknown): number {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B|B)\s*$/.exec(String(value));
  if (!match || !SIZE_UNITS[match[2]!]) throw new Error(`invalid size "${String(value)}" (expected e.g. 10GiB)`);
  return Math.round(Number(match[1]) * SIZE_UNITS[match[2]!]!);
}

function normaliseProfile(raw: Record<string, unknown>): HardwareProfile {
  const disks = ((raw.disks as Record<string, unknown>[]) ?? []).map((disk) => ({
    name: String(disk.name),
    sizeBytes: parseSizeBytes(disk.size ?? disk.sizeBytes),
    model: String(disk.model ?? 'QEMU HARDDISK'),
    serial: String(disk.serial ?? ''),
    wwid: String(disk.wwid ?? ''),
    transport: (disk.transport ?? 'virtio') as DiskTransport,
    rotational: Boolean(disk.rotational ?? false),
    readOnly: Boolean(disk.readOnly ?? false),
    fsyncLatencyMs: Number(disk.fsyncLatencyMs ?? 2),
  }));
  const nics = ((raw.nics as Record<string, unknown>[]) ?? []).map((nic) => ({
    name: String(nic.name),
    mac: String(nic.mac ?? ''),
    speedMbps: Number(nic.speedMbps ?? 1000),
    carrier: Boolean(nic.carrier ?? true),
  }));
  return {
    name: String(raw.name ?? 'custom'),
    cpus: Number(raw.cpus ?? 2),
    memoryBytes: parseSizeBytes(raw.memory ?? raw.memoryBytes ?? '4GiB'),
    firmware: (raw.firmware ?? 'uefi') as Firmware,
    firmwareDurationMs: Number(raw.firmwareDurationMs ?? 2000),
    bootMedium: (raw.bootMedium ?? 'disk') as BootMedium,
    arch: (raw.arch ?? 'amd64') as 'amd64' | 'arm64',
    disks,
    nics,
  };
}
