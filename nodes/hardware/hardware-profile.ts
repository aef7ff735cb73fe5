// A virtual machine's hardware: CPUs, memory, firmware, boot medium, disks and NICs, as a YAML
// profile. Bundled profiles live beside this file; a scenario may name one or give a path, and
// override fields. Leaves out: PCI topology, GPUs, a TPM's PCR values, serial consoles.
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
  /** Kernel driver (from an imported node: `talosctl get links`); not used by the model. */
  driver?: string;
}

/**
 * The SMBIOS system information (type 1) the firmware reports, as `talosctl get
 * systeminformation` shows it. Fields left out of a profile take a KVM/QEMU machine's values; a
 * node without a `uuid` gets one drawn from its own seeded stream.
 */
export interface SystemProfile {
  manufacturer: string;
  productName: string;
  version: string;
  serialNumber: string;
  uuid?: string;
  wakeUpType: string;
  skuNumber: string;
}

export interface HardwareProfile {
  name: string;
  cpus: number;
  /** Processor model (from an imported node); not used by the model. */
  cpuModel?: string;
  memoryBytes: number;
  firmware: Firmware;
  /** Power-on self test and firmware until the kernel starts, ms. */
  firmwareDurationMs: number;
  bootMedium: BootMedium;
  arch: 'amd64' | 'arm64';
  disks: DiskProfile[];
  nics: NicProfile[];
  /** A TPM 2.0 device (/dev/tpm0): TPM-sealed volume keys need one. Default false, as a plain VM. */
  tpm?: boolean;
  /** SecureBoot enabled in the firmware (a TPM key with checkSecurebootStatusOnEnroll needs it). Default false. */
  secureBoot?: boolean;
  /** SMBIOS system information. */
  system: SystemProfile;
}

const PROFILE_DIR = packagePath('nodes', 'hardware', 'profiles');

export function bundledProfileNames(): string[] {
  return ['default', 'small-vm', 'bare-metal', 'nvme', 'poweredge-r650'];
}

/** A profile that cannot be used: names the field, what was expected and what was found. */
export class HardwareProfileError extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`hardware profile: ${field}: expected ${expected}, found ${found}`);
    this.name = 'HardwareProfileError';
  }
}

/** Bounds of what a virtual machine may have: beyond them a profile is a typo or an attack, not hardware. */
export const HARDWARE_LIMITS = {
  cpus: { min: 1, max: 1024 },
  memoryBytes: { min: 64 * 1024 ** 2, max: 64 * 1024 ** 4 },
  firmwareDurationMs: { min: 0, max: 30 * 60_000 },
  disks: 64,
  nics: 32,
  diskSizeBytes: { min: 1024 ** 2, max: 1024 ** 5 },
  fsyncLatencyMs: { min: 0, max: 60_000 },
  speedMbps: { min: 1, max: 1_600_000 },
} as const;

const PROFILE_FIELDS = ['name', 'cpus', 'memory', 'memoryBytes', 'firmware', 'firmwareDurationMs', 'bootMedium', 'arch', 'disks', 'nics', 'cpuModel', 'tpm', 'secureBoot', 'system'];
const SYSTEM_FIELDS = ['manufacturer', 'productName', 'version', 'serialNumber', 'uuid', 'wakeUpType', 'skuNumber'];
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DISK_FIELDS = ['name', 'size', 'sizeBytes', 'model', 'serial', 'wwid', 'transport', 'rotational', 'readOnly', 'fsyncLatencyMs'];
const NIC_FIELDS = ['name', 'mac', 'speedMbps', 'carrier', 'driver'];
const TRANSPORTS: readonly DiskTransport[] = ['sata', 'nvme', 'virtio', 'scsi', 'usb', 'mmc'];

