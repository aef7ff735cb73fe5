// Scale: 3 control planes + N workers booted to running (default N = 10,000; TALSIM_BENCH_WORKERS
// overrides, 100000 for the 100k attempt; smoke 50), with its CPU time and heap after a GC,
// against the same boot at N/10 scaled linearly (the baseline: a ratio of 1.0 = per-node cost flat
// from N/10 to N). Run with a large heap: node --max-old-space-size=20000 (run-all.ts does).
import { bootCluster, type BootFigures } from './lib/boot-cluster.ts';
import { report, SMOKE, type Row } from './lib/report.ts';

const WORKERS = Number(process.env.TALSIM_BENCH_WORKERS ?? (SMOKE ? 50 : 10_000));
const id = WORKERS >= 100_000 ? 'scale-100k' : 'scale';

/** The baseline size: a tenth (a hundredth for the 100k attempt, whose tenth alone takes minutes). */
const BASELINE_WORKERS = Math.round(WORKERS / (WORKERS >= 100_000 ? 100 : 10));
/** TALSIM_BENCH_BASELINE=0 goes straight to the big boot (for an attempt on a busy machine). */
const withBaseline = process.env.TALSIM_BENCH_BASELINE !== '0';
if (withBaseline) bootCluster(Math.max(5, Math.round(BASELINE_WORKERS / 10)));
const small = withBaseline ? bootCluster(BASELINE_WORKERS) : { nodes: Number.NaN, cpuMs: Number.NaN, heapBytes: Number.NaN, events: 0, wallMs: 0, buildCpuMs: 0, virtualMs: 0 };
const large = bootCluster(WORKERS);
const perNode = (f: BootFigures, what: 'cpuMs' | 'heapBytes') => f[what] / f.nodes;
const rows: Row[] = [
  {
    id,
    what: `3 CPs + ${WORKERS} workers booted to running (${large.events} events, ${(large.virtualMs / 1000).toFixed(0)} s virtual)`,
    value: large.cpuMs / 1000,
    unit: 'CPU s',
    baselineName: `${small.nodes - 3} workers scaled x${(large.nodes / small.nodes).toFixed(1)}`,
    baseline: (perNode(small, 'cpuMs') * large.nodes) / 1000,
    ratio: perNode(large, 'cpuMs') / perNode(small, 'cpuMs'),
    ratioSense: 'lower',
    target: WORKERS >= 100_000 ? 'attempted and reported' : '<= 20 s',
    met: WORKERS >= 100_000 ? true : large.cpuMs <= 20_000,
    note: `wall ${(large.wallMs / 1000).toFixed(1)} s; cluster build ${(large.buildCpuMs / 1000).toFixed(1)} CPU s`,
  },
  {
    id: `${id}-heap`,
    what: `heap after booting 3 CPs + ${WORKERS} workers`,
    value: large.heapBytes / 1e9,
    unit: 'GB',
    baselineName: `${small.nodes - 3} workers scaled x${(large.nodes / small.nodes).toFixed(1)}`,
    baseline: (perNode(small, 'heapBytes') * large.nodes) / 1e9,
    ratio: perNode(large, 'heapBytes') / perNode(small, 'heapBytes'),
    ratioSense: 'lower',
    target: WORKERS >= 100_000 ? 'attempted and reported' : '<= 1.5 GB (150 KB/node)',
    met: WORKERS >= 100_000 ? true : large.heapBytes <= 1.5e9,
    note: `${(perNode(large, 'heapBytes') / 1000).toFixed(0)} KB/node`,
  },
];
report(rows);
