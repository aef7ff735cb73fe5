// etcd faults through the normal path: a commit delay past the request timeout leaves a
// control-plane apply stuck with an etcd reason until healed; a cut-off member loses the
// majority; quorum loss stops elections and the Kubernetes API; slow elections show when a leader
// is lost; a data directory that is not empty refuses Bootstrap with AlreadyExists.
import { describe, expect, it } from 'vitest';
import { advance, bootedCluster, newCluster, nodesTarget, on, waitFor } from './fault-harness.ts';
import { applyConfiguration, bootstrap } from '../../nodes/node-commands.ts';
import { applyPatches } from '../../sim/cluster/cluster.ts';
import { TalosApiError } from '../../nodes/api-error.ts';
import { faultRegistryOf } from '../../sim/faults/active-faults.ts';
import type { SimCluster } from '../../sim/cluster/cluster.ts';

function patchApiServer(cluster: SimCluster, node: string): void {
  const target = cluster.node(node);
  const text = applyPatches(target.config!.text, [{ cluster: { apiServer: { extraArgs: { 'audit-log-maxage': '30' } } } }], target.talosVersion);
  const operation = applyConfiguration(target, { data: text, mode: 'auto', dryRun: false });
  waitFor(cluster, () => operation.done, 60_000, 'apply acknowledged');
  expect(operation.error).toBeUndefined();
}

/** Time from losing the leader (cut off from the others) to the next leader, ms. */
function electionAfterCuttingLeader(cluster: SimCluster): { id: string; electionMs: number } {
  const etcd = cluster.world.etcd;
  const leader = etcd.leader!;
  const cutAtMs = cluster.world.kernel.now;
  const id = faultRegistryOf(cluster).inject('etcd-member-unreachable', nodesTarget(leader));
  waitFor(cluster, () => etcd.leader !== undefined && etcd.leader !== leader, 120_000, 'a new leader');
  return { id, electionMs: cluster.world.kernel.now - cutAtMs };
}

describe('etcd faults', () => {
  it('etcd-commit-delay: a control-plane apply stays Reconciling, then stuck on etcd, and recovers after heal', () => {
    const { cluster, faults } = bootedCluster({ workers: 0 });
    const id = faults.inject('etcd-commit-delay', undefined, { commitDelayMs: 6_000 });
    patchApiServer(cluster, 'cp-1');
    expect(cluster.node('cp-1').apply.state()).toBe('Reconciling');
    waitFor(cluster, { nodes: on('cp-1'), applyState: { state: 'stuck', reasonContains: 'etcd requests time out' } }, 60_000);
    expect(cluster.world.etcd.healthFailure('cp-1')).toBe('context deadline exceeded');
    advance(cluster, 60_000);
    expect(cluster.node('cp-1').apply.state()).toBe('stuck');
    faults.heal(id);
    waitFor(cluster, { nodes: on('cp-1'), applyState: { state: 'applied' } }, 60_000);
    waitFor(cluster, { nodes: { kind: 'all' }, stage: 'running', ready: true }, 120_000);
  });

  it('etcd-member-unreachable: the cut-off member fails its health check while the others keep quorum', () => {
    const { cluster, faults } = bootedCluster({ workers: 0 });
    const follower = ['cp-1', 'cp-2', 'cp-3'].find((name) => name !== cluster.world.etcd.leader)!;
    const id = faults.inject('etcd-member-unreachable', nodesTarget(follower));
    waitFor(cluster, { nodes: on(follower), service: { id: 'etcd', healthy: false } }, 30_000);
    expect(cluster.node(follower).services.records.get('etcd')!.health.lastMessage).toBe('Health check failed: context deadline exceeded');
    expect(cluster.world.etcd.hasQuorum()).toBe(true);
    expect(cluster.world.kubernetes.apiAvailable).toBe(true);
    faults.heal(id);
    waitFor(cluster, { nodes: on(follower), service: { id: 'etcd', healthy: true } }, 30_000);
  });

  it('etcd-slow-election: a lost leader is replaced in 1-2 s normally, 10-20 s with factor 10', () => {
    const { cluster, faults } = bootedCluster({ workers: 0 });
    const normal = electionAfterCuttingLeader(cluster);
    expect(normal.electionMs).toBeLessThanOrEqual(2_100);
    faults.heal(normal.id);
    advance(cluster, 30_000);
    faults.inject('etcd-slow-election', undefined, { electionSlowdownFactor: 10 });
    const slow = electionAfterCuttingLeader(cluster);
    expect(slow.electionMs).toBeGreaterThanOrEqual(10_000);
    expect(slow.electionMs).toBeLessThanOrEqual(20_100);
  });

  for (const method of ['partition', 'stop'] as const) {
    it(`etcd-quorum-loss (${method}): no leader, etcd unhealthy, no Kubernetes API; healed, a leader is elected`, () => {
      const { cluster, faults } = bootedCluster({ workers: 0 });
      const id = faults.inject('etcd-quorum-loss', undefined, { method });
      advance(cluster, 30_000);
      expect(cluster.world.etcd.hasQuorum()).toBe(false);
      expect(cluster.world.kubernetes.apiUnavailableReason()).toBe('etcd has no quorum');
      const unhealthy = ['cp-1', 'cp-2', 'cp-3'].filter((name) => cluster.world.etcd.healthFailure(name) !== null);
      expect(unhealthy).toEqual(['cp-1', 'cp-2', 'cp-3']);
      const term = cluster.world.etcd.term;
      faults.heal(id);
      waitFor(cluster, () => cluster.world.etcd.hasQuorum(), 120_000, 'quorum back');
      expect(cluster.world.etcd.term).toBeGreaterThan(term);
      waitFor(cluster, { nodes: { kind: 'role', role: 'controlplane' }, service: { id: 'etcd', state: 'Running', healthy: true } }, 120_000);
    });
  }

  it('etcd-data-not-empty: Bootstrap fails with AlreadyExists until healed', () => {
    const cluster = newCluster({ workers: 0 });
    cluster.powerOnAll();
    waitFor(cluster, { nodes: on('cp-1'), service: { id: 'etcd', state: 'Preparing' } }, 5 * 60_000);
    const id = faultRegistryOf(cluster).inject('etcd-data-not-empty', nodesTarget('cp-1'));
    let refusal: unknown;
    try {
      bootstrap(cluster.node('cp-1'));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(TalosApiError);
    expect((refusal as TalosApiError).code).toBe('AlreadyExists');
    expect((refusal as TalosApiError).message).toContain('etcd data directory is not empty');
    faultRegistryOf(cluster).heal(id);
    bootstrap(cluster.node('cp-1'));
    waitFor(cluster, () => cluster.world.etcd.leader === 'cp-1', 60_000, 'cp-1 leads');
  });

  it('etcd faults that need a control plane refuse a worker', () => {
    const { faults } = bootedCluster({ controlPlanes: 1 });
    expect(() => faults.inject('etcd-member-unreachable', nodesTarget('worker-1'))).toThrow('fault etcd-member-unreachable: worker-1 is not a control plane node');
    expect(faults.list()).toEqual([]);
  });
});
