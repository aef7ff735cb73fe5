// The API edge's pure pieces: apid's routing decision from metadata, the fan-out merge, Go's
// RFC3339Nano, gRPC status rendering, and the tar.gz writer (read back by the system's tar).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Metadata, status } from '@grpc/grpc-js';
import { routeOf } from '../../nodes/api/apid-router.ts';
import { mergeUnaryReplies } from '../../nodes/api/fan-out.ts';
import { rfc3339Nano } from '../../nodes/api/handler-support.ts';
import { goStatusText, statusOf } from '../../nodes/api/grpc-status.ts';
import { tarGzip } from '../../nodes/api/tar-gzip.ts';
import { forgetUntypedErrors, TalosApiError, untypedErrorsSeen } from '../../nodes/api-error.ts';

const metadata = (entries: Record<string, string[]>) => {
  const result = new Metadata();
  for (const [key, values] of Object.entries(entries)) for (const value of values) result.add(key, value);
  return result;
};

describe('routeOf', () => {
  const version = '/machine.MachineService/Version';

  it('is local without metadata, with proxyfrom, or with routing off', () => {
    expect(routeOf(version, metadata({}), true)).toEqual({ kind: 'local' });
    expect(routeOf(version, metadata({ proxyfrom: ['10.5.0.2'], node: ['10.5.0.3'] }), true)).toEqual({ kind: 'local' });
    expect(routeOf(version, metadata({ node: ['10.5.0.3'] }), false)).toEqual({ kind: 'local' });
  });

  it('prefers legacy nodes over node, and splits values a header join put together', () => {
    expect(routeOf(version, metadata({ node: ['a'], nodes: ['b', 'c'] }), true)).toEqual({ kind: 'many', targets: ['b', 'c'] });
    expect(routeOf(version, metadata({ nodes: ['b, c'] }), true)).toEqual({ kind: 'many', targets: ['b', 'c'] });
    expect(routeOf(version, metadata({ node: ['::1'] }), true)).toEqual({ kind: 'one', target: '::1' });
  });

  it('refuses ports, including bracketed IPv6 with a port', () => {
    expect(() => routeOf(version, metadata({ node: ['[::1]:50000'] }), true)).toThrow('invalid target "[::1]:50000"');
    expect(() => routeOf(version, metadata({ nodes: ['a', 'b:1'] }), true)).toThrow('invalid target "b:1"');
  });
});

describe('mergeUnaryReplies', () => {
  it('keeps target order, stamps the first element of each reply, and adds error elements', () => {
    const merged = mergeUnaryReplies([
      { target: 'a', reply: { messages: [{ metadata: null, hostname: 'a' }] } },
      { target: 'b', error: new TalosApiError('Unavailable', 'gone') },
    ]);
    expect(merged.messages).toEqual([
      { metadata: { hostname: 'a' }, hostname: 'a' },
      { metadata: { hostname: 'b', error: 'rpc error: code = Unavailable desc = gone', status: { code: status.UNAVAILABLE, message: 'gone', details: [] } } },
    ]);
  });
});

describe('statuses', () => {
  it('keep TalosApiError codes and render like Go', () => {
    expect(statusOf(new TalosApiError('PermissionDenied', 'not authorized'))).toEqual({ code: status.PERMISSION_DENIED, details: 'not authorized' });
    expect(statusOf(new Error('plain'))).toEqual({ code: status.UNKNOWN, details: 'plain' });
    // A plain Error is a bug the suites report (test/setup/untyped-errors.ts); this one is on purpose.
    expect(untypedErrorsSeen()).toEqual(['Error: plain']);
    forgetUntypedErrors();
    expect(goStatusText({ code: status.DEADLINE_EXCEEDED, details: 'context deadline exceeded' })).toBe('rpc error: code = DeadlineExceeded desc = context deadline exceeded');
  });
});

describe('rfc3339Nano', () => {
  it('trims trailing zeros of the fraction and drops an empty one', () => {
    expect(rfc3339Nano(Date.UTC(2025, 8, 13, 20, 46, 40, 960))).toBe('2025-09-13T20:46:40.96Z');
    expect(rfc3339Nano(Date.UTC(2025, 8, 13, 20, 46, 40))).toBe('2025-09-13T20:46:40Z');
    expect(rfc3339Nano(Date.UTC(2025, 8, 13, 20, 46, 40) + 0.3)).toBe('2025-09-13T20:46:40.0003Z');
  });
});

describe('tarGzip', () => {
  it('writes an archive the system tar lists and extracts with name, mode and content', () => {
    const directory = mkdtempSync(join(tmpdir(), 'talsim-tar-'));
    try {
      const archive = join(directory, 'kubeconfig.tar.gz');
      const content = Buffer.from('apiVersion: v1\n'.repeat(100));
      writeFileSync(archive, tarGzip([{ name: 'kubeconfig', content, mode: 0o600, modifiedSeconds: 1_700_000_000 }]));
      expect(execFileSync('tar', ['-tzf', archive]).toString()).toBe('kubeconfig\n');
      execFileSync('tar', ['-xzf', archive, '-C', directory]);
      expect(readFileSync(join(directory, 'kubeconfig'))).toEqual(content);
      expect(statSync(join(directory, 'kubeconfig')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