/**
 * Load a profile: from `text` when the scenario loader already read the file, else by bundled
 * name or by path (relative to `baseDir`); then apply overrides. Throws HardwareProfileError for
 * an unknown name, bad YAML, an unknown field, a wrong type or a value beyond HARDWARE_LIMITS.
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
      throw new HardwareProfileError('profile', `a bundled profile (${bundledProfileNames().join(', ')}) or a profile file`, JSON.stringify(nameOrPath));
    }
    text = readFileSync(path, 'utf8');
  }
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new HardwareProfileError('(document)', 'a YAML mapping', `a YAML error: ${(error as Error).message.split('\n')[0]}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new HardwareProfileError('(document)', 'a YAML mapping', describe(raw));
  return normaliseProfile({ ...(raw as Record<string, unknown>), ...overrides });
}

const SIZE_UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, GB: 1e9, TB: 1e12, MB: 1e6 };

/** `10GiB`, `512 MiB`, `8GB` or a number of bytes. */
export function parseSizeBytes(value: unknown): number {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B|B)\s*$/.exec(String(value));
  if (!match || !SIZE_UNITS[match[2]!]) throw new Error(`invalid size "${String(value)}" (expected e.g. 10GiB)`);
  return Math.round(Number(match[1]) * SIZE_UNITS[match[2]!]!);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'no value';
  const text = typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function mapping(value: unknown, field: string, known: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HardwareProfileError(field, 'a mapping', describe(value));
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).find((key) => !known.includes(key));
  if (unknown !== undefined) throw new HardwareProfileError(`${field ? `${field}.` : ''}${unknown}`, `one of the fields ${known.join(', ')}`, 'an unknown field');
  return record;
}

function list(value: unknown, field: string, max: number): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new HardwareProfileError(field, 'a list', describe(value));
  if (value.length > max) throw new HardwareProfileError(field, `at most ${max} entries`, `${value.length}`);
  return value;
}

function number(value: unknown, field: string, fallback: number, range: { min: number; max: number }, whole = false): number {
  const found = value ?? fallback;
  if (typeof found !== 'number' || !Number.isFinite(found) || (whole && !Number.isInteger(found)) || found < range.min || found > range.max) {
    throw new HardwareProfileError(field, `${whole ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}`, describe(found));
  }
  return found;
}

function size(value: unknown, field: string, fallback: string, range: { min: number; max: number }): number {
  let bytes: number;
  try {
    bytes = parseSizeBytes(value ?? fallback);
  } catch {
    throw new HardwareProfileError(field, 'a size like 10GiB, 512MiB or 8GB', describe(value));
  }
  if (!Number.isFinite(bytes) || bytes < range.min || bytes > range.max) {
    throw new HardwareProfileError(field, `a size from ${range.min} to ${range.max} bytes`, describe(value));
  }
  return bytes;
}

function text(value: unknown, field: string, fallback: string): string {
  const found = value ?? fallback;
  if (typeof found !== 'string' && typeof found !== 'number') throw new HardwareProfileError(field, 'a string', describe(found));
  const written = String(found);
  if (written.length > 256) throw new HardwareProfileError(field, 'a string of at most 256 characters', `${written.length} characters`);
  return written;
}

function flag(value: unknown, field: string, fallback: boolean): boolean {
  const found = value ?? fallback;
  if (typeof found !== 'boolean') throw new HardwareProfileError(field, 'true or false', describe(found));
  return found;
}

function oneOf<T extends string>(value: unknown, field: string, fallback: T, allowed: readonly T[]): T {
  const found = value ?? fallback;
  if (!allowed.includes(found as T)) throw new HardwareProfileError(field, `one of ${allowed.join(', ')}`, describe(found));
  return found as T;
}

