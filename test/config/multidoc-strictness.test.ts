// Every document of a config stream is decoded as strictly as Talos decodes it (issue 11 item 5):
// in a second document (HostnameConfig, LinkConfig, ...) an undefined alias, unknown keys, a
// duplicated key and a mistyped value are rejected with the same texts as in the v1alpha1
// document; bytes that are not UTF-8 (or are control characters) are rejected as go-yaml's reader
// rejects them, wherever they are, comments included.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../nodes/config/index.ts';
import { WORKER_YAML } from './fixtures.ts';

function parseError(input: string | Uint8Array): string {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const hostname = (extra: string) => `${WORKER_YAML}---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n${extra}`;
const hostnameLine = WORKER_YAML.split('\n').length + 1;

describe('non-v1alpha1 documents are decoded strictly', () => {
  it('rejects an alias to an undefined anchor (the issue\'s `extra: *nope`)', () => {
    expect(parseError(hostname('extra: *nope\n'))).toBe(`decode error: yaml: line ${hostnameLine + 3}, column 9: unknown anchor 'nope' referenced`);
  });

  it('rejects the same undefined alias in the v1alpha1 document', () => {
    const text = WORKER_YAML.replace('machine:\n', 'machine:\n    extra: *nope\n');
    expect(parseError(text)).toMatch(/^decode error: yaml: line \d+, column 13: unknown anchor 'nope' referenced$/);
  });

  it('rejects v1alpha1 keys (machine:, debug:, persist:) put into a HostnameConfig as unknown keys', () => {
    expect(parseError(hostname('machine:\n  type: worker\ndebug: true\npersist: true\n'))).toBe(
      `error decoding document v1alpha1/HostnameConfig/ (line ${hostnameLine}): unknown keys found during decoding:\ndebug: true\nmachine:\n    type: worker\npersist: true\n`,
    );
  });

  it('rejects a duplicated key', () => {
    expect(parseError(hostname('auto: off\n'))).toBe(
      `error decoding document v1alpha1/HostnameConfig/ (line ${hostnameLine}): error decoding HostnameConfig to *network.HostnameConfigV1Alpha1: yaml: construct errors:\n  line ${hostnameLine + 3}: mapping key "auto" already defined at line ${hostnameLine + 2}`,
    );
  });

  it('rejects values its Go type cannot take, all at once, with go-yaml\'s lines', () => {
    const text = 'apiVersion: v1alpha1\nkind: LinkConfig\nname: eth0\nmtu: big\naddresses:\n  - address: 10.0.0.5\nroutes:\n  - gateway: {}\n';
    expect(parseError(text)).toBe([
      'error decoding document v1alpha1/LinkConfig/eth0 (line 1): error decoding LinkConfig to *network.LinkConfigV1Alpha1: yaml: construct errors:',
      '  line 4: cannot construct !!str `big` into uint32',
      '  line 6: netip.ParsePrefix("10.0.0.5"): no \'/\'',
      '  line 8: cannot construct !!map into network.Addr (TextUnmarshaler)',
    ].join('\n'));
  });

  it('rejects an enum value Talos does not define', () => {
    expect(parseError('apiVersion: v1alpha1\nkind: HostnameConfig\nauto: sometimes\n')).toContain('line 3: sometimes does not belong to AutoHostnameKind values');
  });

  it('rejects unknown keys nested in a volume document', () => {
    const text = 'apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\nprovisioning:\n  diskSelector:\n    match: disk.size > 10u * GB\n  size: 10GB\n';
    expect(parseError(text)).toBe(
      'error decoding document v1alpha1/UserVolumeConfig/data (line 1): unknown keys found during decoding:\nprovisioning:\n    size: 10GB\n',
    );
  });

  it('accepts upstream\'s documented examples unchanged', () => {
    const text = [
      'apiVersion: v1alpha1\nkind: LinkConfig\nname: enp0s2\nup: true\nmtu: 9000\naddresses:\n  - address: 192.168.1.100/24\n  - address: fd00::1/64\nroutes:\n  - destination: 10.0.0.0/8\n    gateway: 10.0.0.1\n  - gateway: fe80::1\n',
      'apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: ceph-data\nprovisioning:\n  diskSelector:\n    match: disk.transport == "nvme"\n  maxSize: 50GiB\n',
    ].join('---\n');
    expect(parseConfig(text).documents.map((document) => document.kind)).toEqual(['LinkConfig', 'UserVolumeConfig']);
  });
});

describe('the byte stream is read as go-yaml reads it', () => {
  const withByte = (prefix: string, byte: number, rest: string) => Buffer.concat([Buffer.from(prefix), Buffer.from([byte]), Buffer.from(rest)]);

  it('rejects invalid UTF-8 in a comment at its byte offset', () => {
    expect(parseError(withByte('# bad ', 0xff, `\n${WORKER_YAML}`))).toBe('decode error: yaml: offset 6: invalid leading UTF-8 octet');
  });

  it('rejects a truncated sequence and a bad trailing octet', () => {
    expect(parseError(withByte(`${WORKER_YAML}# end `, 0xc3, ''))).toBe(`decode error: yaml: offset ${Buffer.byteLength(WORKER_YAML) + 6}: incomplete UTF-8 octet sequence`);
    expect(parseError(Buffer.from([0x23, 0x20, 0xc3, 0x41, 0x0a]))).toBe('decode error: yaml: offset 3: invalid trailing UTF-8 octet');
  });

  it('rejects an overlong encoding and a control character', () => {
    expect(parseError(Buffer.from([0x23, 0xc0, 0x80, 0x0a]))).toBe('decode error: yaml: offset 1: invalid length of a UTF-8 sequence');
    expect(parseError(`${WORKER_YAML}# bell \u0007\n`)).toMatch(/^decode error: yaml: offset \d+: control characters are not allowed$/);
  });

  it('reports an earlier document\'s problem first when the bad byte is chunks away', () => {
    const early = 'apiVersion: v1alpha1\nkind: HostnameConfig\nauto: sometimes\n';
    const text = withByte(`${early}---\n${WORKER_YAML}# tail `, 0xfe, '\n');
    expect(parseError(text)).toContain('sometimes does not belong to AutoHostnameKind values');
  });

  it('accepts valid multi-byte UTF-8 and a byte order mark', () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`# café ✓ 🚀\n${WORKER_YAML}`)]);
    expect(parseConfig(text).config?.machine?.type).toBe('worker');
  });
});
