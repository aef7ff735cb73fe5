// RSS of a `talsim up` process over rounds of abruptly closed follow streams (issue 11 item 10):
// each round opens 200 Events/Dmesg follow streams on their own channels, waits for the first
// message, then closes the channels mid-stream. Prints the process's VmRSS after each round.
// Run: node --import tsx bench/follow-stream-rss.ts [rounds] [streams]
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { BANNER_END, startTalsimUp } from '../test/live/talsim-process.ts';
import { readNodesJson } from '../test/live/live-client.ts';
import { readTalosconfig, toOpenSslPrivateKeyPem } from '../nodes/pki/index.ts';
import { serviceDefinition } from '../proto/load.ts';
import { join } from 'node:path';

const rounds = Number(process.argv[2] ?? 5);
const streams = Number(process.argv[3] ?? 200);
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const up = startTalsimUp(['--seed', 'rss', '--base-address', '127.0.41.2']);
await up.waitForLine(BANNER_END, 60_000);
const node = readNodesJson(up.stateDir).nodes[1]!;
const talosconfig = readTalosconfig(readFileSync(join(up.stateDir, 'talosconfig'), 'utf8'));
const credentials = grpc.credentials.createSsl(Buffer.from(talosconfig.caPem), Buffer.from(toOpenSslPrivateKeyPem(talosconfig.keyPem)), Buffer.from(talosconfig.crtPem));
const Client = grpc.makeGenericClientConstructor(serviceDefinition('machine.MachineService') as never, 'machine.MachineService');
const pid = up.child.pid!;
const figures = [rssMb(pid)];
for (let round = 0; round < rounds; round++) {
  const clients: grpc.Client[] = [];
  const first: Promise<void>[] = [];
  for (let index = 0; index < streams; index++) {
    const client = new Client(`${node.apiAddress}:${node.apiPort}`, credentials, { 'grpc.use_local_subchannel_pool': 1 });
    clients.push(client);
    const method = index % 2 === 0 ? 'Events' : 'Dmesg';
    const call = (client as unknown as Record<string, (request: unknown) => grpc.ClientReadableStream<unknown>>)[method]!(method === 'Events' ? { tail_events: 1 } : { follow: true, tail: false });
    call.on('error', () => undefined);
    first.push(new Promise((resolve) => { call.once('data', () => resolve()); setTimeout(resolve, 5_000); }));
  }
  await Promise.all(first);
  for (const client of clients) client.close();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  figures.push(rssMb(pid));
}
console.log(`talsim up RSS MB: start ${figures[0]!.toFixed(1)}, after each round of ${streams} closed follow streams: ${figures.slice(1).map((mb) => mb.toFixed(1)).join(', ')}`);
await up.stop('SIGTERM');
