// Version RPCs per second over mutual TLS on loopback: talsim's apid listener (caller identity,
// routing, authorization, the Version handler) against a bare grpc-js server with the same kind
// of credentials (an Ed25519 apid certificate from the same machine CA, client certificates
// required) and a Version handler that answers an empty reply, measured in the same run with
// the same client and concurrency. Prints both rates and their ratio. Bounded to ~5 s.
import * as grpc from '@grpc/grpc-js';
import { SimCluster } from '../sim/cluster/cluster.ts';
import type { ClusterPlan } from '../sim/scenario/plan.ts';
import { bootstrap } from '../nodes/node-commands.ts';
import { startNodeApiServers } from '../nodes/api/api-server.ts';
import { talosServiceImplementations } from '../nodes/api/talos-services.ts';
import { serviceDefinition } from '../proto/load.ts';
import { issueApidServerCertificate, machineCaOf, readTalosconfig, toOpenSslPrivateKeyPem } from '../nodes/pki/index.ts';

const WARMUP_MS = 200;
/** Measurement alternates between the two servers in short rounds, so drifting machine load hits both alike. */
const ROUNDS = 5;
const ROUND_MS = 200;
const IN_FLIGHT = 32;

const plan: ClusterPlan = {
  name: 'talsim',
  endpoint: '',
  subnet: '10.5.0.0/24',
  talosVersion: 'v1.13.0',
  nodes: [{ name: 'cp-1', role: 'controlplane', hardware: { profile: 'default' }, config: { source: 'generated', patches: [] }, configured: true, source: { file: 'bench', line: 1, column: 1 } }],
};

function bootedCluster(): SimCluster {
  const cluster = new SimCluster(plan, { seed: 'bench', epochWallMs: Date.now() - 3_600_000 });
  const kernel = cluster.world.kernel;
  const node = cluster.node('cp-1');
  cluster.powerOnAll();
  kernel.runUntilCondition(() => node.services.state('etcd') === 'Preparing', { maxTimeMs: 600_000 });
  bootstrap(node);
  kernel.runUntilCondition(() => node.stage() === 'running' && node.apiReachable(), { maxTimeMs: kernel.now + 600_000 });
  return cluster;
}

async function bareServer(cluster: SimCluster): Promise<{ address: string; close(): void }> {
  const ca = machineCaOf(cluster.secrets);
  const certificate = issueApidServerCertificate({ ca, stream: cluster.world.random.stream('bench/bare'), notBefore: new Date(Date.now() - 60_000), hostname: 'bare', addresses: ['127.0.0.1'] });
  const credentials = grpc.ServerCredentials.createSsl(Buffer.from(ca.crt), [{ private_key: Buffer.from(toOpenSslPrivateKeyPem(certificate.key)), cert_chain: Buffer.from(certificate.crt) }], true);
  const server = new grpc.Server();
  server.addService(serviceDefinition('machine.MachineService'), { Version: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, {}) });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))));
  return { address: `127.0.0.1:${port}`, close: () => server.forceShutdown() };
}

function client(cluster: SimCluster, address: string): grpc.Client {
  const talosconfig = readTalosconfig(cluster.generated.talosconfig);
  const credentials = grpc.credentials.createSsl(Buffer.from(talosconfig.caPem), Buffer.from(toOpenSslPrivateKeyPem(talosconfig.keyPem)), Buffer.from(talosconfig.crtPem));
  const Client = grpc.makeGenericClientConstructor(serviceDefinition('machine.MachineService'), 'machine.MachineService');
  return new Client(address, credentials);
}

function version(target: grpc.Client): Promise<void> {
  return new Promise((resolve, reject) => (target as unknown as { Version: (request: object, callback: (error: Error | null) => void) => void }).Version({}, (error) => (error ? reject(error) : resolve())));
}

/** Completed calls per second with IN_FLIGHT calls kept outstanding for `durationMs`. */
async function rate(target: grpc.Client, durationMs: number): Promise<number> {
  let completed = 0;
  const endAt = performance.now() + durationMs;
  const worker = async () => {
    while (performance.now() < endAt) {
      await version(target);
      completed++;
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return completed / ((performance.now() - startedAt) / 1000);
}

const startedAt = performance.now();
const cluster = bootedCluster();
const servers = await startNodeApiServers(cluster, { port: 0, fallbackPorts: true, services: talosServiceImplementations() });
const bare = await bareServer(cluster);
const endpoint = servers.endpoints.get('cp-1')!;
const ours = client(cluster, `${endpoint.address}:${endpoint.port}`);
const baseline = client(cluster, bare.address);
await rate(ours, WARMUP_MS);
await rate(baseline, WARMUP_MS);
let oursTotal = 0;
let bareTotal = 0;
for (let round = 0; round < ROUNDS; round++) {
  oursTotal += await rate(ours, ROUND_MS);
  bareTotal += await rate(baseline, ROUND_MS);
}
const oursPerSecond = oursTotal / ROUNDS;
const barePerSecond = bareTotal / ROUNDS;
console.log(`talsim apid Version: ${oursPerSecond.toFixed(0)} RPC/s`);
console.log(`bare grpc-js Version: ${barePerSecond.toFixed(0)} RPC/s`);
console.log(`ratio talsim/bare: ${(oursPerSecond / barePerSecond).toFixed(2)} (${IN_FLIGHT} calls in flight, ${ROUNDS} alternating rounds of ${ROUND_MS} ms; ${((performance.now() - startedAt) / 1000).toFixed(1)} s after boot start)`);
ours.close();
baseline.close();
bare.close();
await servers.close();
