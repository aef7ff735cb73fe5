// `talsim up --workers N` of two built trees in alternating rounds, whole processes (each tree's
// bin/talsim.js, dist/ built): wall time and the process's CPU time from start to the ready banner
// (every node serving), then `talosctl get members` as talosctl asks it (List ResourceDefinitions,
// then List Members on cp-1, mTLS with the talosconfig), then the CPU the idle cluster uses per
// wall second over IDLE_S seconds (the live clock keeps every node ticking), then SIGINT.
//   node --import tsx bench/compare-up-thousand.ts /tmp/before .     (TALSIM_BENCH_WORKERS, _ROUNDS, _IDLE_S)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getMembers } from './lib/get-members.ts';

const WORKERS = Number(process.env.TALSIM_BENCH_WORKERS ?? 1000);
const ROUNDS = Number(process.env.TALSIM_BENCH_ROUNDS ?? 1);
const IDLE_S = Number(process.env.TALSIM_BENCH_IDLE_S ?? 20);
const READY = 'Ctrl-C stops the cluster.';
const trees = process.argv.slice(2).map((tree) => resolve(tree));
const ticks = 100; // USER_HZ

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}

async function once(tree: string, base: string) {
  const stateDir = mkdtempSync(join(tmpdir(), 'talsim-cmp-up-'));
  const started = performance.now();
  const child = spawn(process.execPath, [join(tree, 'bin/talsim.js'), 'up', '--no-ui', '--seed', '1', '--workers', String(WORKERS), '--state-dir', stateDir, '--base-address', base], { stdio: ['ignore', 'pipe', 'ignore'] });
  let tail = '';
  await new Promise<void>((ready, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4096);
      if (tail.includes(READY)) ready();
    });
    child.on('exit', (code) => fail(new Error(`talsim up exited ${code}`)));
  });
  const wallS = (performance.now() - started) / 1000;
  const readyCpuS = cpuSeconds(child.pid!);
  const members = await getMembers(stateDir);
  const idleFrom = cpuSeconds(child.pid!);
  const idleStarted = performance.now();
  await new Promise((done) => setTimeout(done, IDLE_S * 1000));
  const idleCpuPerS = (cpuSeconds(child.pid!) - idleFrom) / ((performance.now() - idleStarted) / 1000);
  child.kill('SIGINT');
  await new Promise((done) => child.once('exit', done));
  return { tree, wallS, readyCpuS, membersMs: members.ms, members: members.members, idleCpuPerS };
}

for (let round = 0; round < ROUNDS; round++) {
  for (const [index, tree] of trees.entries()) {
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const result = await once(tree, `127.${2 + index}.0.2`);
    console.log(JSON.stringify({ round, ...result, load, utc: new Date().toISOString().slice(11, 19) }));
  }
}
