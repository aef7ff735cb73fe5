// Version RPCs per second over mutual TLS on loopback: talsim's apid listener (caller identity,
// routing, authorization, the Version handler) against a bare grpc-js server with the same kind
// of credentials (an Ed25519 apid certificate from the same machine CA, client certificates
// required) and a Version handler that answers an empty reply, measured in the same run with
// the same client and concurrency. Prints both rates and their ratio. Then the latency row: 50
// clients x 200 Version calls round-robin on the nodes of a 21-node cluster, p99 of the call times
// against the same load on 21 bare grpc-js servers. Targets: >= 0.9x bare; p99 < 20 ms.
import * as grpc from '@grpc/grpc-js';
import { SimCluster } from '../sim/cluster/cluster.ts';
import type { ClusterPlan } from '../sim/scenario/plan.ts';
import { bootstrap } from '../nodes/node-commands.ts';
import { startNodeApiServers } from '../nodes/api/api-server.ts';
import { talosServiceImplementations } from '../nodes/api/talos-services.ts';
import { serviceDefinition } from '../proto/load.ts';
import { issueApidServerCertificate, machineCaOf, readTalosconfig, toOpenSslPrivateKeyPem } from '../nodes/pki/index.ts';
import { clusterPlan } from './lib/boot-cluster.ts';
import { report, SMOKE } from './lib/report.ts';

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

function bootedCluster(clusterPlanned: ClusterPlan = plan): SimCluster {
  const cluster = new SimCluster(clusterPlanned, { seed: 'bench', epochWallMs: Date.now() - 3_600_000 });
  const kernel = cluster.world.kernel;
  const node = cluster.node('cp-1');
  cluster.powerOnAll();
  kernel.runUntilCondition(() => node.services.state('etcd') === 'Preparing', { maxTimeMs: 600_000 });
  bootstrap(node);
  const nodes = [...cluster.nodes.values()];
  kernel.runUntilCondition(() => nodes.every((n) => n.stage() === 'running' && n.apiReachable()), { maxTimeMs: kernel.now + 600_000 });
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
const throughputNote = `${IN_FLIGHT} calls in flight, ${ROUNDS} alternating rounds of ${ROUND_MS} ms; ${((performance.now() - startedAt) / 1000).toFixed(1)} s after boot start`;
ours.close();
baseline.close();
bare.close();
await servers.close();

// Latency (issue 11 item 9): CLIENTS callers, each making CALLS_PER_CLIENT Version calls on the
// nodes in turn, against a NODES-node cluster (3 CPs + workers, every node's listener bound), and
// the same load against NODES bare grpc-js servers with the same credentials (the baseline: what
// TLS and grpc-js cost on this machine at this load, so a loaded machine shows in both).
const CLIENTS = 50;
const NODES = SMOKE ? 5 : 21;
const CALLS_PER_CLIENT = SMOKE ? 20 : 200;

async function latencies(targets: grpc.Client[]): Promise<{ p50: number; p99: number; calls: number }> {
  for (const target of targets) await version(target);
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, caller) => {
      for (let call = 0; call < CALLS_PER_CLIENT; call++) {
        const started = performance.now();
        await version(targets[(caller + call * CLIENTS) % targets.length]!);
        times.push(performance.now() - started);
      }
    }),
  );
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)]!, p99: times[Math.floor(times.length * 0.99)]!, calls: times.length };
}

const big = bootedCluster({ ...plan, subnet: '10.5.0.0/16', nodes: clusterPlan(NODES - 3) });
const bigServers = await startNodeApiServers(big, { port: 0, fallbackPorts: true, services: talosServiceImplementations() });
const targets = [...bigServers.endpoints.values()].map((endpoint) => client(big, `${endpoint.address}:${endpoint.port}`));
const bares = await Promise.all(Array.from({ length: NODES }, () => bareServer(big)));
const bareTargets = bares.map((server) => client(big, server.address));
const bareLatency = await latencies(bareTargets);
const oursLatency = await latencies(targets);
for (const target of [...targets, ...bareTargets]) target.close();
for (const server of bares) server.close();
await bigServers.close();

report([
  {
    id: 'api-version',
    what: 'Version RPCs over mTLS, talsim apid vs bare grpc-js (same TLS, same client)',
    value: oursPerSecond,
    unit: 'RPC/s',
    baselineName: 'bare grpc-js',
    baseline: barePerSecond,
    ratio: oursPerSecond / barePerSecond,
    ratioSense: 'higher',
    target: '>= 0.9x',
    met: oursPerSecond / barePerSecond >= 0.9,
    note: throughputNote,
  },
  {
    id: 'api-version-p99',
    what: `Version p99 latency, ${CLIENTS} clients x ${CALLS_PER_CLIENT} calls round-robin over ${NODES} nodes`,
    value: oursLatency.p99,
    unit: 'ms',
    baselineName: `bare grpc-js, ${NODES} servers`,
    baseline: bareLatency.p99,
    ratio: oursLatency.p99 / bareLatency.p99,
    ratioSense: 'lower',
    target: 'p99 < 20 ms',
    met: oursLatency.p99 < 20,
    note: `p50 ${oursLatency.p50.toFixed(1)} ms (bare ${bareLatency.p50.toFixed(1)} ms), ${oursLatency.calls} calls each`,
  },
]);
