// Heap per node: boots 3 CPs + N workers (TALSIM_BENCH_WORKERS, default 1,000) as the scale row
// does, keeps the cluster alive, prints the heap after a GC per node and, with
// TALSIM_BENCH_SNAPSHOT=<file>, writes a V8 heap snapshot of it for bench/heap-owners.ts.
//   TALSIM_BENCH_WORKERS=200 TALSIM_BENCH_SNAPSHOT=/tmp/h.heapsnapshot node --expose-gc --max-old-space-size=8000 --import tsx bench/heap-per-node.ts
import { writeHeapSnapshot } from 'node:v8';
import { bootCluster } from './lib/boot-cluster.ts';
import type { SimCluster } from '../sim/cluster/cluster.ts';

const workers = Number(process.env.TALSIM_BENCH_WORKERS ?? 1_000);
let kept: SimCluster | undefined;
const figures = bootCluster(workers, (cluster) => (kept = cluster));
console.log(`3 CPs + ${workers} workers: heap ${(figures.heapBytes / 1e6).toFixed(1)} MB, ${(figures.heapBytes / figures.nodes / 1000).toFixed(1)} KB/node; ${figures.events} events, ${(figures.cpuMs / 1000).toFixed(1)} CPU s`);
if (process.env.TALSIM_BENCH_SNAPSHOT) console.log(`snapshot: ${writeHeapSnapshot(process.env.TALSIM_BENCH_SNAPSHOT)} (${kept?.nodes.size} nodes kept)`);
