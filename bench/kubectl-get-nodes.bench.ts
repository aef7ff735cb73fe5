// The real kubectl (v1.35) running `kubectl get nodes` against `talsim up --workers 1000` (the
// whole CLI process, warped to every node running and ready, nodes on the 10.5.0.0/20 LAN and
// loopback listeners from 127.1.0.2), with the kubeconfig `talosctl kubeconfig` fetches (the
// Kubeconfig RPC). Each kubectl run starts from a fresh discovery cache, then lists the Table in
// chunks of 500; the figure is the median of 3 whole kubectl processes, wall time. Baseline: the
// same against `talsim up` with 2 workers in the same run. Smoke: 20 workers. Target: under 1 s.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNodesJson } from '../test/live/live-client.ts';
import { fetchKubeconfig, kubectl } from '../test/kube/kube-harness.ts';
import { kubectlBinary } from '../test/kube/kubectl-binary.ts';
import { talsim, timeToLine } from './lib/processes.ts';
import { report, SMOKE } from './lib/report.ts';

const WORKERS = SMOKE ? 20 : 1_000;
const READY = 'Ctrl-C stops the cluster.';
const RUNS = 3;

interface Measure {
  ms: number;
  rows: number;
  ready: number;
  upMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timeGetNodes(workers: number, baseAddress: string): Promise<Measure> {
  const stateDir = mkdtempSync(join(tmpdir(), 'talsim-bench-kube-'));
  const measure: Measure = { ms: Number.NaN, rows: 0, ready: 0, upMs: Number.NaN };
  let failure: Error | undefined;
  const up = await timeToLine(talsim(['up', '--no-ui', '--seed', '1', '--workers', String(workers), '--state-dir', stateDir, '--base-address', baseAddress]), READY, 900_000, async () => {
    try {
      const kubeconfig = await fetchKubeconfig(stateDir, readNodesJson(stateDir).nodes, stateDir);
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const result = await kubectl('v35', kubeconfig, ['get', 'nodes']);
        times.push(performance.now() - started);
        if (result.code !== 0) throw new Error(`kubectl get nodes failed: ${result.stderr}`);
        const rows = result.stdout.trim().split('\n').slice(1);
        measure.rows = rows.length;
        measure.ready = rows.filter((row) => row.split(/\s+/)[1] === 'Ready').length;
      }
      measure.ms = median(times);
    } catch (error) {
      failure = error as Error;
    }
  });
  if (failure) throw failure;
  measure.upMs = up.wallMs;
  return measure;
}

kubectlBinary('v35');
const small = await timeGetNodes(2, '127.0.62.2');
const large = await timeGetNodes(WORKERS, '127.1.0.2');
report([
  {
    id: 'kubectl-get-nodes-1000',
    what: `real \`kubectl get nodes\` (fresh discovery cache, chunked by 500) on \`talsim up --workers ${WORKERS}\` (${large.rows} rows, ${large.ready} Ready), whole kubectl process, median of ${RUNS}`,
    value: large.ms,
    unit: 'ms wall',
    baselineName: `the same on \`talsim up\` with 2 workers (${small.rows} rows)`,
    baseline: small.ms,
    ratio: large.ms / small.ms,
    ratioSense: 'lower',
    target: '< 1 s',
    met: SMOKE ? undefined : large.ms < 1000 && large.rows === WORKERS + 1,
    note: `\`talsim up\` to ready ${(large.upMs / 1000).toFixed(1)} s wall`,
  },
]);
