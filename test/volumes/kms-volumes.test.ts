// Volume encryption keys of type `kms` against the cluster's KMS server (`cluster.kms`): a user
// volume sealed and opened through it, the failures Talos shows when the server is down
// (connection refused) or cut off (the client's deadline), recovery when it comes back, and the
// server's own rules (per-node keys, InvalidArgument on a wrong length). Each case runs a small
// cluster; a control case shows the checks can fail.
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';
import { KmsServer } from '../../sim/cluster/kms-server.ts';
import { RandomTree } from '../../sim/kernel/random-tree.ts';
import { ScenarioError } from '../../sim/errors.ts';

const VOLUME = `apiVersion: v1alpha1
kind: UserVolumeConfig
name: data
provisioning:
  diskSelector:
    match: disk.rotational
  maxSize: 10GiB
encryption:
  provider: luks2
  keys:
    - slot: 0
      kms:
        endpoint: grpc://10.5.0.254:4050`;

function scenario(extra: { faults?: string; steps?: string; expect: string; kms?: string; volume?: string }): string {
  const patch = (extra.volume ?? VOLUME).split('\n').map((line) => `          ${line}`).join('\n');
  return `
name: kms
duration: 14m
cluster:
  kms: ${extra.kms ?? 'true'}
  nodes:
    - { name: cp-1, role: controlplane }
    - name: worker-1
      role: worker
      hardware: bare-metal
      patches:
        - |
${patch}
${extra.faults ?? ''}
steps:
  - at: 0s
    wait-until: { node: cp-1, service: { id: etcd, state: Preparing }, timeout: 5m }
  - at: 0s
    bootstrap: { node: cp-1 }
${extra.steps ?? ''}
expect:
${extra.expect}
`;
}

function failures(text: string): string[] {
  const result = runScenario(loadScenarioText(text, 'kms.yaml', () => ''), { seed: '7' });
  return result.failures.map((failure) => `${failure.name}: ${failure.detail}`);
}

const status = (at: string, field: string, equals: string | number) =>
  `  - { at: ${at}, node: worker-1, resource: { type: volumestatus, id: u-data, field: ${field}, equals: ${JSON.stringify(equals)} } }`;

const REFUSED = 'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.5.0.254:4050: connect: connection refused"';
const TIMED_OUT = 'rpc error: code = DeadlineExceeded desc = context deadline exceeded while waiting for connections to become ready';
const openError = (error: string) => `error opening encrypted volume: no handlers available to get encryption keys from: 1 error occurred:\n\t* failed to unseal KMS passphrase, slot 0: ${error}\n\n`;

