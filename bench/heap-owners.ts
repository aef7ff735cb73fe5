// Who holds the heap in a snapshot (bench/heap-per-node.ts writes one): every object is walked
// breadth-first from the roots and charged to the first field of an "owner" object (VirtualNode,
// SimCluster by default) on its path, e.g. `VirtualNode.resources`; the rest is `(other)` (code,
// modules). With a third argument (an owner field), that field's objects by V8 type and name.
//   node --max-old-space-size=8000 --import tsx bench/heap-owners.ts /tmp/h.heapsnapshot [VirtualNode,SimCluster] [VirtualNode.logs]
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const snap = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Snapshot;
const owners = new Set((process.argv[3] ?? 'VirtualNode,SimCluster').split(','));
const focus = process.argv[4];
const meta = snap.snapshot.meta;
const nf = meta.node_fields.length;
const ef = meta.edge_fields.length;
const { nodes, edges, strings } = snap;
const [iType, iName, iSize, iEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f)) as [number, number, number, number];
const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f)) as [number, number, number];
const count = nodes.length / nf;
const firstEdge = new Uint32Array(count + 1);
for (let i = 0, e = 0; i < count; i++, e += nodes[i * nf - nf + iEdges]! * ef) firstEdge[i] = e;
firstEdge[count] = edges.length;
const typeOf = (i: number) => meta.node_types[0][nodes[i * nf + iType]!]!;
const nameOf = (i: number) => strings[nodes[i * nf + iName]!]!;

const seen = new Uint8Array(count);
const label: string[] = new Array(count);
const queue = new Uint32Array(count);
let head = 0;
let tail = 0;
queue[tail++] = 0;
seen[0] = 1;
label[0] = '(other)';
while (head < tail) {
  const from = queue[head++]!;
  for (let e = firstEdge[from]!; e < firstEdge[from + 1]!; e += ef) {
    const kind = meta.edge_types[0][edges[e + eType]!]!;
    if (kind === 'weak' || kind === 'shortcut') continue;
    const to = edges[e + eTo]! / nf;
    if (seen[to]) continue;
    seen[to] = 1;
    const field = kind === 'element' || kind === 'hidden' ? '[]' : strings[edges[e + eName]!]!;
    label[to] = owners.has(nameOf(from)) && typeOf(from) === 'object' ? `${nameOf(from)}.${field}` : label[from]!;
    queue[tail++] = to;
  }
}

const totals = new Map<string, [number, number]>();
let all = 0;
for (let i = 0; i < count; i++) {
  const size = nodes[i * nf + iSize]!;
  all += size;
  if (focus && label[i] !== focus) continue;
  const key = focus ? `${typeOf(i)} ${typeOf(i).includes('string') ? '' : nameOf(i).slice(0, 60)}` : label[i] ?? '(unreachable)';
  const total = totals.get(key) ?? [0, 0];
  total[0] += size;
  total[1]++;
  totals.set(key, total);
}
console.log(`${(all / 1e6).toFixed(1)} MB in ${count} objects`);
for (const [key, [size, objects]] of [...totals].sort((a, b) => b[1][0] - a[1][0]).slice(0, 40)) {
  console.log(`${(size / 1e6).toFixed(2).padStart(8)} MB ${String(objects).padStart(8)} ${key}`);
}
