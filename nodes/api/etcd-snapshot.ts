// MachineService EtcdSnapshot (`talosctl etcd snapshot <path>`): the member's backend database
// (nodes/etcd-database.ts) written as a bbolt file (bbolt-file.ts) and streamed in 1024-byte
// common.Data chunks, as Talos's stream chunker sends it, followed by etcd's SHA-256 trailer of
// the database bytes (talosctl checks `size % 512 == 32`; `etcdutl snapshot status` reads the
// revision, key count and hash from the file). Control planes only; a member whose etcd does not
// run fails as Talos's local client does. Also sizes `etcd status` (db_size / db_size_in_use).
// Leaves out etcd's bucket layout beyond the buckets listed in etcdBuckets.
import { createHash } from 'node:crypto';
import type { StreamHandler } from './api-contract.ts';
import type { VirtualNode } from '../node.ts';
import { etcdDatabase, etcdRaftIndex, ETCD_STORAGE_VERSION, type EtcdDatabase, type EtcdKeyValue } from '../etcd-database.ts';
import { bboltFile, BBOLT_PAGE_SIZE, type BboltBucket } from './bbolt-file.ts';
import { requireControlPlane, requireLocalMember } from './handler-support.ts';

const CHUNK_BYTES = 1024;

function varint(value: bigint | number): Buffer {
  let rest = BigInt(value);
  const out: number[] = [];
  do {
    let byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if (rest > 0n) byte |= 0x80;
    out.push(byte);
  } while (rest > 0n);
  return Buffer.from(out);
}

/** One protobuf field: varint (numbers) or length-delimited (strings, bytes). */
function field(number: number, value: number | string | Buffer): Buffer {
  if (typeof value === 'number') return value === 0 ? Buffer.alloc(0) : Buffer.concat([varint(number << 3), varint(value)]);
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return bytes.length === 0 ? Buffer.alloc(0) : Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes]);
}

/** What the API server stores: `k8s\0` + runtime.Unknown{typeMeta, raw = the object with its ObjectMeta name/namespace}. */
function kubernetesValue(entry: EtcdKeyValue): Buffer {
  const objectMeta = Buffer.concat([field(1, entry.name), field(3, entry.namespace)]);
  const unknown = Buffer.concat([
    field(1, Buffer.concat([field(1, entry.apiVersion), field(2, entry.kind)])),
    field(2, field(1, objectMeta)),
    field(4, 'application/vnd.kubernetes.protobuf'),
  ]);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
}

/** mvccpb.KeyValue. */
function keyValue(entry: EtcdKeyValue): Buffer {
  return Buffer.concat([field(1, entry.key), field(2, entry.createRevision), field(3, entry.modRevision), field(4, entry.version), field(5, kubernetesValue(entry))]);
}

/** The `key` bucket's key: main revision (8 bytes big-endian), `_`, sub revision. */
function revisionKey(main: number): Buffer {
  const key = Buffer.alloc(17);
  key.writeBigUInt64BE(BigInt(main), 0);
  key.write('_', 8, 'latin1');
  return key;
}

const uint64Be = (value: number) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return bytes;
};

function etcdBuckets(database: EtcdDatabase, consistentIndex: number): BboltBucket[] {
  const memberIds = database.members.map((member) => BigInt(`0x${member.id}`));
  return [
    { name: 'alarm', entries: [] },
    { name: 'auth', entries: [[Buffer.from('authEnabled'), Buffer.from([0])], [Buffer.from('authRevision'), uint64Be(1)]] },
    { name: 'authRoles', entries: [] },
    { name: 'authUsers', entries: [] },
    { name: 'cluster', entries: [[Buffer.from('clusterVersion'), Buffer.from(ETCD_STORAGE_VERSION)]] },
    { name: 'key', entries: database.keys.map((entry) => [revisionKey(entry.modRevision), keyValue(entry)]) },
    { name: 'lease', entries: [] },
    {
      name: 'members',
      entries: database.members.map((member, index) => {
        const learner = member.isLearner ? ',"isLearner":true' : '';
        const json = `{"id":${memberIds[index]},"peerURLs":${JSON.stringify(member.peerUrls)}${learner},"name":${JSON.stringify(member.name)},"clientURLs":${JSON.stringify(member.clientUrls)}}`;
        return [Buffer.from(memberIds[index]!.toString(16)), Buffer.from(json)];
      }),
    },
    { name: 'members_removed', entries: [] },
    {
      name: 'meta',
      entries: [
        [Buffer.from('confState'), Buffer.from(`{"voters":[${memberIds.filter((_, index) => !database.members[index]!.isLearner).join(',')}],"auto_leave":false}`)],
        [Buffer.from('consistent_index'), uint64Be(consistentIndex)],
        [Buffer.from('storageVersion'), Buffer.from(ETCD_STORAGE_VERSION)],
        [Buffer.from('term'), uint64Be(database.term)],
      ],
    },
  ];
}

/** The member's database file as etcd's Maintenance.Snapshot reads it (without the trailer). */
export function etcdDatabaseFile(node: VirtualNode): Buffer {
  const database = etcdDatabase(node);
  const index = etcdRaftIndex(node);
  return bboltFile(etcdBuckets(database, index), { freePages: database.freePages, txid: index });
}

/** etcd status's sizes: the file, and the file less its free pages. */
export function etcdDatabaseSizes(node: VirtualNode): { dbSize: number; inUse: number } {
  const size = etcdDatabaseFile(node).length;
  return { dbSize: size, inUse: size - etcdDatabase(node).freePages * BBOLT_PAGE_SIZE };
}

const etcdSnapshot: StreamHandler = async (_request, { node, signal }, send) => {
  requireControlPlane(node, 'etcd snapshot');
  requireLocalMember(node, 'failed to create etcd client');
  const file = etcdDatabaseFile(node);
  const stream = Buffer.concat([file, createHash('sha256').update(file).digest()]);
  for (let offset = 0; offset < stream.length && !signal.aborted; offset += CHUNK_BYTES) {
    send({ bytes: stream.subarray(offset, offset + CHUNK_BYTES) });
  }
};

export const etcdSnapshotHandlers: Record<string, StreamHandler> = { EtcdSnapshot: etcdSnapshot };
