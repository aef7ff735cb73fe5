// The etcd member operations the gRPC API and the scenario runner share: EtcdLeaveCluster,
// EtcdForfeitLeadership and EtcdRemoveMemberByID, with machinehelper's and etcd's error texts (a
// control plane only, an etcd with a leader reachable from this node). Each is heard by the
// world's command journal as an `etcd` step. Leaves out the member list and status reads
// (nodes/api/machine-etcd.ts) and etcd's own raft exchange (the model moves membership at once).
import { goError, TalosApiError } from './api-error.ts';
import type { VirtualNode } from './node.ts';
import type { EtcdMemberState } from './node-world.ts';
import { heard } from './node-commands.ts';
import { requireControlPlane, requireLocalMember } from './node-guards.ts';
import type { EtcdOperation } from './vocabulary.ts';

/** etcd as seen through a client on `node`: a reachable leader with quorum, else `no leader`. */
export function requireEtcdLeader(node: VirtualNode): void {
  const etcd = node.world.etcd;
  if (!etcd.hasQuorum() || !node.world.network.canTalk(node.name, etcd.leader!)) throw new TalosApiError('Unavailable', 'etcdserver: no leader');
}

export function etcdHostnameOf(node: VirtualNode, member: EtcdMemberState): string {
  return node.world.memberDirectory().find((entry) => entry.name === member.node)?.hostname ?? member.node;
}

/** A member id as the API writes it: the uint64 of its 16 hex digits, in decimal. */
export const etcdMemberIdDecimal = (hexId: string) => BigInt(`0x${hexId}`).toString();

/** EtcdLeaveCluster: this node's member leaves. */
export function etcdLeave(node: VirtualNode): void {
  return heard(node, 'etcd', { operation: 'leave' satisfies EtcdOperation }, () => {
    requireControlPlane(node, 'etcd leave');
    requireEtcdLeader(node);
    if (!node.world.etcd.members.has(node.name)) throw goError('failed to leave cluster: etcdserver: member not found');
    node.world.etcd.remove(node.name);
    node.talosLog('left etcd cluster');
  });
}

/** Talos's etcd.ForfeitLeadership: a no-op (empty member) unless this member leads; else MoveLeader. Returns the reply's member. */
export function etcdForfeitLeadership(node: VirtualNode): string {
  return heard(node, 'etcd', { operation: 'forfeit-leadership' satisfies EtcdOperation }, () => {
    requireControlPlane(node, 'etcd forfeit leadership');
    requireEtcdLeader(node);
    const member = requireLocalMember(node, 'failed to forfeit leadership');
    const etcd = node.world.etcd;
    const wasLeader = etcd.leader === member.node;
    const successor = etcd.moveLeader(member.node);
    if (!wasLeader || !successor) return '';
    node.talosLog(`moved etcd leadership to ${etcdHostnameOf(node, etcd.members.get(successor)!)}`);
    return etcdHostnameOf(node, member);
  });
}

/**
 * EtcdRemoveMemberByID, the member named by its decimal id (as the API sends it) or, as a scenario
 * may name it, by its hostname. Heard with the member's hostname when it exists (ids are the run's).
 */
export function etcdRemoveMember(node: VirtualNode, member: string): void {
  const found = findMember(node, member);
  return heard(node, 'etcd', { operation: 'remove-member' satisfies EtcdOperation, member: found ? etcdHostnameOf(node, found) : member }, () => {
    requireControlPlane(node, 'etcd remove member');
    requireEtcdLeader(node);
    if (!found) throw new TalosApiError('NotFound', 'etcdserver: member not found');
    node.world.etcd.remove(found.node);
  });
}

function findMember(node: VirtualNode, member: string): EtcdMemberState | undefined {
  const members = [...node.world.etcd.members.values()];
  if (/^\d+$/.test(member)) return members.find((candidate) => BigInt(`0x${candidate.id}`) === BigInt(member));
  return members.find((candidate) => etcdHostnameOf(node, candidate) === member || candidate.node === member);
}
