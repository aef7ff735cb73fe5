// MachineService EtcdMemberList, EtcdStatus, EtcdAlarmList/Disarm, EtcdRemoveMemberByID,
// EtcdLeaveCluster, EtcdForfeitLeadership (MoveLeader on the model: a new term, another leader)
// and EtcdDefragment (gives the member's free pages back) over the cluster's etcd model: control
// planes only (machinehelper's texts), an etcd that needs a leader reachable from this node, member
// ids as the uint64 of their 16 hex digits; db sizes are those of the member's database file
// (etcd-snapshot.ts). Leaves out downgrades and raised alarms (none are modelled).
import { goError, TalosApiError } from '../api-error.ts';
import type { UnaryHandler } from './api-contract.ts';
import type { VirtualNode } from '../node.ts';
import type { EtcdMemberState } from '../node-world.ts';
import { requireControlPlane, requireLocalMember, single } from './handler-support.ts';
import { defragmentEtcdDatabase, etcdRaftIndex, ETCD_STORAGE_VERSION } from '../etcd-database.ts';
import { etcdDatabaseSizes } from './etcd-snapshot.ts';

/** The etcd version the emulated Talos releases ship. */
const ETCD_VERSION = '3.6.5';

const memberIdDecimal = (hexId: string) => BigInt(`0x${hexId}`).toString();

/** etcd as seen through a client on `node`: a reachable leader with quorum, else `no leader`. */
function requireLeader(node: VirtualNode): void {
  const etcd = node.world.etcd;
  if (!etcd.hasQuorum() || !node.world.network.canTalk(node.name, etcd.leader!)) throw new TalosApiError('Unavailable', 'etcdserver: no leader');
}


function hostnameOf(node: VirtualNode, member: EtcdMemberState): string {
  return node.world.memberDirectory().find((entry) => entry.name === member.node)?.hostname ?? member.node;
}

const memberList: UnaryHandler = (request: { query_local: boolean }, { node }) => {
  requireControlPlane(node, 'member list');
  if (request.query_local) requireLocalMember(node, 'failed to create etcd client');
  requireLeader(node);
  const members = [...node.world.etcd.members.values()];
  return single({
    legacy_members: members.map((member) => hostnameOf(node, member)),
    members: members.map((member) => ({
      id: memberIdDecimal(member.id),
      hostname: hostnameOf(node, member),
      peer_urls: [member.peerUrl],
      client_urls: [member.clientUrl],
      is_learner: member.isLearner,
    })),
  });
};

const status: UnaryHandler = (_request, { node }) => {
  requireControlPlane(node, 'etcd status');
  const member = requireLocalMember(node, 'failed to query etcd status');
  const etcd = node.world.etcd;
  const leader = etcd.leader ? etcd.members.get(etcd.leader) : undefined;
  const raftIndex = etcdRaftIndex(node);
  const { dbSize, inUse } = etcdDatabaseSizes(node);
  return single({
    member_status: {
      member_id: memberIdDecimal(member.id),
      protocol_version: ETCD_VERSION,
      db_size: dbSize,
      db_size_in_use: inUse,
      leader: leader ? memberIdDecimal(leader.id) : '0',
      raft_index: raftIndex,
      raft_term: etcd.term,
      raft_applied_index: raftIndex,
      errors: [],
      is_learner: member.isLearner,
      storage_version: ETCD_STORAGE_VERSION,
    },
  });
};

const alarmList: UnaryHandler = (_request, { node }) => {
  requireControlPlane(node, 'etcd alarm list');
  requireLeader(node);
  return single({ member_alarms: [] });
};

const removeMemberById: UnaryHandler = (request: { member_id: string }, { node }) => {
  requireControlPlane(node, 'etcd remove member');
  requireLeader(node);
  const wanted = BigInt(request.member_id || '0');
  const member = [...node.world.etcd.members.values()].find((candidate) => BigInt(`0x${candidate.id}`) === wanted);
  if (!member) throw new TalosApiError('NotFound', 'etcdserver: member not found');
  node.world.etcd.remove(member.node);
  node.world.commandJournal?.noted?.(node.name, node.world.kernel.now, `etcd remove-member ${member.node}`);
  return single({});
};

const leaveCluster: UnaryHandler = (_request, { node }) => {
  requireControlPlane(node, 'etcd leave');
  requireLeader(node);
  if (!node.world.etcd.members.has(node.name)) throw goError('failed to leave cluster: etcdserver: member not found');
  node.world.etcd.remove(node.name);
  node.talosLog('left etcd cluster');
  node.world.commandJournal?.noted?.(node.name, node.world.kernel.now, 'etcd leave');
  return single({});
};

/** Talos's etcd.ForfeitLeadership: a no-op (empty member) unless this member leads; else MoveLeader. */
const forfeitLeadership: UnaryHandler = (_request, { node }) => {
  requireControlPlane(node, 'etcd forfeit leadership');
  requireLeader(node);
  const member = requireLocalMember(node, 'failed to forfeit leadership');
  const etcd = node.world.etcd;
  const wasLeader = etcd.leader === member.node;
  const successor = etcd.moveLeader(member.node);
  if (wasLeader && successor) node.talosLog(`moved etcd leadership to ${hostnameOf(node, etcd.members.get(successor)!)}`);
  if (wasLeader && successor) node.world.commandJournal?.noted?.(node.name, node.world.kernel.now, `etcd forfeit-leadership (moved to ${successor})`);
  return single({ member: wasLeader && successor ? hostnameOf(node, member) : '' });
};

const defragment: UnaryHandler = (_request, { node }) => {
  requireControlPlane(node, 'etcd defragment');
  requireLocalMember(node, 'failed to defragment etcd');
  defragmentEtcdDatabase(node);
  return single({});
};

/** No alarms are raised by the model (NOSPACE/CORRUPT are not emulated): disarm clears nothing. */
const alarmDisarm: UnaryHandler = (_request, { node }) => {
  requireControlPlane(node, 'etcd alarm disarm');
  requireLeader(node);
  return single({ member_alarms: [] });
};

export const etcdHandlers: Record<string, UnaryHandler> = {
  EtcdForfeitLeadership: forfeitLeadership,
  EtcdDefragment: defragment,
  EtcdAlarmDisarm: alarmDisarm,
  EtcdMemberList: memberList,
  EtcdStatus: status,
  EtcdAlarmList: alarmList,
  EtcdRemoveMemberByID: removeMemberById,
  EtcdLeaveCluster: leaveCluster,
};
