// Wire compatibility spot checks: messages encoded by our protos produce the exact bytes Talos'
// field numbers and types imply (worked out by hand from the tag = field << 3 | wire type rule),
// and decode back into the shapes grpc-js handlers see.

import { describe, expect, it } from 'vitest';
import { ProtoError } from '../../proto/proto-error.ts';
import { anyOf, decodeMessage, encodeMessage, messageType, unpackAny } from '../../proto/load.ts';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

describe('machine messages', () => {
  it('ApplyConfigurationRequest{mode: NO_REBOOT, dry_run: true} is 20 02 28 01', () => {
    const bytes = encodeMessage('machine.ApplyConfigurationRequest', { mode: 'NO_REBOOT', dry_run: true });
    expect(hex(bytes)).toBe('20022801');
    expect(decodeMessage('machine.ApplyConfigurationRequest', bytes)).toEqual({
      data: Buffer.alloc(0),
      mode: 'NO_REBOOT',
      dry_run: true,
      try_mode_timeout: null,
    });
  });

  it('leaves zero-valued proto3 scalars out, as Go does', () => {
    const bytes = encodeMessage('machine.ApplyConfigurationRequest', { data: Buffer.alloc(0), mode: 'REBOOT', dry_run: false });
    expect(hex(bytes)).toBe('');
    expect(hex(encodeMessage('machine.EtcdMember', { id: '0', hostname: '' }))).toBe('');
  });

  it('re-encodes a decoded object (all defaults filled in) to the same bytes', () => {
    const bytes = encodeMessage('machine.Version', { version: { tag: 'v1.13.0', os: 'linux' }, features: { rbac: true } });
    expect(hex(encodeMessage('machine.Version', decodeMessage('machine.Version', bytes)))).toBe(hex(bytes));
  });

  it('accepts an enum by number as well as by name', () => {
    expect(hex(encodeMessage('machine.ApplyConfigurationRequest', { mode: 2 }))).toBe('2002');
  });

  it('EtcdMember.id is field 2, a full-precision uint64 carried as a decimal string', () => {
    const bytes = encodeMessage('machine.EtcdMember', { id: '18446744073709551615', hostname: 'cp1' });
    expect(hex(bytes)).toBe('10' + 'ff'.repeat(9) + '01' + '1a03637031');
    const member = decodeMessage<{ id: string }>('machine.EtcdMember', bytes);
    expect(member.id).toBe('18446744073709551615');
    expect(BigInt(member.id).toString(16)).toBe('ffffffffffffffff');
  });

  it('EtcdMemberStatus keeps member_id at 10 and storage_version at 11', () => {
    const bytes = encodeMessage('machine.EtcdMemberStatus', { member_id: 1, storage_version: '3.6' });
    expect(hex(bytes)).toBe('5001' + '5a03332e36');
  });

  it('MemInfo declares all 48 counters as uint64 fields 1..48', () => {
    const fields = messageType('machine.MemInfo').fieldsArray;
    expect(fields.map((field) => field.id)).toEqual(Array.from({ length: 48 }, (_, index) => index + 1));
    expect(new Set(fields.map((field) => field.type))).toEqual(new Set(['uint64']));
    expect(fields[0]!.name).toBe('memtotal');
    // Field 48 needs a two-byte tag: 48 << 3 = 384 = varint 80 03.
    expect(hex(encodeMessage('machine.MemInfo', { directmap1g: 1 }))).toBe('800301');
  });

  it('Event carries its payload as an Any typed talos/runtime/<full name>', () => {
    const data = anyOf('machine.MachineStatusEvent', {
      stage: 'RUNNING',
      status: { ready: true, unmet_conditions: [] },
    });
    expect(data.type_url).toBe('talos/runtime/machine.MachineStatusEvent');
    expect(hex(data.value)).toBe('0804' + '12020801');
    const eventBytes = encodeMessage('machine.Event', { data, id: 'x' });
    const typeUrl = Buffer.from(data.type_url).toString('hex');
    expect(hex(eventBytes)).toBe('12' + '32' + '0a28' + typeUrl + '1206' + '080412020801' + '1a0178');

    const event = decodeMessage<{ data: { type_url: string; value: Buffer } }>('machine.Event', eventBytes);
    expect(unpackAny(event.data)).toEqual({
      fullName: 'machine.MachineStatusEvent',
      message: { stage: 'RUNNING', status: { ready: true, unmet_conditions: [] } },
    });
  });

  it('a fanned-out reply can be stamped by appending common.Empty{metadata} to its element (field 1)', () => {
    const element = encodeMessage('machine.ServiceList', { services: [{ id: 'apid', state: 'Running' }] });
    const stamp = encodeMessage('common.Empty', { metadata: { hostname: '10.5.0.2' } });
    const stamped = Buffer.concat([element, stamp]);
    const reply = Buffer.concat([Buffer.from([0x0a, stamped.length]), stamped]);
    const decoded = decodeMessage<{ messages: { metadata: { hostname: string }; services: { id: string }[] }[] }>(
      'machine.ServiceListResponse',
      reply,
    );
    expect(decoded.messages[0]!.metadata.hostname).toBe('10.5.0.2');
    expect(decoded.messages[0]!.services[0]!.id).toBe('apid');
  });
});

