// Where startNodeApiServers puts each node's apid: one loopback address per node on one port,
// never an address outside 127.0.0.0/8, 127.0.0.1 with a port per node when an address is taken
// (only if allowed), and the certificate key algorithm asked for.
import tls from 'node:tls';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { startNodeApiServers } from '../../nodes/api/api-server.ts';
import { talosServiceImplementations } from '../../nodes/api/talos-services.ts';
import { LoopbackAddressError, bindFailureReason, describeMoves } from '../../nodes/api/loopback-address.ts';
import { serviceDefinition } from '../../proto/load.ts';
import { readTalosconfig, toOpenSslPrivateKeyPem } from '../../nodes/pki/index.ts';
import { bootCluster, EPOCH_BEFORE_NOW_MS, testClusterPlan, unary } from './harness.ts';

let cluster: SimCluster;
const services = talosServiceImplementations();

beforeAll(() => {
  cluster = new SimCluster(testClusterPlan({ controlPlanes: 1, workers: 1 }), { seed: 'placement', epochWallMs: Date.now() - EPOCH_BEFORE_NOW_MS });
  bootCluster(cluster);
});

function versionClient(address: string, port: number): grpc.Client {
  const talosconfig = readTalosconfig(cluster.generated.talosconfig);
  const credentials = grpc.credentials.createSsl(Buffer.from(talosconfig.caPem), Buffer.from(toOpenSslPrivateKeyPem(talosconfig.keyPem)), Buffer.from(talosconfig.crtPem));
  const Client = grpc.makeGenericClientConstructor(serviceDefinition('machine.MachineService'), 'machine.MachineService');
  return new Client(`${address}:${port}`, credentials);
}

describe('addresses', () => {
  it('gives node i the base address + i on the one port', async () => {
    const servers = await startNodeApiServers(cluster, { baseAddress: '127.0.77.2', port: 50000, services });
    try {
      expect([...servers.endpoints]).toEqual([
        ['cp-1', { address: '127.0.77.2', port: 50000 }],
        ['worker-1', { address: '127.0.77.3', port: 50000 }],
      ]);
      const client = versionClient('127.0.77.3', 50000);
      expect((await unary(client, 'Hostname')).messages[0].hostname).toBe('worker-1');
      client.close();
    } finally {
      await servers.close();
    }
  });

  it('refuses a base address outside 127.0.0.0/8', async () => {
    await expect(startNodeApiServers(cluster, { baseAddress: '10.0.0.1', services })).rejects.toBeInstanceOf(LoopbackAddressError);
  });
});

describe('an address already taken', () => {
  let blocker: net.Server;
  beforeAll(() => new Promise<void>((resolve) => (blocker = net.createServer().listen(50000, '127.0.78.2', () => resolve()))));
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('fails without fallbackPorts', async () => {
    await expect(startNodeApiServers(cluster, { baseAddress: '127.0.78.2', port: 50000, services })).rejects.toThrow();
  });

  it('moves that node to 127.0.0.1 with its own port when fallbackPorts is set', async () => {
    const servers = await startNodeApiServers(cluster, { baseAddress: '127.0.78.2', port: 50000, fallbackPorts: true, services });
    try {
      const moved = servers.endpoints.get('cp-1')!;
      expect(moved.address).toBe('127.0.0.1');
      expect(servers.endpoints.get('worker-1')).toEqual({ address: '127.0.78.3', port: 50000 });
      const client = versionClient(moved.address, moved.port);
      expect((await unary(client, 'Hostname')).messages[0].hostname).toBe('cp-1');
      client.close();
    } finally {
      await servers.close();
    }
  });
});

describe('server certificate key algorithm', () => {
  it('ecdsa-p256 serves a P-256 certificate (still signed by the Ed25519 machine CA)', async () => {
    const servers = await startNodeApiServers(cluster, { baseAddress: '127.0.79.2', port: 0, serverKeyAlgorithm: 'ecdsa-p256', services });
    try {
      const { address, port } = servers.endpoints.get('cp-1')!;
      const talosconfig = readTalosconfig(cluster.generated.talosconfig);
      const curve = await new Promise<string | undefined>((resolve, reject) => {
        const socket = tls.connect({ host: address, port, ca: talosconfig.caPem, cert: talosconfig.crtPem, key: toOpenSslPrivateKeyPem(talosconfig.keyPem), ALPNProtocols: ['h2'] }, () => {
          resolve(socket.getPeerCertificate().asn1Curve);
          socket.destroy();
        });
        socket.on('error', reject);
      });
      expect(curve).toBe('prime256v1');
    } finally {
      await servers.close();
    }
  });
});

describe('saying why a node moved', () => {
  let blocker: net.Server;
  beforeAll(() => new Promise<void>((resolve) => (blocker = net.createServer().listen(50000, '127.0.80.2', () => resolve()))));
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('names the busy address, the reason and where the node listens instead, without grpc-js log lines', async () => {
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '));
    try {
      const servers = await startNodeApiServers(cluster, { baseAddress: '127.0.80.2', port: 50000, fallbackPorts: true, services });
      try {
        const moved = servers.endpoints.get('cp-1')!;
        // 127.0.0.1:50000 (its fallback port) may be taken by another test file: then that is said too.
        expect(servers.moves).toHaveLength(1);
        expect(servers.moves[0]).toMatch(new RegExp(`^cp-1: 127\\.0\\.80\\.2:50000 is in use by another process(, and 127\\.0\\.0\\.1:50000 is in use by another process)?; its Talos API listens on 127\\.0\\.0\\.1:${moved.port} instead$`));
      } finally {
        await servers.close();
      }
    } finally {
      console.error = original;
    }
    expect(logged.filter((line) => line.includes('No address added'))).toEqual([]);
  });

  it('without fallback, the error names the address and the reason', async () => {
    await expect(startNodeApiServers(cluster, { baseAddress: '127.0.80.2', port: 50000, services })).rejects.toThrow('127.0.80.2:50000 is in use by another process');
  });

  it('words the system error codes', () => {
    expect(bindFailureReason(new Error('No address added out of total 1 resolved errors: [Error: listen EADDRNOTAVAIL: address not available 127.0.0.9:50000]'))).toMatch(/does not exist on this machine/);
    expect(bindFailureReason(new Error('listen EACCES: permission denied'))).toBe('may not be bound by this user');
  });

  it('one line when none of the extra addresses exists', () => {
    const why = { wanted: '127.0.0.2:50000', reason: 'does not exist on this machine (only 127.0.0.1 may be configured)' };
    const lines = describeMoves(new Map([
      ['cp-1', { address: '127.0.0.1', port: 50000, moved: why }],
      ['worker-1', { address: '127.0.0.1', port: 50001, moved: { ...why, wanted: '127.0.0.3:50000' } }],
    ]));
    expect(lines).toEqual(['the loopback addresses from 127.0.0.2:50000 on do not exist on this machine (only 127.0.0.1 may be configured); the Talos APIs listen on 127.0.0.1 with a port per node instead: cp-1 on 127.0.0.1:50000, worker-1 on 127.0.0.1:50001']);
  });
});
