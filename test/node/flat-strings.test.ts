// Memory-only changes must not change a byte of what a node says: event ids built in one join
// equal the ids appended character by character, and flattened text is the same string value.
import { describe, expect, it } from 'vitest';
import { makeXid } from '../../nodes/events/event-bus.ts';
import { flatString } from '../../nodes/flat-string.ts';
import { LogStore } from '../../nodes/logs/log-store.ts';
import { clonePlain } from '../../nodes/resources/resource-store.ts';

const ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/** The xid as it was built before (one character appended at a time). */
function appendedXid(seconds: number, machineId: number[], counter: number): string {
  const bytes = [(seconds >>> 24) & 0xff, (seconds >>> 16) & 0xff, (seconds >>> 8) & 0xff, seconds & 0xff, ...machineId.slice(0, 5), (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff];
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.slice(0, 20);
}

describe('flat strings', () => {
  it('event ids are the same 20 characters as before', () => {
    for (let i = 0; i < 2_000; i++) {
      const seconds = 1_700_000_000 + i * 7919;
      const machineId = [i & 0xff, (i * 31) & 0xff, (i * 17) & 0xff, 0xab, (i * 3) & 0xff, 0x12];
      const counter = i * 104_729;
      expect(makeXid(seconds, machineId, counter)).toBe(appendedXid(seconds, machineId, counter));
    }
    expect(makeXid(0, [0, 0, 0, 0, 0], 0)).toBe('00000000000000000000');
  });

  it('flattening keeps the value; logs and specs keep their text', () => {
    const parts = ['[talos] service[etcd](Running): ', 'Health check successful', ' ', String(42)];
    const joined = parts.reduce((text, part) => text + part, '');
    expect(flatString(joined)).toBe(parts.join(''));
    expect(flatString('short')).toBe('short');
    const logs = new LogStore({ now: 5 });
    logs.write('machined', joined);
    logs.writeKmsg('kern', 'info', joined);
    expect(logs.lines('machined')).toEqual([{ timeMs: 5, text: parts.join('') }]);
    expect(logs.kmsg.all()).toEqual([{ timeMs: 5, facility: 'kern', priority: 'info', text: parts.join('') }]);
    expect(clonePlain({ a: [joined, 1, null], b: { c: joined } })).toEqual({ a: [parts.join(''), 1, null], b: { c: parts.join('') } });
  });
});
