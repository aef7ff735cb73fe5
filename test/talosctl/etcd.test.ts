// talosctl etcd subcommands (cmd/talosctl/cmd/talos/etcd.go), each a MachineService call with
// `nodes` metadata through the endpoint, as WithClient sends it: members (EtcdMemberList),
// status (EtcdStatus), forfeit-leadership (the leader hands over: another member leads, the term
// grows; a follower answers an empty member), defrag (EtcdDefragment), alarm list / disarm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, unary, type TestCluster } from '../api/harness.ts';

let env: TestCluster;
const addressOf = (name: string) => env.node(name).primaryAddress()!;
const call = (method: string, node: string, request: unknown = {}) => unary(env.client('machine.MachineService', 'cp-1'), method, request, { nodes: [addressOf(node)] });

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 3, workers: 0 });
});
afterAll(() => env.close());

describe('talosctl etcd', () => {
  it('forfeit-leadership on the leader moves leadership to another member in a new term; on a follower it changes nothing', async () => {
    const etcd = env.cluster.world.etcd;
    const leader = etcd.leader!;
    const term = etcd.term;
    const follower = ['cp-1', 'cp-2', 'cp-3'].find((name) => name !== leader)!;
    const quiet = await call('EtcdForfeitLeadership', follower);
    expect(quiet.messages[0]).toMatchObject({ member: '', metadata: { hostname: addressOf(follower), error: '' } });
    expect(etcd.leader).toBe(leader);
    const moved = await call('EtcdForfeitLeadership', leader);
    expect(moved.messages[0].member).toBe(env.node(leader).hostname());
    expect(etcd.leader).not.toBe(leader);
    expect(etcd.term).toBe(term + 1);
    const status = await call('EtcdStatus', leader);
    expect(Number(status.messages[0].member_status.raft_term)).toBe(term + 1);
  });

  it('defrag, alarm list and alarm disarm answer on every control plane', async () => {
    for (const name of ['cp-1', 'cp-2', 'cp-3']) {
      expect((await call('EtcdDefragment', name)).messages[0].metadata.error).toBe('');
      expect((await call('EtcdAlarmList', name)).messages[0].member_alarms).toEqual([]);
      expect((await call('EtcdAlarmDisarm', name)).messages[0].member_alarms).toEqual([]);
    }
  });
});
