// `talsim hardware import`: talosctl get output (-o yaml and -o json) of a real node becomes a
// hardware profile; the bundled poweredge-r650 profile is exactly what importing the example output
// gives; cut-off or unusable output fails naming the file, line, document and field, writing nothing.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { hardwareImportCommand, importHardwareProfile } from '../../sim/cli/hardware-command.ts';
import { loadHardwareProfile } from '../../nodes/hardware/hardware-profile.ts';

const EXAMPLE = 'examples/hardware/talosctl-get-poweredge-r650.yaml';
const exampleText = readFileSync(EXAMPLE, 'utf8');

/** The same resources as `talosctl get ... -o json` prints them: one 4-space indented object each, keys sorted. */
function asTalosctlJson(yamlText: string): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
    }
    return value;
  };
  return parseAllDocuments(yamlText).map((document) => `${JSON.stringify(sortKeys(document.toJS()), null, 4)}\n`).join('');
}

function importError(file: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'talsim-hw-'));
  writeFileSync(join(dir, file), text);
  const output = { out: '', err: '' };
  const code = hardwareImportCommand([join(dir, file)], { output: join(dir, 'profile.yaml') }, { out: (t) => (output.out += t), err: (t) => (output.err += t) });
  expect(code).toBe(2);
  expect(existsSync(join(dir, 'profile.yaml'))).toBe(false);
  return output.err.replaceAll(`${dir}/`, '');
}

describe('talsim hardware import', () => {
  it('makes the bundled poweredge-r650 profile from the example talosctl -o yaml output', () => {
    const profile = importHardwareProfile([{ file: EXAMPLE, text: exampleText }]);
    expect(profile).toBe(readFileSync('nodes/hardware/profiles/poweredge-r650.yaml', 'utf8'));
    const loaded = loadHardwareProfile('poweredge-r650');
    expect(loaded.cpus).toBe(128);
    expect(loaded.memoryBytes).toBe(256 * 1024 ** 3);
    expect(loaded.disks.map((disk) => [disk.name, disk.transport, disk.rotational, disk.sizeBytes])).toEqual([
      ['nvme0n1', 'nvme', false, 960197124096], ['nvme1n1', 'nvme', false, 960197124096], ['sda', 'sata', true, 4000787030016],
    ]);
    expect(loaded.disks[2]!.wwid).toBe('naa.5000c500d1a2b3c4');
    expect(loaded.nics.map((nic) => [nic.name, nic.mac, nic.speedMbps, nic.carrier, nic.driver])).toEqual([
      ['eno12399np0', 'b4:96:91:a1:2c:40', 25000, true, 'bnxt_en'], ['eno12409np1', 'b4:96:91:a1:2c:41', 1000, false, 'bnxt_en'],
    ]);
  });

  it('reads -o json output to the same profile, also split across files', () => {
    const json = asTalosctlJson(exampleText);
    expect(importHardwareProfile([{ file: 'all.json', text: json }])).toBe(readFileSync('nodes/hardware/profiles/poweredge-r650.yaml', 'utf8'));
    const documents = exampleText.split('---\n');
    const split = [
      { file: 'disks.yaml', text: documents.slice(0, 6).join('---\n') },
      { file: 'rest.json', text: asTalosctlJson(documents.slice(6).join('---\n')) },
    ];
    expect(importHardwareProfile(split)).toBe(readFileSync('nodes/hardware/profiles/poweredge-r650.yaml', 'utf8'));
  });

  it('truncated -o yaml output: names the file, line, document and the missing field', () => {
    const cut = exampleText.slice(0, exampleText.indexOf('spec:', exampleText.indexOf('id: sda')));
    const line = cut.split('\n').length - 11;
    expect(importError('cut.yaml', cut)).toBe(
      `talsim hardware import: cut.yaml:${line}: document 3 (Disks.block.talos.dev sda): spec: expected a mapping (is the output cut off?), found no value\n`,
    );
  });

  it('truncated -o json output: the object the output ends in', () => {
    const json = asTalosctlJson(exampleText);
    const cut = json.slice(0, json.length - 200);
    expect(importError('cut.json', cut)).toMatch(/^talsim hardware import: cut\.json:\d+: document 21: expected a complete JSON object, found the output ends inside it \(truncated\?\)\n$/);
  });

  it('a value it cannot use: the document and the field', () => {
    expect(importError('fc.yaml', exampleText.replace('transport: sata', 'transport: fc'))).toMatch(
      /^talsim hardware import: fc\.yaml:\d+: document 3 \(Disks\.block\.talos\.dev sda\): spec\.transport: expected one of sata, nvme, virtio, scsi, usb, mmc, found "fc"\n$/,
    );
    expect(importError('other.yaml', 'node: 10.0.0.1\nmetadata:\n    type: Members.cluster.talos.dev\n    id: x\nspec: {}\n')).toContain('other.yaml:1: document 1: metadata.type: expected one of Disks.block.talos.dev');
    expect(importError('kubeconfig.yaml', 'apiVersion: v1\nkind: Config\n')).toBe('talsim hardware import: kubeconfig.yaml:1: document 1: metadata: expected a mapping with type and id, found no value\n');
  });
});
