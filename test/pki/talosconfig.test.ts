// talosconfig written as talosctl writes it and read back; GenerateClientConfiguration's answer:
// a certificate for the asked roles and a context named `<role>@<cluster>`.

import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RandomTree } from '../../sim/kernel/random-tree.ts';
import {
  PkiError,
  checkClientAuthEku,
  issueClientCertificate,
  issueClientConfiguration,
  issueMachineCa,
  readCertificateFacts,
  readTalosconfig,
  writeTalosconfig,
} from '../../nodes/pki/index.ts';

const now = new Date('2026-03-01T10:00:00Z');
const tree = new RandomTree('talosconfig');
const ca = issueMachineCa(tree.stream('ca'), now);
const admin = issueClientCertificate({ ca, stream: tree.stream('admin'), notBefore: now });

describe('talosconfig', () => {
  const context = { context: 'lab', endpoints: ['10.5.0.2', '10.5.0.3'], nodes: ['10.5.0.2'], caPem: ca.crt, crtPem: admin.crt, keyPem: admin.key };
  const text = writeTalosconfig(context);

  it('has talosctl layout: context, contexts.<name>.{endpoints, nodes, ca, crt, key} as base64 PEM', () => {
    const lines = text.split('\n');
    expect(lines.slice(0, 8)).toEqual([
      'context: lab',
      'contexts:',
      '    lab:',
      '        endpoints:',
      '            - 10.5.0.2',
      '            - 10.5.0.3',
      '        nodes:',
      '            - 10.5.0.2',
    ]);
    expect(lines[8]).toBe(`        ca: ${Buffer.from(ca.crt).toString('base64')}`);
  });

  it('reads back to the same context', () => {
    expect(readTalosconfig(text)).toEqual(context);
  });

  it('writes `endpoints: []` and no nodes when there are none, as gen config does', () => {
    const empty = writeTalosconfig({ ...context, endpoints: [], nodes: [] });
    expect(empty).toContain('        endpoints: []\n');
    expect(empty).not.toContain('nodes');
    expect(readTalosconfig(empty)).toMatchObject({ endpoints: [], nodes: [] });
  });

  it('upgrades the legacy target into the endpoints and refuses an unknown context', () => {
    const legacy = 'context: old\ncontexts:\n    old:\n        target: 10.0.0.1\n        ca: ""\n';
    expect(readTalosconfig(legacy).endpoints).toEqual(['10.0.0.1']);
    expect(() => readTalosconfig(text, 'missing')).toThrow(PkiError);
    expect(() => readTalosconfig(text, 'missing')).toThrow('context "missing" is not defined');
  });
});

describe('issueClientConfiguration', () => {
  it('names the context <role>@<cluster> for one role and leaves endpoints empty', () => {
    const answer = issueClientConfiguration({ ca, roles: ['os:reader'], ttlMs: 3_600_000, clusterName: 'lab', now, stream: tree.stream('gcc') });
    const talosconfig = readTalosconfig(answer.talosconfig.toString());
    expect(talosconfig.context).toBe('reader@lab');
    expect(talosconfig.endpoints).toEqual([]);
    expect(talosconfig.caPem).toBe(ca.crt);
    expect(talosconfig.crtPem).toBe(answer.crt.toString());
    expect(answer.ca.toString()).toBe(ca.crt);
    expect(answer.key.toString()).toContain('ED25519 PRIVATE KEY');
    const certificate = new X509Certificate(answer.crt);
    expect(readCertificateFacts(answer.crt).organizations).toEqual(['os:reader']);
    expect(new Date(certificate.validTo).getTime() - now.getTime()).toBe(3_600_000);
    expect(certificate.verify(new X509Certificate(ca.crt).publicKey)).toBe(true);
    expect(checkClientAuthEku(answer.crt)).toBeNull();
  });

  it('names the context after the cluster for several roles, and refuses a non-positive TTL', () => {
    const answer = issueClientConfiguration({ ca, roles: ['os:reader', 'os:operator'], ttlMs: 60_000, clusterName: 'lab', now, stream: tree.stream('g2') });
    expect(readTalosconfig(answer.talosconfig.toString()).context).toBe('lab');
    expect(() => issueClientConfiguration({ ca, roles: ['os:admin'], ttlMs: 0, clusterName: 'lab', now, stream: tree.stream('g3') })).toThrow(
      'generate client configuration: crt_ttl should be positive',
    );
  });
});
