// MachineService EtcdMemberList, EtcdStatus, EtcdAlarmList/Disarm, EtcdRemoveMemberByID,
// EtcdLeaveCluster, EtcdForfeitLeadership (MoveLeader on the model: a new term, another leader)
// and EtcdDefragment (gives the member's free pages back) over the cluster's etcd model: control
// planes only (machinehelper's texts), an etcd that needs a leader reachable from this node, member
// ids as the uint64 of their 16 hex digits; db sizes are those of the member's database file
// (etcd-snapshot.ts); leave, remove and forfeit are the shared node commands (nodes/etcd-commands.ts).
// Leaves out downgrades and raised alarms (none are modelled).
import { etcdForfeitLeadership, etcdHostnameOf, etcdLeave, etcdMemberIdDecimal, etcdRemoveMember, requireEtcdLeader } from '../etcd-commands.ts';
import type { UnaryHandler } from './api-contract.ts';
import { requireControlPlane, requireLocalMember, single } from './handler-support.ts';
import { defragmentEtcdDatabase, etcdRaftIndex, ETCD_STORAGE_VERSION } from '../etcd-database.ts';
import { etcdDatabaseSizes } from './etcd-snapshot.ts';

/** The etcd version the emulated Talos releases ship. */
const ETCD_VERSION = '3.6.5';

const memberIdDecimal = etcdMemberIdDecimal;
const requireLeader = requireEtcdLeader;
const hostnameOf = etcdHostnameOf;

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
  etcdRemoveMember(node, request.member_id || '0');
  return single({});
};

const leaveCluster: UnaryHandler = (_request, { node }) => {
  etcdLeave(node);
  return single({});
};

const forfeitLeadership: UnaryHandler = (_request, { node }) => single({ member: etcdForfeitLeadership(node) });

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
