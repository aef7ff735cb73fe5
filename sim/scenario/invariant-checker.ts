// Invariants checked from outside the simulated world after (and during) every run: at most one
// etcd leader per term; no acknowledged apply lost (what a node said it applied is what it runs,
// unless a later apply, a try-mode revert or a reset replaced it); resources agree with the
// machines they describe. Each failure carries its class.
import type { SimCluster } from '../cluster/cluster.ts';
import type { FailureClass } from './outcomes.ts';
import { RT } from '../../nodes/resources/resource-types.ts';

export interface InvariantFailure {
  invariant: string;
  failureClass: FailureClass;
  detail: string;
}

export function checkInvariants(cluster: SimCluster): InvariantFailure[] {
  return [...oneLeaderPerTerm(cluster), ...noAcknowledgedApplyLost(cluster), ...resourcesAgree(cluster)];
}

function oneLeaderPerTerm(cluster: SimCluster): InvariantFailure[] {
  const leaders = new Map<number, string>();
  const failures: InvariantFailure[] = [];
  for (const { term, leader } of cluster.world.etcd.leaderHistory) {
    const existing = leaders.get(term);
    if (existing !== undefined && existing !== leader) {
      failures.push({ invariant: 'one etcd leader per term', failureClass: 'correctness', detail: `term ${term} had leaders ${existing} and ${leader}` });
    }
    leaders.set(term, leader);
  }
  return failures;
}

function noAcknowledgedApplyLost(cluster: SimCluster): InvariantFailure[] {
  const failures: InvariantFailure[] = [];
  for (const node of cluster.nodes.values()) {
    const last = node.apply.acknowledged.at(-1);
    if (!last || !node.config) continue;
    if (last.whenEffective === 'now' && node.config.text !== last.text && !node.apply.tryPending) {
      const reverted = cluster.world.trace.all.some((e) => e.node === node.name && e.kind === 'apply.reverted' && e.timeMs >= last.timeMs);
      if (!reverted) {
        failures.push({ invariant: 'no acknowledged apply lost', failureClass: 'correctness', detail: `${node.name} acknowledged a config at ${last.timeMs} ms but runs another` });
      }
    }
    if (last.whenEffective === 'next-boot' && node.bootStartedMs > last.timeMs && node.config.text !== last.text) {
      failures.push({ invariant: 'no acknowledged apply lost', failureClass: 'correctness', detail: `${node.name} rebooted after a staged/reboot apply but did not take the new config` });
    }
  }
  return failures;
}

function resourcesAgree(cluster: SimCluster): InvariantFailure[] {
  const failures: InvariantFailure[] = [];
  for (const node of cluster.nodes.values()) {
    if (!node.isPoweredOn()) continue;
    const status = node.resources.get<{ stage: string }>('runtime', RT.machineStatus, 'machine');
    if (status && status.spec.stage !== node.stage() && node.lifecycleState() !== 'firmware') {
      failures.push({ invariant: 'API answers agree with node resources', failureClass: 'correctness', detail: `${node.name}: MachineStatus says ${status.spec.stage}, lifecycle is ${node.stage()}` });
    }
  }
  return failures;
}
