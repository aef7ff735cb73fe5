// The whole-process Version latency rows: `talsim up` with `nodes` nodes (the compiled CLI, the
// live clock running at speed 1, state kept in its directory, as a user runs it) and a process of as
// many bare grpc-js servers whose certificates come from the same machine CA (secrets.yaml of the
// talsim state directory), both loaded by one client process (version-load-client.ts) with the
// talosconfig's credentials, rounds alternating between them.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueApidServerCertificate, machineCaOf, readTalosconfig, secretsBundleFromYaml, toOpenSslPrivateKeyPem } from '../../nodes/pki/index.ts';
import { RandomTree } from '../../sim/kernel/random-tree.ts';
import { readNodesJson } from '../../test/live/live-client.ts';
import { talsim, timeToLine } from './processes.ts';
import { latencyOf, type Latency } from './version-load.ts';
import type { BareServersJob } from './bare-version-servers.ts';
import type { LoadJob } from './version-load-client.ts';

const READY = 'Ctrl-C stops the cluster.';
const LIB = import.meta.dirname;

export interface WholeProcessOptions {
  nodes: number;
  clients: number;
  calls: number;
  rounds: number;
  /** Loopback address of the first talsim node (each run its own range). */
  baseAddress: string;
}

export interface WholeProcessLatency {
  ours: Latency;
  bare: Latency;
  /** The 1-minute load average when the load ended. */
  load: string;
}

function tsxProcess(script: string, jobFile: string, stdin: 'ignore' | 'pipe') {
  return spawn(process.execPath, ['--import', 'tsx', join(LIB, script), jobFile], { stdio: [stdin, 'pipe', 'inherit'] });
}

function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end));
    });
    stream.on('end', () => reject(new Error(`no line from the process: ${text.slice(0, 400)}`)));
  });
}

export async function wholeProcessLatency(options: WholeProcessOptions): Promise<WholeProcessLatency> {
  const work = mkdtempSync(join(tmpdir(), 'talsim-bench-version-'));
  const stateDir = join(work, 'state');
  let result: WholeProcessLatency | undefined;
  const up = talsim(['up', '--no-ui', '--seed', '1', '--workers', String(options.nodes - 3), '--control-planes', '3', '--state-dir', stateDir, '--base-address', options.baseAddress]);
  await timeToLine(up, READY, 900_000, async () => {
    const talosconfig = readTalosconfig(readFileSync(join(stateDir, 'talosconfig'), 'utf8'));
    const ca = machineCaOf(secretsBundleFromYaml(readFileSync(join(stateDir, 'secrets.yaml'), 'utf8')));
    const random = new RandomTree('bench/bare-version');
    const keyPairs = Array.from({ length: options.nodes }, (_, index) => {
      const certificate = issueApidServerCertificate({ ca, stream: random.stream(`bare-${index}`), notBefore: new Date(Date.now() - 60_000), hostname: `bare-${index}`, addresses: ['127.0.0.1'] });
      return { crtPem: certificate.crt, keyPem: toOpenSslPrivateKeyPem(certificate.key) };
    });
    const serversJob: BareServersJob = { caPem: ca.crt, keyPairs };
    writeFileSync(join(work, 'servers.json'), JSON.stringify(serversJob), { mode: 0o600 });
    const servers = tsxProcess('bare-version-servers.ts', join(work, 'servers.json'), 'pipe');
    try {
      const bareAddresses = JSON.parse(await firstLine(servers.stdout!)) as string[];
      const nodes = readNodesJson(stateDir).nodes;
      const loadJob: LoadJob = {
        pems: { caPem: talosconfig.caPem, keyPem: toOpenSslPrivateKeyPem(talosconfig.keyPem), crtPem: talosconfig.crtPem },
        sets: { bare: bareAddresses, ours: nodes.map((node) => `${node.apiAddress}:${node.apiPort}`) },
        clients: options.clients,
        calls: options.calls,
        rounds: options.rounds,
        outFile: join(work, 'times.json'),
      };
      writeFileSync(join(work, 'load.json'), JSON.stringify(loadJob), { mode: 0o600 });
      const client = tsxProcess('version-load-client.ts', join(work, 'load.json'), 'ignore');
      const code = await new Promise<number | null>((resolve) => client.on('close', resolve));
      if (code !== 0) throw new Error(`the load client exited ${code}`);
      const times = JSON.parse(readFileSync(loadJob.outFile, 'utf8')) as Record<'bare' | 'ours', number[]>;
      result = { ours: latencyOf(times.ours), bare: latencyOf(times.bare), load: loadavg()[0]!.toFixed(1) };
    } finally {
      servers.stdin!.end();
    }
  });
  if (!result) throw new Error(`talsim up with ${options.nodes} nodes gave no latency`);
  return result;
}
