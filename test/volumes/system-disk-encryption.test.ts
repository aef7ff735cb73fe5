// v1alpha1 `machine.systemDiskEncryption.ephemeral`: EPHEMERAL encrypted by the volume manager
// with those keys (the installer leaves it out), as Talos's volume config transformer takes them
// when no VolumeConfig encrypts EPHEMERAL. A nodeID key and a KMS key open it and the node runs;
// a KMS that is down leaves EPHEMERAL failed and the boot waiting for /var until it is back.
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';

function run(key: string, extra: { faults?: string; steps?: string; expect: string[] }): string[] {
  const text = `
name: system-disk-encryption
duration: 12m
cluster:
  kms: true
  nodes:
    - { name: cp-1, role: controlplane }
    - name: worker-1
      role: worker
      patches:
        - machine:
            systemDiskEncryption:
              ephemeral:
                provider: luks2
                keys:
                  - { slot: 0, ${key} }
${extra.faults ?? ''}
steps:
  - at: 0s
    wait-until: { node: cp-1, service: { id: etcd, state: Preparing }, timeout: 5m }
  - at: 0s
    bootstrap: { node: cp-1 }
${extra.steps ?? ''}
expect:
${extra.expect.map((check) => `  - ${check}`).join('\n')}
`;
  const result = runScenario(loadScenarioText(text, 'sde.yaml', () => ''), { seed: '9' });
  return result.failures.map((failure) => `${failure.name}: ${failure.detail}`);
}

const ephemeral = (at: string, field: string, equals: string | number) => `{ at: ${at}, node: worker-1, resource: { type: volumestatus, id: EPHEMERAL, field: ${field}, equals: ${JSON.stringify(equals)} } }`;

describe('machine.systemDiskEncryption.ephemeral', () => {
  it('a nodeID key: EPHEMERAL is encrypted with luks2, mounted from /dev/dm-0, and the node runs', () => {
    expect(run('nodeID: {}', {
      expect: [ephemeral('5m', 'phase', 'ready'), ephemeral('5m', 'encryptionProvider', 'luks2'), ephemeral('5m', 'mountLocation', '/dev/dm-0'), ephemeral('5m', 'configuredEncryptionKeys.0', 'nodeID'),
        '{ at: 5m, node: worker-1, stage: running }'],
    })).toEqual([]);
  });

  it('a KMS key seals with the cluster\'s KMS; with the KMS down from the start the boot waits for /var until it is back', () => {
    expect(run('kms: { endpoint: "grpc://10.5.0.254:4050" }', { expect: [ephemeral('5m', 'phase', 'ready'), '{ at: 5m, node: worker-1, stage: running }'] })).toEqual([]);
    expect(run('kms: { endpoint: "grpc://10.5.0.254:4050" }', {
      faults: 'faults:\n  - { name: down, kind: kms-down, at: 0s, duration: 6m }',
      expect: [ephemeral('5m', 'phase', 'failed'), '{ at: 5m, node: worker-1, stage: booting }',
        `{ at: 5m, node: worker-1, log: { source: machined, contains: 'volume "EPHEMERAL" to be mounted' } }`,
        ephemeral('10m', 'phase', 'ready'), '{ at: 11m, node: worker-1, stage: running }'],
    })).toEqual([]);
  });

  it('the checks can fail: the KMS down does not leave the node running at 5m', () => {
    expect(run('kms: { endpoint: "grpc://10.5.0.254:4050" }', { faults: 'faults:\n  - { name: down, kind: kms-down, at: 0s }', expect: ['{ at: 5m, node: worker-1, stage: running }'] }).length).toBe(1);
  });
});