function normaliseProfile(input: Record<string, unknown>): HardwareProfile {
  const raw = mapping(input, '', PROFILE_FIELDS);
  const limits = HARDWARE_LIMITS;
  const disks = list(raw.disks, 'disks', limits.disks).map((entry, index) => {
    const at = `disks[${index}]`;
    const disk = mapping(entry, at, DISK_FIELDS);
    if (disk.name === undefined) throw new HardwareProfileError(`${at}.name`, 'a device name like sda', 'no value');
    return {
      name: text(disk.name, `${at}.name`, ''),
      sizeBytes: size(disk.size ?? disk.sizeBytes, `${at}.size`, '', limits.diskSizeBytes),
      model: text(disk.model, `${at}.model`, 'QEMU HARDDISK'),
      serial: text(disk.serial, `${at}.serial`, ''),
      wwid: text(disk.wwid, `${at}.wwid`, ''),
      transport: oneOf(disk.transport, `${at}.transport`, 'virtio', TRANSPORTS),
      rotational: flag(disk.rotational, `${at}.rotational`, false),
      readOnly: flag(disk.readOnly, `${at}.readOnly`, false),
      fsyncLatencyMs: number(disk.fsyncLatencyMs, `${at}.fsyncLatencyMs`, 2, limits.fsyncLatencyMs),
    };
  });
  const nics = list(raw.nics, 'nics', limits.nics).map((entry, index) => {
    const at = `nics[${index}]`;
    const nic = mapping(entry, at, NIC_FIELDS);
    if (nic.name === undefined) throw new HardwareProfileError(`${at}.name`, 'a link name like eth0', 'no value');
    return {
      name: text(nic.name, `${at}.name`, ''),
      mac: text(nic.mac, `${at}.mac`, ''),
      speedMbps: number(nic.speedMbps, `${at}.speedMbps`, 1000, limits.speedMbps, true),
      carrier: flag(nic.carrier, `${at}.carrier`, true),
      ...(nic.driver === undefined ? {} : { driver: text(nic.driver, `${at}.driver`, '') }),
    };
  });
  return {
    name: text(raw.name, 'name', 'custom'),
    cpus: number(raw.cpus, 'cpus', 2, limits.cpus, true),
    ...(raw.cpuModel === undefined ? {} : { cpuModel: text(raw.cpuModel, 'cpuModel', '') }),
    memoryBytes: size(raw.memory ?? raw.memoryBytes, 'memory', '4GiB', limits.memoryBytes),
    firmware: oneOf(raw.firmware, 'firmware', 'uefi', ['bios', 'uefi'] as const),
    firmwareDurationMs: number(raw.firmwareDurationMs, 'firmwareDurationMs', 2000, limits.firmwareDurationMs),
    bootMedium: oneOf(raw.bootMedium, 'bootMedium', 'disk', ['iso', 'disk'] as const),
    arch: oneOf(raw.arch, 'arch', 'amd64', ['amd64', 'arm64'] as const),
    disks,
    nics,
    ...(raw.tpm === undefined ? {} : { tpm: flag(raw.tpm, 'tpm', false) }),
    ...(raw.secureBoot === undefined ? {} : { secureBoot: flag(raw.secureBoot, 'secureBoot', false) }),
    system: systemProfile(raw.system),
  };
}

function systemProfile(value: unknown): SystemProfile {
  const raw = value === undefined ? {} : mapping(value, 'system', SYSTEM_FIELDS);
  const uuid = raw.uuid === undefined ? undefined : text(raw.uuid, 'system.uuid', '');
  if (uuid !== undefined && !UUID_PATTERN.test(uuid)) throw new HardwareProfileError('system.uuid', 'a UUID like 4c4c4544-0042-3510-8057-b4c04f4e4d32', describe(uuid));
  return {
    manufacturer: text(raw.manufacturer, 'system.manufacturer', 'QEMU'),
    productName: text(raw.productName, 'system.productName', 'Standard PC (Q35 + ICH9, 2009)'),
    version: text(raw.version, 'system.version', 'pc-q35-8.2'),
    serialNumber: text(raw.serialNumber, 'system.serialNumber', ''),
    ...(uuid === undefined ? {} : { uuid: uuid.toLowerCase() }),
    wakeUpType: text(raw.wakeUpType, 'system.wakeUpType', 'Power Switch'),
    skuNumber: text(raw.skuNumber, 'system.skuNumber', ''),
  };
}
