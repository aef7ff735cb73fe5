// Validation against a machine's disks: Talos' texts before and after the v1.9 install-disk
// rewrite, disk selectors as CEL expressions, and which disk the install task picks.
import { describe, expect, it } from 'vitest';
import { chooseInstallDisk, diskMatchExpression, parseConfig, runtimeValidate, type SelectableDisk } from '../../nodes/config/index.ts';
import { WORKER_YAML, edit } from './fixtures.ts';

const config = (text: string) => parseConfig(text).config ?? {};
const withDisk = (disk: string) => config(edit(WORKER_YAML, 'disk: /dev/sda', `disk: ${disk}`));
const withSelector = (selector: string) => config(edit(WORKER_YAML, '        disk: /dev/sda\n', `        diskSelector:\n${selector}`));

const DISKS: SelectableDisk[] = [
  { devPath: '/dev/sr0', sizeBytes: 1e9, transport: 'sata', cdrom: true, readonly: true },
  { devPath: '/dev/sda', sizeBytes: 4e9, transport: 'sata', model: 'QEMU HARDDISK', rotational: true },
  { devPath: '/dev/nvme0n1', sizeBytes: 512e9, transport: 'nvme', model: 'Samsung SSD 980' },
];

describe('runtimeValidate: install disk', () => {
  it('before v1.9 rejects an install disk the machine does not have', () => {
    const result = runtimeValidate(withDisk('/dev/sdx'), { talosVersion: 'v1.8.3', requiresInstall: true, disks: ['/dev/sda'] });
    expect(result.errors).toEqual([{ path: 'machine.install.disk', message: 'specified install disk does not exist: "/dev/sdx"' }]);
    expect(runtimeValidate(withDisk('/dev/sda'), { talosVersion: 'v1.8.3', requiresInstall: true, disks: ['/dev/sda'] }).errors).toEqual([]);
  });

  it('from v1.9 accepts it, and the install task fails instead', () => {
    const result = runtimeValidate(withDisk('/dev/sdx'), { talosVersion: 'v1.13.0', requiresInstall: true, disks: ['/dev/sda'] });
    expect(result.errors).toEqual([]);
    expect(chooseInstallDisk(withDisk('/dev/sdx'), ['/dev/sda'])).toEqual({ error: 'lstat /dev/sdx: no such file or directory' });
    expect(chooseInstallDisk(withDisk('/dev/sda'), ['/dev/sda'])).toEqual({ devPath: '/dev/sda' });
  });

  it('does nothing on an installed node', () => {
    expect(runtimeValidate(withDisk('/dev/sdx'), { talosVersion: 'v1.8.0', requiresInstall: false, disks: [] }).errors).toEqual([]);
  });

  it('rejects a selector that matches no disk, printing the CEL expression', () => {
    const selector = withSelector('            size: ">= 8GB"\n');
    const result = runtimeValidate(selector, { requiresInstall: true, disks: DISKS.slice(0, 2) });
    expect(result.errors.map((issue) => issue.message)).toEqual([
      'no disks matched the expression: disk.size >= 8000000000u && disk.transport != "" && !disk.readonly && !disk.cdrom',
    ]);
    expect(runtimeValidate(selector, { requiresInstall: true, disks: DISKS }).errors).toEqual([]);
    expect(chooseInstallDisk(selector, DISKS)).toEqual({ devPath: '/dev/nvme0n1' });
  });
});

describe('diskMatchExpression', () => {
  it('builds Talos expression terms in Talos order', () => {
    const install = { diskSelector: { model: 'Samsung*', type: 'ssd', busPath: '/pci0000:00/*', size: '<= 1TB' } };
    const expression = diskMatchExpression(install);
    if (expression === null || typeof expression === 'string') throw new Error('expected an expression');
    expect(expression.text).toBe(
      'disk.size <= 1000000000000u && glob("Samsung*", disk.model) && disk.transport != "" && !disk.rotational && glob("/pci0000:00/*", disk.bus_path) && !disk.readonly && !disk.cdrom',
    );
    expect(expression.matches({ ...DISKS[2], busPath: '/pci0000:00/0000:00:04.0' })).toBe(true);
    expect(expression.matches(DISKS[1])).toBe(false);
  });

  it('rejects unsupported disk types and sizes', () => {
    expect(diskMatchExpression({ diskSelector: { type: 'tape' } })).toBe('unsupported disk type "tape"');
    expect(diskMatchExpression({ diskSelector: { size: '>= lots' } })).toBe('failed to parse disk size  lots: strconv.ParseFloat: parsing "": invalid syntax');
    expect(diskMatchExpression({})).toBeNull();
  });
});
