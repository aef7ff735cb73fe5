// `talsim up --workers 1000` start to ready (every node serving its Talos API: the banner comes
// after every listener is bound), whole process, against `talsim up` with the default 2 workers in
// the same run (the baseline); then, on the ready cluster, `talosctl get members` as talosctl asks
// it (List the ResourceDefinitions, then List Members on cp-1, over mTLS with the talosconfig).
// Smoke: 20 workers. Targets: <= 30 s, and get members < 1 s.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getMembers } from './lib/get-members.ts';
import { talsim, timeToLine } from './lib/processes.ts';
import { report, SMOKE } from './lib/report.ts';

const WORKERS = SMOKE ? 20 : 1_000;
const READY = 'Ctrl-C stops the cluster.';

function args(workers: number, base: string): { args: string[]; stateDir: string } {
  const stateDir = mkdtempSync(join(tmpdir(), 'talsim-bench-up-'));
  return { stateDir, args: ['up', '--no-ui', '--seed', '1', '--workers', String(workers), '--state-dir', stateDir, '--base-address', base] };
}

const small = args(2, '127.0.60.2');
const smallTiming = await timeToLine(talsim(small.args), READY);
const large = args(WORKERS, '127.1.0.2');
let members = { ms: Number.NaN, members: 0 };
const largeTiming = await timeToLine(talsim(large.args), READY, 900_000, async () => {
  members = await getMembers(large.stateDir);
});
report([
  {
    id: 'up-1000',
    what: `\`talsim up --workers ${WORKERS}\` start to ready, every node serving, whole process`,
    value: largeTiming.wallMs / 1000,
    unit: 's wall',
    baselineName: '`talsim up` (2 workers)',
    baseline: smallTiming.wallMs / 1000,
    ratio: largeTiming.wallMs / smallTiming.wallMs,
    ratioSense: 'lower',
    target: '<= 30 s',
    met: largeTiming.wallMs <= 30_000,
    note: `process CPU to its exit ${(largeTiming.cpuMs / 1000).toFixed(1)} s`,
  },
  {
    id: 'up-1000-members',
    what: `\`talosctl get members\` on that cluster (${members.members} members listed)`,
    value: members.ms,
    unit: 'ms wall',
    baselineName: '1 s',
    baseline: 1000,
    ratio: members.ms / 1000,
    ratioSense: 'lower',
    target: '< 1 s',
    met: members.ms < 1000,
  },
]);
