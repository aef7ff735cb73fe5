// The v1.13 multi-document corpus (test/config/talos-corpus.ts) through a real ApplyConfiguration
// over mutual TLS, as `talosctl apply-config` sends it: every accepted document passes the node's
// decoding and validation (a dry run, so the node stays as it is between cases), every rejected
// one is refused with InvalidArgument and Talos's text and leaves the node's config byte for byte
// as it was; one accepted document is then applied for real and becomes the node's config.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { startTestCluster, unary, type TestCluster } from './harness.ts';
import { ACCEPTED, REJECTED } from '../config/talos-corpus.ts';

let env: TestCluster;
let base: string;

const machine = () => env.client('machine.MachineService', 'worker-1');
const withDocument = (text: string) => Buffer.from(`${base}---\napiVersion: v1alpha1\n${text}`);

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1 });
  // The worker's v1alpha1 document alone (its generated HostnameConfig would clash with the corpus's).
  base = env.node('worker-1').config!.text.split(/^---\s*$/m).find((part) => /^kind: v1alpha1|^version: v1alpha1/m.test(part))!
    .replace(/^\s*stableHostname: true\n/m, '').replace(/^\n+/, '');
}, 240_000);
afterAll(() => env?.close());

describe('corpus through ApplyConfiguration (real gRPC, mTLS)', () => {
  for (const [name, text] of ACCEPTED) {
    it(`accepts: ${name}`, async () => {
      const before = env.node('worker-1').config!.text;
      const [reply] = (await env.drive.settle(unary(machine(), 'ApplyConfiguration', { data: withDocument(text), mode: 'AUTO', dry_run: true }))).messages;
      expect(reply.mode_details).toMatch(/^Dry run summary:/);
      expect(env.node('worker-1').config!.text).toBe(before);
    });
  }

  for (const [name, text, message] of REJECTED) {
    it(`rejects: ${name}`, async () => {
      const before = env.node('worker-1').config!.text;
      const error = await env.drive.settle(unary(machine(), 'ApplyConfiguration', { data: withDocument(text), mode: 'AUTO' })).then(() => undefined, (failure: grpc.ServiceError) => failure);
      expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error?.details).toContain(message);
      expect(env.node('worker-1').config!.text).toBe(before);
    });
  }

  it('an accepted document applied for real becomes the config (StaticHostConfig, no reboot)', async () => {
    const data = withDocument('kind: StaticHostConfig\nname: 10.5.0.2\nhostnames: [example.com, example]\n');
    const [reply] = (await env.drive.settle(unary(machine(), 'ApplyConfiguration', { data, mode: 'AUTO' }))).messages;
    expect(reply.mode).toBe('NO_REBOOT');
    expect(env.node('worker-1').config!.text).toBe(data.toString());
    expect(env.node('worker-1').networkSettings().staticHosts).toContainEqual({ ip: '10.5.0.2', hostnames: ['example.com', 'example'] });
  });
});