describe('COSI messages', () => {
  it('ResourceDefinitionSpec encodes to the bytes talosctl decodes, and round-trips', () => {
    const spec = {
      resource_type: 'X',
      aliases: ['x'],
      print_columns: [{ name: 'N', json_path: '{.n}' }],
      sensitivity: 'SENSITIVE',
    };
    const bytes = encodeMessage('cosi.resource.meta.ResourceDefinitionSpec', spec);
    expect(hex(bytes)).toBe('0a0158' + '220178' + '3209' + '0a014e' + '12047b2e6e7d' + '3801');
    expect(decodeMessage('cosi.resource.meta.ResourceDefinitionSpec', bytes)).toEqual({
      resource_type: 'X',
      display_type: '',
      default_namespace: '',
      aliases: ['x'],
      all_aliases: [],
      print_columns: [{ name: 'N', json_path: '{.n}' }],
      sensitivity: 'SENSITIVE',
    });
  });

  it('Metadata puts labels at 10 and annotations at 11', () => {
    expect(hex(encodeMessage('cosi.resource.Metadata', { labels: { a: 'b' } }))).toBe('5206' + '0a0161' + '120162');
    expect(hex(encodeMessage('cosi.resource.Metadata', { annotations: { a: 'b' } }))).toBe('5a06' + '0a0161' + '120162');
  });

  it('WatchRequest.id is proto3 optional: an empty id is still sent, an absent one is not', () => {
    expect(hex(encodeMessage('cosi.resource.WatchRequest', { id: '', api_version: 1 }))).toBe('1a00' + '2801');
    expect(hex(encodeMessage('cosi.resource.WatchRequest', { api_version: 1 }))).toBe('2801');
    const kindWatch = decodeMessage<Record<string, unknown>>('cosi.resource.WatchRequest', Buffer.from('2801', 'hex'));
    expect(kindWatch._id).toBeUndefined();
    const singleWatch = decodeMessage<Record<string, unknown>>('cosi.resource.WatchRequest', Buffer.from('1a00', 'hex'));
    expect(singleWatch._id).toBe('id');
  });

  it('cosi.resource.Event numbers event_type 2, old 3, error 4', () => {
    const bytes = encodeMessage('cosi.resource.Event', { event_type: 'BOOTSTRAPPED', error: 'e' });
    expect(hex(bytes)).toBe('1003' + '220165');
  });
});

describe('resource specs', () => {
  it('MachineStatusSpec{stage: RUNNING, status: {ready, unmet_conditions}}', () => {
    const spec = {
      stage: 'MACHINE_STAGE_RUNNING',
      status: { ready: true, unmet_conditions: [{ name: 'time', reason: 'x' }] },
    };
    const bytes = encodeMessage('talos.resource.definitions.runtime.MachineStatusSpec', spec);
    expect(hex(bytes)).toBe('0804' + '120d' + '0801' + '1209' + '0a0474696d65' + '120178');
    expect(decodeMessage('talos.resource.definitions.runtime.MachineStatusSpec', bytes)).toEqual(spec);
  });

  it('MachineConfigSpec holds the YAML bytes in field 1', () => {
    const yaml = Buffer.from('version: v1alpha1\n');
    const bytes = encodeMessage('resource.config.MachineConfigSpec', { yaml_marshalled: yaml });
    expect(hex(bytes)).toBe('0a12' + yaml.toString('hex'));
  });

  it('cluster MemberSpec uses the shared MachineType enum at field 4', () => {
    const bytes = encodeMessage('talos.resource.definitions.cluster.MemberSpec', {
      machine_type: 'TYPE_CONTROL_PLANE',
      addresses: [{ ip: Buffer.from([10, 5, 0, 2]) }],
    });
    expect(hex(bytes)).toBe('1206' + '0a040a050002' + '2002');
  });

  it('LinkStatusSpec keeps the high-numbered enum values (duplex UNKNOWN = 255)', () => {
    const bytes = encodeMessage('talos.resource.definitions.network.LinkStatusSpec', {
      type: 'LINK_ETHER',
      operational_state: 'OPER_STATE_UP',
      duplex: 'UNKNOWN',
    });
    expect(hex(bytes)).toBe('1001' + '5006' + 'c801ff01');
  });
});

describe('talsim control messages', () => {
  it('TimeControlRequest{action: ADVANCE, advance_ms: 1500}', () => {
    const bytes = encodeMessage('talsim.control.v1.TimeControlRequest', { action: 'ADVANCE', advance_ms: 1500 });
    expect(hex(bytes)).toBe('0803' + '18dc0b');
  });
});

describe('helper errors', () => {
  it('refuses a field the message does not have, naming its path', () => {
    expect(() => encodeMessage('machine.ApplyConfigurationRequest', { dryRun: true })).toThrow(ProtoError);
    expect(() =>
      encodeMessage('talos.resource.definitions.runtime.MachineStatusSpec', { status: { ready: true, unmet: [] } }),
    ).toThrow('unknown field "status.unmet"');
  });

  it('refuses an unknown message name, also inside an Any', () => {
    expect(() => encodeMessage('machine.NoSuchMessage', {})).toThrow(ProtoError);
    expect(() => unpackAny({ type_url: 'talos/runtime/machine.NoSuchEvent', value: Buffer.alloc(0) })).toThrow(
      'machine.NoSuchEvent: is not a known message type',
    );
  });

  it('refuses bytes that are not a valid encoding', () => {
    expect(() => decodeMessage('machine.EtcdMember', Buffer.from([0x12, 0x05, 0x01]))).toThrow(ProtoError);
  });
});
