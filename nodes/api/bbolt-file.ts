// A bbolt database file (the format etcd keeps its backend in, go.etcd.io/bbolt v1.4), written from
// a list of top-level buckets: 4096-byte pages, two meta pages (magic 0xED0CDAED, version 2, FNV-1a
// checksums), the root bucket's leaf page, one leaf page per bucket (spilling into overflow pages
// when its entries do not fit), `freePages` zeroed pages listed on the freelist page, which comes
// last. Every page below the high-water mark is reachable or free, and keys are sorted, so bbolt's
// consistency check (`tx.Check`, run by `etcdutl snapshot status`) passes. Leaves out branch pages
// (a bucket is one leaf, however large), nested and inline buckets, and big-endian hosts.

export const BBOLT_PAGE_SIZE = 4096;
const MAGIC = 0xed0cdaed;
const VERSION = 2;
const PAGE_HEADER = 16;
const LEAF_ELEMENT = 16;
const FLAG_LEAF = 0x02;
const FLAG_META = 0x04;
const FLAG_FREELIST = 0x10;
const BUCKET_LEAF_FLAG = 0x01;
/** Bytes of the meta struct covered by its checksum (magic .. txid). */
const META_CHECKSUMMED = 56;

export interface BboltBucket {
  name: string;
  /** Key/value pairs; sorted by key bytes when written. */
  entries: Array<[Buffer, Buffer]>;
}

function fnv1a64(bytes: Buffer): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of bytes) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash;
}

function pageHeader(page: Buffer, id: number, flags: number, count: number, overflow: number): void {
  page.writeBigUInt64LE(BigInt(id), 0);
  page.writeUInt16LE(flags, 8);
  page.writeUInt16LE(count, 10);
  page.writeUInt32LE(overflow, 12);
}

/** A leaf page (plus its overflow pages) holding `entries` in key order. */
function leafPages(id: number, entries: Array<[Buffer, Buffer]>, flags = 0): Buffer {
  const sorted = [...entries].sort(([a], [b]) => Buffer.compare(a, b));
  const dataSize = sorted.reduce((sum, [key, value]) => sum + key.length + value.length, 0);
  const needed = PAGE_HEADER + sorted.length * LEAF_ELEMENT + dataSize;
  const pages = Math.max(1, Math.ceil(needed / BBOLT_PAGE_SIZE));
  const buffer = Buffer.alloc(pages * BBOLT_PAGE_SIZE);
  pageHeader(buffer, id, FLAG_LEAF, sorted.length, pages - 1);
  let data = PAGE_HEADER + sorted.length * LEAF_ELEMENT;
  sorted.forEach(([key, value], index) => {
    const element = PAGE_HEADER + index * LEAF_ELEMENT;
    buffer.writeUInt32LE(flags, element);
    buffer.writeUInt32LE(data - element, element + 4);
    buffer.writeUInt32LE(key.length, element + 8);
    buffer.writeUInt32LE(value.length, element + 12);
    key.copy(buffer, data);
    value.copy(buffer, data + key.length);
    data += key.length + value.length;
  });
  return buffer;
}

function metaPage(id: number, root: number, freelist: number, highWater: number, txid: number): Buffer {
  const page = Buffer.alloc(BBOLT_PAGE_SIZE);
  pageHeader(page, id, FLAG_META, 0, 0);
  const meta = PAGE_HEADER;
  page.writeUInt32LE(MAGIC, meta);
  page.writeUInt32LE(VERSION, meta + 4);
  page.writeUInt32LE(BBOLT_PAGE_SIZE, meta + 8);
  page.writeUInt32LE(0, meta + 12);
  page.writeBigUInt64LE(BigInt(root), meta + 16);
  page.writeBigUInt64LE(0n, meta + 24);
  page.writeBigUInt64LE(BigInt(freelist), meta + 32);
  page.writeBigUInt64LE(BigInt(highWater), meta + 40);
  page.writeBigUInt64LE(BigInt(txid), meta + 48);
  page.writeBigUInt64LE(fnv1a64(page.subarray(meta, meta + META_CHECKSUMMED)), meta + META_CHECKSUMMED);
  return page;
}

function freelistPages(id: number, free: number[]): Buffer {
  const large = free.length >= 0xffff;
  const ids = large ? [free.length, ...free] : free;
  const pages = Math.max(1, Math.ceil((PAGE_HEADER + ids.length * 8) / BBOLT_PAGE_SIZE));
  const buffer = Buffer.alloc(pages * BBOLT_PAGE_SIZE);
  pageHeader(buffer, id, FLAG_FREELIST, large ? 0xffff : free.length, pages - 1);
  ids.forEach((value, index) => buffer.writeBigUInt64LE(BigInt(value), PAGE_HEADER + index * 8));
  return buffer;
}

/** The whole file: metas, root, bucket leaves, free pages, freelist. `txid` is the last transaction. */
export function bboltFile(buckets: BboltBucket[], options: { freePages: number; txid: number }): Buffer {
  const sorted = [...buckets].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  const rootId = 2;
  let next = rootId + 1;
  const leaves: Buffer[] = [];
  const rootEntries: Array<[Buffer, Buffer]> = [];
  for (const bucket of sorted) {
    const leaf = leafPages(next, bucket.entries);
    const header = Buffer.alloc(16);
    header.writeBigUInt64LE(BigInt(next), 0);
    rootEntries.push([Buffer.from(bucket.name), header]);
    leaves.push(leaf);
    next += leaf.length / BBOLT_PAGE_SIZE;
  }
  const root = leafPages(rootId, rootEntries, BUCKET_LEAF_FLAG);
  if (root.length !== BBOLT_PAGE_SIZE) throw new RangeError('bbolt root bucket does not fit one page');
  const free = Array.from({ length: options.freePages }, (_, index) => next + index);
  next += options.freePages;
  const freelist = freelistPages(next, free);
  const highWater = next + freelist.length / BBOLT_PAGE_SIZE;
  return Buffer.concat([
    metaPage(0, rootId, next, highWater, options.txid),
    metaPage(1, rootId, next, highWater, Math.max(0, options.txid - 1)),
    root,
    ...leaves,
    Buffer.alloc(options.freePages * BBOLT_PAGE_SIZE),
    freelist,
  ]);
}
