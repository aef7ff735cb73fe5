// talosctl etcd subcommands (cmd/talosctl/cmd/talos/etcd.go), each a MachineService call with
// `nodes` metadata through the endpoint, as WithClient sends it: members (EtcdMemberList),
// status (EtcdStatus), forfeit-leadership (the leader hands over: another member leads, the term
// grows; a follower answers an empty member), defrag (EtcdDefragment), alarm list / disarm, and
// snapshot (EtcdSnapshot: the byte stream saved to a file, `size % 512 == 32` checked, then
// etcdutl's snapshot Status over the file: bbolt check, hash, revision, total keys).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startTestCluster, unary, type TestCluster } from '../api/harness.ts';
import { snapshotStatus } from './bbolt-status.ts';

let env: TestCluster;
const addressOf = (name: string) => env.node(name).primaryAddress()!;
/** talosctl etcd snapshot: EtcdSnapshot with `nodes` metadata (FailIfMultiNodes: one node), bytes copied to the file. */
async function snapshot(node: string): Promise<Buffer> {
  const { messages, error } = await collect(env.client('machine.MachineService', 'cp-1'), 'EtcdSnapshot', {}, { nodes: [addressOf(node)] });
  if (error) throw error;
  const failed = messages.find((message: any) => message.metadata?.error);
  if (failed) throw new Error(failed.metadata.error);
  return Buffer.concat(messages.map((message: any) => message.bytes));
}
const call = (method: string, node: string, request: unknown = {}) => unary(env.client('machine.MachineService', 'cp-1'), method, request, { nodes: [addressOf(node)] });

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 3, workers: 1 });
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

  it('snapshot streams a bbolt database of the modelled etcd with its sha256 trailer; etcdutl status reads it', async () => {
    const bytes = await snapshot('cp-2');
    expect(bytes.length % 512).toBe(32);
    const db = bytes.subarray(0, bytes.length - 32);
    expect(bytes.subarray(bytes.length - 32)).toEqual(createHash('sha256').update(db).digest());
    const status = snapshotStatus(db);
    expect(status.errors).toEqual([]);
    expect(status.totalSize).toBe(db.length);
    expect(status.storageVersion).toBe('3.6.0');
    const keys = status.buckets.get('key')!.map(([, value]) => value.toString('latin1'));
    for (const name of ['cp-1', 'cp-2', 'cp-3', 'worker-1']) {
      const hostname = env.node(name).hostname();
      expect(keys.some((value) => value.includes(`/registry/minions/${hostname}`))).toBe(true);
    }
    expect(status.buckets.get('members')!.map(([, value]) => JSON.parse(value.toString()).name).sort()).toEqual(['cp-1', 'cp-2', 'cp-3'].map((name) => env.node(name).hostname()).sort());
    // The leases renew every 10 s: a minute later the revision has moved by six renewals per node.
    await env.drive.advance(60_000);
    const later = snapshotStatus((await snapshot('cp-2')).subarray(0, -32));
    expect(later.errors).toEqual([]);
    expect(later.revision - status.revision).toBeGreaterThanOrEqual(4 * 6 - 4);
    expect(later.revision - status.revision).toBeLessThanOrEqual(4 * 6 + 4);
    expect(later.totalKey).toBe(status.totalKey);
    expect(later.hash).not.toBe(status.hash);
  });

  it('etcd status sizes the same file; defrag gives its free pages back', async () => {
    const sizes = async () => (await call('EtcdStatus', 'cp-3')).messages[0].member_status;
    const before = await sizes();
    expect(Number(before.db_size)).toBe((await snapshot('cp-3')).length - 32);
    expect(Number(before.db_size_in_use)).toBeLessThan(Number(before.db_size));
    await call('EtcdDefragment', 'cp-3');
    const after = await sizes();
    expect(Number(after.db_size)).toBe(Number(before.db_size_in_use));
    expect(Number(after.db_size_in_use)).toBe(Number(after.db_size));
    expect(snapshotStatus((await snapshot('cp-3')).subarray(0, -32)).errors).toEqual([]);
  });

  it('snapshot fails as Talos does on a worker and where etcd is not running', async () => {
    await expect(snapshot('worker-1')).rejects.toThrow('rpc error: code = Unimplemented desc = etcd snapshot is only available on control plane nodes');
    const member = env.cluster.world.etcd.members.get('cp-3')!;
    member.running = false;
    try {
      await expect(snapshot('cp-3')).rejects.toThrow('failed to create etcd client: dial tcp 127.0.0.1:2379: connect: connection refused');
    } finally {
      member.running = true;
    }
  });
});
