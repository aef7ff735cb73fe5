// How long `talsim up` takes from start to ready (default cluster: 1 control plane + 2 workers,
// warped through boot and bootstrap): wall time from spawning the CLI to its banner (the figure a
// user feels, Node and module loading included), and, in the same run, the same start inside an
// already-loaded process (cluster build + PKI + API bind + warp) and the warp alone. Target: under
// 2 s from start to ready. A figure, not a test bound.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLiveSession } from '../sim/live/live-session.ts';
import { systemWallClock } from '../sim/kernel/pacer.ts';

const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Spawns `talsim up` and resolves with the wall ms until its banner's last line. */
function cliStartToReadyMs(baseAddress: string): Promise<number> {
  const stateDir = mkdtempSync(join(tmpdir(), 'talsim-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/talsim.js', 'up', '--no-ui', '--seed', '1', '--state-dir', stateDir, '--base-address', baseAddress], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    let readyMs: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (readyMs !== undefined || !output.includes('Ctrl-C stops the cluster.')) return;
      readyMs = performance.now() - started;
      child.kill('SIGTERM');
    });
    child.on('exit', (code) => (readyMs !== undefined ? resolve(readyMs) : reject(new Error(`talsim up exited (${code}) before its banner:\n${output}`))));
  });
}

async function inProcessStartToReady(baseAddress: string): Promise<{ totalMs: number; warpMs: number; warpedVirtualMs: number }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'talsim-bench-'));
  const started = performance.now();
  const session = await startLiveSession(
    { seed: '1', controlPlanes: 1, workers: 2, unconfigured: false, speed: 1, stateDir, baseAddress },
    { calendarNowMs: () => Date.now(), wall: systemWallClock, print: () => {}, warn: (text) => process.stderr.write(text) },
  );
  const totalMs = performance.now() - started;
  await session.close();
  return { totalMs, warpMs: session.warp.warpWallMs, warpedVirtualMs: session.warp.warpedVirtualMs };
}

const cli: number[] = [];
for (let run = 0; run < RUNS; run++) cli.push(await cliStartToReadyMs(`127.0.41.${2 + run * 4}`));
await inProcessStartToReady('127.0.42.2');
const inProcess: Array<{ totalMs: number; warpMs: number; warpedVirtualMs: number }> = [];
for (let run = 0; run < RUNS; run++) inProcess.push(await inProcessStartToReady(`127.0.42.${6 + run * 4}`));

const virtualSeconds = (inProcess[0]!.warpedVirtualMs / 1000).toFixed(1);
console.log(`up-ready: \`talsim up\` (1 CP + 2 workers) start to ready: median ${median(cli).toFixed(0)} ms wall (runs: ${cli.map((ms) => ms.toFixed(0)).join(', ')}; target < 2000 ms)`);
console.log(`up-ready: in an already-loaded process: median ${median(inProcess.map((r) => r.totalMs)).toFixed(0)} ms (cluster + PKI + API bind + warp)`);
console.log(`up-ready: the warp alone: ${virtualSeconds} s of virtual time in median ${median(inProcess.map((r) => r.warpMs)).toFixed(0)} ms wall`);
