// A hardware profile from a real node: the output of `talosctl get disks,blockdevices,links,cpus,
// memorymodules,systeminformation -o yaml` (documents `node`/`metadata`/`spec` separated by `---`)
// or `-o json` (one indented JSON object per resource). Disks (not CD-ROMs or loop devices) keep
// their names, sizes, models, serials, WWIDs, transports and rotational flags; physical Ethernet
// links (a driver or a bus path; not `lo`, bridges, bonds or VLANs) their names, MACs, speeds,
// carrier and driver; processors give the CPU count (threads) and model; memory modules the memory.
// A document that cannot be used fails naming the file, the document, its line and the field.
// Leaves out: partitions, PCI topology, firmware type (not in these resources: default uefi).
import { parseAllDocuments } from 'yaml';
import { guardYamlStack, TOO_DEEP_REASON } from '../config/yaml-stack-guard.ts';
import { HARDWARE_LIMITS, type DiskTransport } from './hardware-profile.ts';

export class HardwareImportError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly where: string,
    readonly field: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${file}:${line}: ${where}${field ? `: ${field}` : ''}: expected ${expected}, found ${found}`);
    this.name = 'HardwareImportError';
  }
}

interface ResourceDocument {
  file: string;
  line: number;
  /** 1-based position of the document in its file. */
  index: number;
  type: string;
  id: string;
  /** The `node` field talosctl adds: the node the resource came from. */
  node: string;
  spec: Record<string, unknown>;
}

const TRANSPORTS: readonly DiskTransport[] = ['sata', 'nvme', 'virtio', 'scsi', 'usb', 'mmc'];
const KNOWN_TYPES = new Set([
  'Disks.block.talos.dev', 'BlockDevices.block.talos.dev', 'LinkStatuses.net.talos.dev', 'Processors.hardware.talos.dev',
  'MemoryModules.hardware.talos.dev', 'SystemInformations.hardware.talos.dev',
]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'no value';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return Array.isArray(value) ? 'a list' : isObject(value) ? 'a mapping' : String(value);
}

/** The JSON objects of `-o json` output, each with the line it starts on; a cut-off object is an error. */
function jsonObjects(text: string, file: string): Array<{ value: unknown; line: number }> {
  const objects: Array<{ value: unknown; line: number }> = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let line = 1;
  let startLine = 1;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (character === '\n') line++;
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{') {
      if (depth++ === 0) {
        start = index;
        startLine = line;
      }
    } else if (character === '}' && --depth === 0) {
      try {
        objects.push({ value: JSON.parse(text.slice(start, index + 1)), line: startLine });
      } catch (error) {
        throw new HardwareImportError(file, startLine, `document ${objects.length + 1}`, '', 'a JSON object', (error as Error).message);
      }
    } else if (depth === 0 && !/\s/.test(character)) {
      throw new HardwareImportError(file, line, `document ${objects.length + 1}`, '', 'a JSON object of talosctl get -o json', describe(text.slice(index, index + 20)));
    }
  }
  if (depth !== 0) throw new HardwareImportError(file, startLine, `document ${objects.length + 1}`, '', 'a complete JSON object', 'the output ends inside it (truncated?)');
  return objects;
}

function yamlObjects(text: string, file: string): Array<{ value: unknown; line: number }> {
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  return parseAllDocuments(text).flatMap((document, index) => {
    const line = lineOf(document.range[0]);
    if (document.errors.length > 0) {
      const error = document.errors[0]!;
      throw new HardwareImportError(file, lineOf(error.pos[0]), `document ${index + 1}`, '', 'YAML of talosctl get -o yaml', error.message.split('\n')[0]!);
    }
    const value = document.toJS() as unknown;
    return value === null ? [] : [{ value, line }];
  });
}

/** Reads one file of talosctl output into resource documents. */
export function readResourceDocuments(text: string, file: string): ResourceDocument[] {
  return guardYamlStack(
    text,
    () => readResourceText(text, file),
    ({ line }) => new HardwareImportError(file, line, 'document', '', 'the output of talosctl get ... -o yaml or -o json', TOO_DEEP_REASON),
  );
}

function readResourceText(text: string, file: string): ResourceDocument[] {
  const objects = text.trimStart().startsWith('{') ? jsonObjects(text, file) : yamlObjects(text, file);
  if (objects.length === 0) throw new HardwareImportError(file, 1, 'document 1', '', 'the output of talosctl get ... -o yaml or -o json', 'no documents');
  return objects.map(({ value, line }, position) => {
    const where = `document ${position + 1}`;
    if (!isObject(value)) throw new HardwareImportError(file, line, where, '', 'a resource (node, metadata, spec)', describe(value));
    const metadata = value.metadata;
    if (!isObject(metadata)) throw new HardwareImportError(file, line, where, 'metadata', 'a mapping with type and id', describe(metadata));
    if (typeof metadata.type !== 'string') throw new HardwareImportError(file, line, where, 'metadata.type', 'a resource type like Disks.block.talos.dev', describe(metadata.type));
    if (!KNOWN_TYPES.has(metadata.type)) {
      throw new HardwareImportError(file, line, where, 'metadata.type', `one of ${[...KNOWN_TYPES].join(', ')}`, describe(metadata.type));
    }
    const id = typeof metadata.id === 'string' || typeof metadata.id === 'number' ? String(metadata.id) : '';
    if (id === '') throw new HardwareImportError(file, line, where, 'metadata.id', 'the resource id', describe(metadata.id));
    if (!isObject(value.spec)) throw new HardwareImportError(file, line, `${where} (${metadata.type} ${id})`, 'spec', 'a mapping (is the output cut off?)', describe(value.spec));
    return { file, line, index: position + 1, type: metadata.type, id, node: typeof value.node === 'string' ? value.node : '', spec: value.spec };
  });
}

type Profile = Record<string, unknown>;

function fail(document: ResourceDocument, field: string, expected: string, found: unknown): never {
  throw new HardwareImportError(document.file, document.line, `document ${document.index} (${document.type} ${document.id})`, `spec.${field}`, expected, describe(found));
}

function wholeNumber(document: ResourceDocument, field: string, min: number, max: number): number {
  const value = document.spec[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(document, field, `a whole number from ${min} to ${max}`, value);
  return value;
}

const optionalText = (document: ResourceDocument, field: string): string | undefined =>
  typeof document.spec[field] === 'string' && document.spec[field] !== '' ? (document.spec[field] as string) : undefined;

function diskEntry(document: ResourceDocument): Profile | undefined {
  if (document.spec.cdrom === true || document.id.startsWith('loop')) return undefined;
  const size = wholeNumber(document, 'size', HARDWARE_LIMITS.diskSizeBytes.min, HARDWARE_LIMITS.diskSizeBytes.max);
  const transport = document.spec.transport ?? 'virtio';
  if (!TRANSPORTS.includes(transport as DiskTransport)) fail(document, 'transport', `one of ${TRANSPORTS.join(', ')}`, transport);
  return Object.fromEntries(Object.entries({
    name: document.id,
    sizeBytes: size,
    model: optionalText(document, 'model'),
    serial: optionalText(document, 'serial'),
    wwid: optionalText(document, 'wwid'),
    transport,
    rotational: document.spec.rotational === true,
    readOnly: document.spec.readonly === true ? true : undefined,
  }).filter(([, value]) => value !== undefined));
}

function nicEntry(document: ResourceDocument): Profile | undefined {
  const spec = document.spec;
  const physical = spec.type === 'ether' && (spec.kind ?? '') === '' && (typeof spec.driver === 'string' || typeof spec.busPath === 'string');
  if (!physical || document.id === 'lo') return undefined;
  const mac = spec.permanentAddr && spec.permanentAddr !== '' ? spec.permanentAddr : spec.hardwareAddr;
  if (typeof mac !== 'string' || !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac)) fail(document, 'hardwareAddr', 'a MAC address like 52:54:00:12:34:56', mac);
  const speed = typeof spec.speedMbit === 'number' && spec.speedMbit > 0 ? spec.speedMbit : 1000;
  if (speed > HARDWARE_LIMITS.speedMbps.max) fail(document, 'speedMbit', `at most ${HARDWARE_LIMITS.speedMbps.max}`, speed);
  return Object.fromEntries(Object.entries({
    name: document.id, mac: mac.toLowerCase(), speedMbps: speed, carrier: spec.linkState !== false, driver: optionalText(document, 'driver'),
  }).filter(([, value]) => value !== undefined));
}

/** Hardware profile fields from every document of every file (disks and NICs in the order listed). */
export function hardwareProfileFromResources(documents: readonly ResourceDocument[]): { profile: Profile; node: string; notes: string[] } {
  const notes: string[] = [];
  const disks = documents.filter((document) => document.type === 'Disks.block.talos.dev').map(diskEntry).filter((entry) => entry !== undefined);
  const nics = documents.filter((document) => document.type === 'LinkStatuses.net.talos.dev').map(nicEntry).filter((entry) => entry !== undefined);
  const processors = documents.filter((document) => document.type === 'Processors.hardware.talos.dev');
  const threads = processors.reduce((sum, document) => sum + (typeof document.spec.threadCount === 'number' ? document.spec.threadCount : typeof document.spec.coreCount === 'number' ? document.spec.coreCount : 0), 0);
  const modules = documents.filter((document) => document.type === 'MemoryModules.hardware.talos.dev');
  const memoryMiB = modules.reduce((sum, document) => sum + (typeof document.spec.sizeMiB === 'number' ? document.spec.sizeMiB : 0), 0);
  const system = documents.find((document) => document.type === 'SystemInformations.hardware.talos.dev');
  const product = (system && (optionalText(system, 'productName') ?? optionalText(system, 'manufacturer'))) ?? '';
  if (disks.length === 0) notes.push('no disks in the output (talosctl get disks)');
  if (nics.length === 0) notes.push('no physical Ethernet links in the output (talosctl get links)');
  if (threads === 0) notes.push('no processors in the output: cpus left at the default');
  if (memoryMiB === 0) notes.push('no memory modules in the output: memory left at the default');
  const profile: Profile = { name: product.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'imported' };
  if (threads > 0) profile.cpus = Math.min(threads, HARDWARE_LIMITS.cpus.max);
  const cpuModel = processors.map((document) => optionalText(document, 'productName')).find(Boolean);
  if (cpuModel) profile.cpuModel = cpuModel.trim();
  if (memoryMiB > 0) profile.memory = memoryMiB % 1024 === 0 ? `${memoryMiB / 1024}GiB` : `${memoryMiB}MiB`;
  profile.disks = disks;
  profile.nics = nics;
  // SMBIOS system information, but not the serial number and uuid: they name one machine, and
  // every node made from the profile draws a uuid of its own.
  if (system) {
    const fields: Array<[string, string]> = [['manufacturer', 'manufacturer'], ['productName', 'productName'], ['version', 'version'], ['wakeUpType', 'wakeUpType'], ['skuNumber', 'skuNumber']];
    const entries = fields.map(([from, to]) => [to, optionalText(system, from)] as const).filter((entry): entry is readonly [string, string] => entry[1] !== undefined);
    if (entries.length > 0) profile.system = Object.fromEntries(entries);
  }
  const node = documents.find((document) => document.node !== '')?.node ?? '';
  return { profile, node, notes };
}
