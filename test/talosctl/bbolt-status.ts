// What `talosctl etcd snapshot` does with the file once saved, written from the on-disk format of
// go.etcd.io/bbolt and etcdutl's snapshot Status: pick the valid meta page with the newest txid,
// run bbolt's consistency check (every page below the high-water mark reachable exactly once or
// free, leaf pages only where a bucket points, sorted keys), then hash every bucket name, key and
// value with CRC-32C, count the keys, and read the revision from the last key of `key`.

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32c(state: number, bytes: Buffer): number {
  let crc = ~state >>> 0;
  for (const byte of bytes) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8)) >>> 0;
  return ~crc >>> 0;
}

function fnv1a64(bytes: Buffer): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of bytes) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash;
}

export interface SnapshotStatus {
  hash: number;
  revision: number;
  totalKey: number;
  totalSize: number;
  storageVersion: string;
  errors: string[];
  buckets: Map<string, Array<[Buffer, Buffer]>>;
}

/** `db` is the database file without etcd's sha256 trailer. */
export function snapshotStatus(db: Buffer): SnapshotStatus {
  const errors: string[] = [];
  const metas = [0, 1].map((index) => {
    const pageSize = db.readUInt32LE(16 + 8) || 4096;
    const offset = index * pageSize + 16;
    return {
      valid: db.readUInt32LE(offset) === 0xed0cdaed && db.readUInt32LE(offset + 4) === 2 && fnv1a64(db.subarray(offset, offset + 56)) === db.readBigUInt64LE(offset + 56),
      pageSize,
      root: Number(db.readBigUInt64LE(offset + 16)),
      freelist: Number(db.readBigUInt64LE(offset + 32)),
      highWater: Number(db.readBigUInt64LE(offset + 40)),
      txid: Number(db.readBigUInt64LE(offset + 48)),
    };
  });
  const meta = metas.filter((candidate) => candidate.valid).sort((a, b) => b.txid - a.txid)[0];
  if (!meta) throw new Error('invalid database: no valid meta page');
  const page = (id: number) => {
    const at = id * meta.pageSize;
    return { at, id: Number(db.readBigUInt64LE(at)), flags: db.readUInt16LE(at + 8), count: db.readUInt16LE(at + 10), overflow: db.readUInt32LE(at + 12) };
  };
  const reachable = new Map<number, number>();
  const mark = (id: number, overflow: number, owner: number) => {
    for (let i = 0; i <= overflow; i++) {
      if (reachable.has(id + i)) errors.push(`page ${id + i}: multiple references`);
      reachable.set(id + i, owner);
    }
  };
  mark(0, 0, 0);
  mark(1, 0, 1);
  const freelist = page(meta.freelist);
  if (freelist.flags !== 0x10) errors.push(`page ${meta.freelist}: invalid freelist page`);
  mark(meta.freelist, freelist.overflow, meta.freelist);
  let count = freelist.count;
  let first = 0;
  if (count === 0xffff) {
    count = Number(db.readBigUInt64LE(freelist.at + 16));
    first = 1;
  }
  const freed = new Set<number>();
  for (let i = 0; i < count; i++) freed.add(Number(db.readBigUInt64LE(freelist.at + 16 + (first + i) * 8)));
  const leaf = (id: number): Array<{ flags: number; key: Buffer; value: Buffer }> => {
    const header = page(id);
    if (id >= meta.highWater) errors.push(`page ${id}: out of bounds`);
    if (header.id !== id) errors.push(`page ${id}: header says ${header.id}`);
    if (header.flags !== 0x02) errors.push(`page ${id}: invalid type`);
    if (freed.has(id)) errors.push(`page ${id}: reachable freed`);
    mark(id, header.overflow, id);
    const elements = [];
    for (let i = 0; i < header.count; i++) {
      const element = header.at + 16 + i * 16;
      const pos = element + db.readUInt32LE(element + 4);
      const keySize = db.readUInt32LE(element + 8);
      const valueSize = db.readUInt32LE(element + 12);
      elements.push({ flags: db.readUInt32LE(element), key: db.subarray(pos, pos + keySize), value: db.subarray(pos + keySize, pos + keySize + valueSize) });
    }
    for (let i = 1; i < elements.length; i++) if (Buffer.compare(elements[i - 1]!.key, elements[i]!.key) >= 0) errors.push(`page ${id}: keys out of order`);
    return elements;
  };
  const buckets = new Map<string, Array<[Buffer, Buffer]>>();
  let hash = 0;
  let totalKey = 0;
  let revision = 0;
  for (const bucket of leaf(meta.root)) {
    if ((bucket.flags & 1) === 0) throw new Error(`cannot get hash of bucket ${bucket.key.toString()}`);
    const root = Number(bucket.value.readBigUInt64LE(0));
    const entries = leaf(root).map((entry) => [entry.key, entry.value] as [Buffer, Buffer]);
    buckets.set(bucket.key.toString(), entries);
    hash = crc32c(hash, bucket.key);
    for (const [key, value] of entries) {
      hash = crc32c(crc32c(hash, key), value);
      if (bucket.key.toString() === 'key') revision = Number(key.readBigUInt64BE(0));
      totalKey++;
    }
  }
  for (let id = 0; id < meta.highWater; id++) if (!reachable.has(id) && !freed.has(id)) errors.push(`page ${id}: unreachable unfreed`);
  const storageVersion = buckets.get('meta')?.find(([key]) => key.toString() === 'storageVersion')?.[1].toString() ?? '';
  return { hash, revision, totalKey, totalSize: meta.highWater * meta.pageSize, storageVersion, errors, buckets };
}
