// The hardware profile's `system` block (SMBIOS type 1, what `talosctl get systeminformation`
// shows): QEMU's values where a profile gives none, `talsim hardware import`'s, and the checks a typo meets.
import { describe, expect, it } from 'vitest';
import { HardwareProfileError, loadHardwareProfile } from '../../nodes/hardware/hardware-profile.ts';

describe('hardware profile: system information', () => {
  it('defaults to a KVM/QEMU machine without a uuid (each node draws its own)', () => {
    expect(loadHardwareProfile('default').system).toEqual({ manufacturer: 'QEMU', productName: 'Standard PC (Q35 + ICH9, 2009)', version: 'pc-q35-8.2', serialNumber: '', wakeUpType: 'Power Switch', skuNumber: '' });
  });

  it('the bundled server profile carries the imported vendor block, without the one machine\'s serial and uuid', () => {
    expect(loadHardwareProfile('poweredge-r650').system).toEqual({ manufacturer: 'Dell Inc.', productName: 'PowerEdge R650', version: 'Not Specified', serialNumber: '', wakeUpType: 'Power Switch', skuNumber: 'SKU=090B;ModelName=PowerEdge R650' });
  });

  it('an override keeps the defaults of the fields it leaves out; a uuid must be one; unknown fields are refused', () => {
    const system = loadHardwareProfile('default', { system: { serialNumber: 'ABC123', uuid: '4C4C4544-0042-3510-8057-B4C04F4E4D32' } }).system;
    expect(system).toMatchObject({ manufacturer: 'QEMU', serialNumber: 'ABC123', uuid: '4c4c4544-0042-3510-8057-b4c04f4e4d32' });
    expect(() => loadHardwareProfile('default', { system: { uuid: 'not-a-uuid' } })).toThrow(HardwareProfileError);
    expect(() => loadHardwareProfile('default', { system: { family: 'x' } })).toThrow('system.family: expected one of the fields');
  });
});
