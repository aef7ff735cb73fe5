// `talsim up --scenario` with `cluster.kms`: the KMS server the simulated nodes seal their volume
// keys with is also served over real gRPC on loopback (announced in the banner), and a worker's
// KMS-encrypted user volume is ready as `talosctl get volumestatus` reads it through the API.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as grpc from '@grpc/grpc-js';
import { serviceDefinition } from '../../proto/load.ts';
import { BANNER_END, startTalsimUp } from './talsim-process.ts';
import { liveClient, readNodesJson } from './live-client.ts';

const SCENARIO = `name: up-kms
seed: 5
cluster:
  kms: true
  nodes:
    - { name: cp-1, role: controlplane }
    - name: worker-1
      role: worker
      hardware: bare-metal
      patches:
        - |
          apiVersion: v1alpha1
          kind: UserVolumeConfig
          name: data
          provisioning:
            diskSelector:
              match: disk.rotational
            maxSize: 10GiB
          encryption:
            provider: luks2
            keys:
              - slot: 0
                kms:
                  endpoint: grpc://10.5.0.254:4050
steps:
  - at: 0s
    wait-until: { node: cp-1, service: { id: etcd, state: Preparing }, timeout: 5m }
  - at: 0s
    bootstrap: { node: cp-1 }
  - at: 0s
    name: volume-ready
    wait-until: { node: worker-1, resource: { type: volumestatus, id: u-data, field: phase, equals: ready }, timeout: 8m }
`;

interface GetReply {
  resource: { spec: { yaml_spec: string } };
}

function kmsCall(address: string, method: 'Seal' | 'Unseal', request: { node_uuid: string; data: Buffer }): Promise<Buffer> {
  const Client = grpc.makeGenericClientConstructor(serviceDefinition('sidero.kms.KMSService'), 'KMSService');
  const client = new Client(address, grpc.credentials.createInsecure()) as unknown as Record<string, (request: unknown, options: { deadline: number }, callback: (error: grpc.ServiceError | null, reply: { data: Buffer }) => void) => void>;
  return new Promise((resolve, reject) => {
    client[method]!(request, { deadline: Date.now() + 10_000 }, (error, reply) => {
      (client as unknown as grpc.Client).close();
      if (error) reject(error);
      else resolve(reply.data);
    });
  });
}

describe('talsim up with a KMS server', () => {
  it('serves the KMS for real and the worker\'s KMS-encrypted volume is ready', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-kms-'));
    const file = join(dir, 'up-kms.yaml');
    writeFileSync(file, SCENARIO);
    const up = startTalsimUp(['--base-address', '127.0.25.2', '--scenario', file, '--until', 'volume-ready']);
    try {
      await up.waitForLine(BANNER_END, 35_000);
      const served = /KMS server 10\.5\.0\.254:4050 \(kms keys: endpoint grpc:\/\/10\.5\.0\.254:4050\) served as sidero\.kms\.KMSService on (127\.0\.0\.1:\d+)/.exec(up.stdout());
      expect(served, up.stdout()).not.toBeNull();
      const passphrase = Buffer.alloc(32, 1);
      const sealed = await kmsCall(served![1]!, 'Seal', { node_uuid: 'my-node', data: passphrase });
      expect(await kmsCall(served![1]!, 'Unseal', { node_uuid: 'my-node', data: sealed })).toEqual(passphrase);
      const worker = readNodesJson(up.stateDir).nodes.find((node) => node.name === 'worker-1')!;
      const client = liveClient(up.stateDir, worker, 'cosi.resource.State');
      const status = await client.unary<GetReply>('Get', { namespace: 'runtime', type: 'VolumeStatuses.block.talos.dev', id: 'u-data' });
      client.close();
      expect(parse(status.resource.spec.yaml_spec)).toMatchObject({ phase: 'ready', encryptionProvider: 'luks2', configuredEncryptionKeys: ['kms'] });
      expect(await up.stop('SIGINT')).toBe(0);
    } finally {
      await up.stop('SIGKILL');
    }
  }, 60_000);
});
