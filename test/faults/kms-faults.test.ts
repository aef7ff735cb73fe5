// The `kms-down` fault and `kms` as a link endpoint, on the registry directly: refused without a
// declared KMS server, the server's running flag and reachability as the nodes' KMS calls see
// them, put back by heal. (What the volumes show: test/volumes/kms-volumes.test.ts.)
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { faultRegistryOf } from '../../sim/faults/active-faults.ts';
import { FaultError } from '../../sim/faults/fault-error.ts';

function cluster(kms: boolean): SimCluster {
  const text = ['name: kms-faults', 'cluster:', ...(kms ? ['  kms: true'] : []), '  nodes:', '    - { name: cp-1, role: controlplane }', '    - { name: worker-1, role: worker }'].join('\n');
  const made = new SimCluster(loadScenarioText(text, 'kms-faults.yaml', () => '').cluster, { seed: '3' });
  made.powerOnAll();
  made.world.kernel.advance(120_000);
  return made;
}

const seal = (made: SimCluster) => made.world.kms.call('worker-1', 'grpc://10.5.0.254:4050', 'Seal', { nodeUuid: 'u', data: Buffer.alloc(32) });

describe('kms-down and the kms endpoint', () => {
  it('kms-down stops the server (connection refused) and heal starts it again', () => {
    const made = cluster(true);
    const faults = faultRegistryOf(made);
    expect('data' in seal(made)).toBe(true);
    const id = faults.inject('kms-down');
    expect(made.world.kms.server?.running).toBe(false);
    expect(seal(made)).toEqual({ error: 'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.5.0.254:4050: connect: connection refused"' });
    faults.heal(id);
    expect('data' in seal(made)).toBe(true);
  });

  it('a partition to `kms` times out the client; upstream-unreachable does not touch a KMS inside the subnet', () => {
    const made = cluster(true);
    const faults = faultRegistryOf(made);
    faults.inject('upstream-unreachable');
    expect('data' in seal(made)).toBe(true);
    const cut = faults.inject('partition', { kind: 'link', from: ['worker-1'], to: ['kms'] });
    expect(seal(made)).toEqual({ error: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded while waiting for connections to become ready' });
    faults.heal(cut);
    expect('data' in seal(made)).toBe(true);
  });

  it('without a declared KMS server both are refused with what to do', () => {
    const made = cluster(false);
    const faults = faultRegistryOf(made);
    expect(() => faults.inject('kms-down')).toThrow(FaultError);
    expect(() => faults.inject('kms-down')).toThrow(/declare one with `cluster.kms`/);
    expect(() => faults.inject('partition', { kind: 'link', from: ['worker-1'], to: ['kms'] })).toThrow(/no KMS server/);
  });
});
