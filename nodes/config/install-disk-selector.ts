// Talos' install disk selector (machine.install.diskSelector), which Talos turns into a CEL
// expression over the node's disks (DiskMatchExpression) and evaluates against Disk resources.
// This builds the same expression text (it appears in errors such as "no disks matched the
// expression: disk.size >= 8000000000u && disk.transport != "" && !disk.readonly && !disk.cdrom")
// and evaluates it against the simulated disks. Leaves out: a general CEL evaluator.
import type { InstallConfig } from './machine-config-types.ts';
import { parseDiskSizeCondition } from './leaf-decoders.ts';

/** The properties of a disk the selector can look at (Talos' Disk resource). */
export interface SelectableDisk {
  /** '/dev/sda' */
  devPath: string;
  sizeBytes?: number;
  model?: string;
  serial?: string;
  modalias?: string;
  uuid?: string;
  wwid?: string;
  /** 'sata', 'nvme', 'mmc', 'virtio', ... ('' for device-mapper and other virtual disks). */
  transport?: string;
  rotational?: boolean;
  readonly?: boolean;
  cdrom?: boolean;
  busPath?: string;
}

type DiskTest = (disk: SelectableDisk) => boolean;

interface SelectorTerm {
  text: string;
  test: DiskTest;
}

/** Shell-style glob as CEL's glob() in Talos: `*`, `?` and `[...]`. */
function globMatches(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${source}$`).test(value);
}

function compareSize(operator: string, size: number, limit: number): boolean {
  switch (operator) {
    case '>=': return size >= limit;
    case '<=': return size <= limit;
    case '>': return size > limit;
    case '<': return size < limit;
    default: return size === limit;
  }
}

function globTerm(pattern: string, field: 'uuid' | 'wwid' | 'model' | 'serial' | 'modalias' | 'busPath', celField: string): SelectorTerm {
  return { text: `glob(${JSON.stringify(pattern)}, disk.${celField})`, test: (disk) => globMatches(pattern, disk[field] ?? '') };
}

function typeTerm(type: string): SelectorTerm | string {
  switch (type) {
    case 'nvme': return { text: 'disk.transport == "nvme"', test: (disk) => disk.transport === 'nvme' };
    case 'sd': return { text: 'disk.transport == "mmc"', test: (disk) => disk.transport === 'mmc' };
    case 'hdd': return { text: 'disk.rotational', test: (disk) => disk.rotational === true };
    case 'ssd': return { text: '!disk.rotational', test: (disk) => disk.rotational !== true };
    default: return `unsupported disk type ${JSON.stringify(type)}`;
  }
}

export interface DiskMatchExpression {
  text: string;
  matches: DiskTest;
}

/** Talos' DiskMatchExpression: null when no selector is set; a string is the error. */
export function diskMatchExpression(install: InstallConfig | undefined): DiskMatchExpression | null | string {
  const selector = install?.diskSelector;
  if (selector === undefined) return null;
  const terms: SelectorTerm[] = [];
  if (selector.size !== undefined) {
    const condition = parseDiskSizeCondition(selector.size);
    if (typeof condition === 'string') return condition;
    const operator = condition.operator === '' ? '==' : condition.operator;
    terms.push({ text: `disk.size ${operator} ${condition.sizeBytes}u`, test: (disk) => compareSize(operator, disk.sizeBytes ?? 0, condition.sizeBytes) });
  }
  if (selector.uuid) terms.push(globTerm(selector.uuid, 'uuid', 'uuid'));
  if (selector.wwid) terms.push(globTerm(selector.wwid, 'wwid', 'wwid'));
  if (selector.model) terms.push(globTerm(selector.model, 'model', 'model'));
  if (selector.name) return 'selector on name is not supported';
  if (selector.serial) terms.push(globTerm(selector.serial, 'serial', 'serial'));
  if (selector.modalias) terms.push(globTerm(selector.modalias, 'modalias', 'modalias'));
  terms.push({ text: 'disk.transport != ""', test: (disk) => (disk.transport ?? '') !== '' });
  if (selector.type) {
    const term = typeTerm(selector.type);
    if (typeof term === 'string') return term;
    terms.push(term);
  }
  if (selector.busPath) terms.push(globTerm(selector.busPath, 'busPath', 'bus_path'));
  terms.push({ text: '!disk.readonly', test: (disk) => disk.readonly !== true });
  terms.push({ text: '!disk.cdrom', test: (disk) => disk.cdrom !== true });
  return { text: terms.map((term) => term.text).join(' && '), matches: (disk) => terms.every((term) => term.test(disk)) };
}
