// Version latency of two trees' `talsim up` side by side: `node --import tsx
// bench/compare-version-up.ts <before tree> <after tree>` starts `talsim up` (3 CPs + NODES-3
// workers, default 21 nodes, each tree's bin/talsim.js: build both first) from each tree and a
// process of bare grpc-js servers (the after cluster's CA), then one client process loads the three
// in alternating rounds (ROUNDS, default 3; 50 clients x CALLS, default 200) and prints p50/p99/max
// of each. Both clusters run (live clock at speed 1) during every round, so the load is shared alike.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg, tmpdir } from 'node:os';
import { issueApidServerCertificate, machineCaOf, readTalosconfig, secretsBundleFromYaml, toOpenSslPrivateKeyPem } from '../nodes/pki/index.ts';
import { RandomTree } from '../sim/kernel/random-tree.ts';
import { readNodesJson } from '../test/live/live-client.ts';
import { latencyOf } from './lib/version-load.ts';
const nodes = Number(process.env.NODES ?? 21);
const work = mkdtempSync(join(tmpdir(), 'talsim-compare-version-'));
function up(tree: string, name: string, base: string): Promise<{ child: ChildProcess; stateDir: string }> {
  const stateDir = join(work, name);
  const child = spawn(process.execPath, [join(tree, 'bin/talsim.js'), 'up', '--no-ui', '--seed', '1', '--workers', String(nodes - 3), '--control-planes', '3', '--state-dir', stateDir, '--base-address', base], { cwd: tree, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TALSIM_FROM_SOURCE: '0' } });
  let out = '';
  return new Promise((resolve) => child.stdout!.on('data', (c) => { out += c; if (out.includes('Ctrl-C stops')) resolve({ child, stateDir }); }));
}
const line = (s: NodeJS.ReadableStream) => new Promise<string>((resolve) => { let t = ''; s.setEncoding('utf8'); s.on('data', (c: string) => { t += c; const i = t.indexOf('\n'); if (i >= 0) resolve(t.slice(0, i)); }); });
const before = await up(process.argv[2]!, 'before', '127.0.96.2');
const after = await up(process.argv[3]!, 'after', '127.0.97.2');
const tc = readTalosconfig(readFileSync(join(after.stateDir, 'talosconfig'), 'utf8'));
const tcB = readFileSync(join(before.stateDir, 'talosconfig'), 'utf8');
const tb = readTalosconfig(tcB);
const ca = machineCaOf(secretsBundleFromYaml(readFileSync(join(after.stateDir, 'secrets.yaml'), 'utf8')));
const random = new RandomTree('bench/bare-version');
const keyPairs = Array.from({ length: nodes }, (_, i) => { const c = issueApidServerCertificate({ ca, stream: random.stream(`b${i}`), notBefore: new Date(Date.now() - 60_000), hostname: `b${i}`, addresses: ['127.0.0.1'] }); return { crtPem: c.crt, keyPem: toOpenSslPrivateKeyPem(c.key) }; });
writeFileSync(join(work, 'servers.json'), JSON.stringify({ caPem: ca.crt, keyPairs }));
const servers = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'lib/bare-version-servers.ts'), join(work, 'servers.json')], { stdio: ['pipe', 'pipe', 'inherit'] });
const bare = JSON.parse(await line(servers.stdout!)) as string[];
const addr = (d: string) => readNodesJson(d).nodes.map((n) => `${n.apiAddress}:${n.apiPort}`);
const job = { pems: { caPem: tc.caPem, keyPem: toOpenSslPrivateKeyPem(tc.keyPem), crtPem: tc.crtPem }, setPems: { before: { caPem: tb.caPem, keyPem: toOpenSslPrivateKeyPem(tb.keyPem), crtPem: tb.crtPem } }, sets: { bare, before: addr(before.stateDir), after: addr(after.stateDir) }, clients: 50, calls: Number(process.env.CALLS ?? 200), rounds: Number(process.env.ROUNDS ?? 3), outFile: join(work, 'times.json') };
writeFileSync(join(work, 'load.json'), JSON.stringify(job));
const client = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'lib/version-load-client.ts'), join(work, 'load.json')], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((r) => client.on('close', r));
const times = JSON.parse(readFileSync(join(work, 'times.json'), 'utf8')) as Record<string, number[]>;
for (const [k, v] of Object.entries(times)) { const l = latencyOf(v); console.log(`${k.padEnd(7)} p50 ${l.p50.toFixed(1)} p99 ${l.p99.toFixed(1)} max ${l.max.toFixed(0)} (${l.calls} calls)`); }
console.log(`load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
servers.stdin!.end(); before.child.kill('SIGINT'); after.child.kill('SIGINT');
await Promise.all([before, after].map((u) => new Promise((r) => u.child.on('exit', r))));
process.exit(0);