describe('KMS keys with the cluster\'s KMS server', () => {
  it('seals at format and unseals at open: the volume is ready, encrypted with luks2 from slot 0', () => {
    expect(failures(scenario({
      expect: [status('5m', 'phase', 'ready'), status('5m', 'encryptionProvider', 'luks2'), status('5m', 'encryptionSlot', 0), status('5m', 'mountLocation', '/dev/dm-0')].join('\n'),
    }))).toEqual([]);
  });

  it('kms-down before a reboot: unseal is refused, the volume stays failed; the server back, it opens again', () => {
    expect(failures(scenario({
      faults: 'faults:\n  - { name: down, kind: kms-down, at: 6m }',
      steps: '  - { at: 7m, reboot: { node: worker-1 } }\n  - { at: 11m, heal: { fault: down } }',
      expect: [
        status('6m30s', 'phase', 'ready'),
        status('10m', 'phase', 'failed'), status('10m', 'preFailPhase', 'provisioned'), status('10m', 'errorMessage', openError(REFUSED)),
        status('13m', 'phase', 'ready'),
      ].join('\n'),
    }))).toEqual([]);
  });

  it('a partition between the node and the KMS: the client times out waiting for a connection', () => {
    expect(failures(scenario({
      faults: 'faults:\n  - { name: cut, kind: partition, targets: { from: worker-1, to: kms }, at: 6m }',
      steps: '  - { at: 7m, reboot: { node: worker-1 } }\n  - { at: 11m, heal: { fault: cut } }',
      expect: [status('10m', 'errorMessage', openError(TIMED_OUT)), status('13m', 'phase', 'ready')].join('\n'),
    }))).toEqual([]);
  });

  it('an already open volume does not ask the KMS again: kms-down without a reboot leaves it ready', () => {
    expect(failures(scenario({ faults: 'faults:\n  - { name: down, kind: kms-down, at: 6m }', expect: status('8m', 'phase', 'ready') }))).toEqual([]);
  });

  it('the server down from the start: sealing is refused and the volume fails at provisioned', () => {
    expect(failures(scenario({
      faults: 'faults:\n  - { name: down, kind: kms-down, at: 0s }',
      expect: [status('5m', 'phase', 'failed'), status('5m', 'errorMessage', `error formatting and encrypting volume: no handlers available to get encryption keys from: 1 error occurred:\n\t* failed to seal KMS passphrase, slot 0: ${REFUSED}\n\n`)].join('\n'),
    }))).toEqual([]);
  });

  it('https:// against the plaintext server fails the TLS handshake; another address refuses', () => {
    const https = VOLUME.replace('grpc://10.5.0.254:4050', 'https://10.5.0.254:4050');
    expect(failures(scenario({ volume: https, expect: status('5m', 'errorMessage', 'error formatting and encrypting volume: no handlers available to get encryption keys from: 1 error occurred:\n\t* failed to seal KMS passphrase, slot 0: rpc error: code = Unavailable desc = connection error: desc = "transport: authentication handshake failed: tls: first record does not look like a TLS handshake"\n\n') }))).toEqual([]);
    const elsewhere = VOLUME.replace('grpc://10.5.0.254:4050', '10.5.0.200:4050');
    expect(failures(scenario({ volume: elsewhere, expect: status('5m', 'phase', 'failed') }))).toEqual([]);
  });

  it('a declared address is used; the checks can fail (the volume is not failed with the server up)', () => {
    expect(failures(scenario({ kms: '{ address: 10.5.0.200:4050 }', volume: VOLUME.replace('10.5.0.254', '10.5.0.200'), expect: status('5m', 'phase', 'ready') }))).toEqual([]);
    expect(failures(scenario({ expect: status('5m', 'phase', 'failed') })).length).toBe(1);
  });

  it('refuses a KMS address a node takes, and `kms` as a link endpoint without a KMS', () => {
    expect(() => loadScenarioText(scenario({ kms: '{ address: 10.5.0.3:4050 }', expect: status('5m', 'phase', 'ready') }), 'kms.yaml', () => '')).toThrow(ScenarioError);
    const text = scenario({ faults: 'faults:\n  - { name: cut, kind: partition, targets: { from: worker-1, to: kms }, at: 6m }', expect: status('5m', 'phase', 'ready') }).replace('  kms: true\n', '');
    expect(() => loadScenarioText(text, 'kms.yaml', () => '')).toThrow(/a node name of the cluster/);
  });
});

describe('the KMS server model (siderolabs/kms-client test server rules)', () => {
  const server = () => new KmsServer('10.5.0.254:4050', new RandomTree('kms-test').stream('kms'));
  const passphrase = Buffer.alloc(32, 7);

  it('unseals what it sealed for the same node; another node UUID gets random bytes, not the passphrase', () => {
    const kms = server();
    const sealed = kms.seal({ nodeUuid: 'a', data: passphrase });
    if (!('data' in sealed)) throw new Error('seal failed');
    expect(sealed.data.length).toBe(60);
    expect(kms.unseal({ nodeUuid: 'a', data: sealed.data })).toEqual({ data: passphrase });
    const other = kms.unseal({ nodeUuid: 'b', data: sealed.data });
    expect('data' in other && other.data.length).toBe(32);
    expect('data' in other && other.data.equals(passphrase)).toBe(false);
  });

  it('refuses data of the wrong length with InvalidArgument', () => {
    expect(server().seal({ nodeUuid: 'a', data: Buffer.alloc(16) })).toEqual({ code: 'InvalidArgument', message: 'incorrect data length' });
    expect(server().unseal({ nodeUuid: 'a', data: Buffer.alloc(32) })).toEqual({ code: 'InvalidArgument', message: 'incorrect data length' });
  });
});
