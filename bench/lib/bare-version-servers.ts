// The baseline of the Version rows: bare grpc-js servers (MachineService with a Version handler that
// answers the reply a talsim v1.13 amd64 node answers, a constant: the rows compare what talsim's
// apid adds, not the encoding of the reply; api-version.bench.ts checks both replies decode alike),
// mutual TLS with the certificates the job gives (JSON file named by argv[2]: the machine CA and one
// apid-style key pair per server). Binds each on 127.0.0.1 with a free port, prints their
// `host:port` addresses as one JSON line, and serves until stdin closes.
import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { serviceDefinition } from '../../proto/load.ts';

export interface BareServersJob {
  caPem: string;
  /** One per server: certificate and OpenSSL-form private key PEMs. */
  keyPairs: Array<{ crtPem: string; keyPem: string }>;
}

/** What a configured talsim node of Talos v1.13.0 on amd64 answers to Version (machine-version.ts). */
export const NODE_VERSION_REPLY = {
  messages: [
    {
      version: { tag: 'v1.13.0', sha: '0ad97358', built: '', go_version: 'go1.25.5', os: 'linux', arch: 'amd64' },
      platform: { name: 'metal', mode: 'metal' },
      features: { rbac: true },
    },
  ],
};

export async function bareVersionServer(caPem: string, crtPem: string, keyPem: string): Promise<{ address: string; close(): void }> {
  const credentials = grpc.ServerCredentials.createSsl(Buffer.from(caPem), [{ private_key: Buffer.from(keyPem), cert_chain: Buffer.from(crtPem) }], true);
  const server = new grpc.Server();
  server.addService(serviceDefinition('machine.MachineService'), { Version: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, NODE_VERSION_REPLY) });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))));
  return { address: `127.0.0.1:${port}`, close: () => server.forceShutdown() };
}

if (process.argv[1]?.endsWith('bare-version-servers.ts') && process.argv[2]) {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as BareServersJob;
  const servers = await Promise.all(job.keyPairs.map((pair) => bareVersionServer(job.caPem, pair.crtPem, pair.keyPem)));
  process.stdout.write(`${JSON.stringify(servers.map((server) => server.address))}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    for (const server of servers) server.close();
    process.exit(0);
  });
}
