// talsim's KMS server over real gRPC on loopback: requests and responses encoded by hand with
// kms-client's field numbers (Request: node_uuid = 1, data = 2; Response: data = 1) on the path
// `/sidero.kms.KMSService/<Method>`, so the check does not lean on our own .proto. A passphrase
// sealed over the wire unseals in the simulation's model for the same node UUID and the other way
// round; another UUID gets random bytes; a wrong length is InvalidArgument; `kms-down` closes
// the listener (connection refused) and healing it opens it again on the same port.
import { afterEach, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { KmsServer } from '../../sim/cluster/kms-server.ts';
import { RandomTree } from '../../sim/kernel/random-tree.ts';
import { startKmsEdge, type KmsEdge } from '../../sim/live/kms-edge.ts';

/** A protobuf length-delimited field: tag (field << 3 | 2), varint length, bytes. */
function field(number: number, bytes: Buffer): Buffer {
  const length: number[] = [];
  let rest = bytes.length;
  do {
    length.push((rest & 0x7f) | (rest > 0x7f ? 0x80 : 0));
    rest >>>= 7;
  } while (rest > 0);
  return Buffer.concat([Buffer.from([(number << 3) | 2, ...length]), bytes]);
}

const encodeRequest = (request: { nodeUuid: string; data: Buffer }) => Buffer.concat([field(1, Buffer.from(request.nodeUuid)), field(2, request.data)]);

/** Response { bytes data = 1 }: the one field, or empty. */
function decodeResponse(bytes: Buffer): Buffer {
  if (bytes.length === 0) return Buffer.alloc(0);
  expect(bytes[0]).toBe(0x0a);
  let length = 0;
  let shift = 0;
  let index = 1;
  for (;;) {
    const byte = bytes[index++]!;
    length |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
    shift += 7;
  }
  return bytes.subarray(index, index + length);
}

function call(address: string, method: 'Seal' | 'Unseal', request: { nodeUuid: string; data: Buffer }): Promise<Buffer> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise<Buffer>((resolve, reject) => {
    client.makeUnaryRequest(`/sidero.kms.KMSService/${method}`, (value: typeof request) => encodeRequest(value), (bytes: Buffer) => bytes, request, { deadline: Date.now() + 10_000 }, (error, reply) => {
      client.close();
      if (error) reject(error);
      else resolve(decodeResponse(reply!));
    });
  });
}

describe('the KMS server over real gRPC', () => {
  let edge: KmsEdge | undefined;
  afterEach(async () => {
    await edge?.close();
    edge = undefined;
  });

  const model = () => new KmsServer('10.5.0.254:4050', new RandomTree('kms-edge').stream('kms'));

  it('seals and unseals per node UUID, interchangeably with the simulation\'s model', async () => {
    const server = model();
    edge = await startKmsEdge(server);
    expect(edge.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const passphrase = Buffer.alloc(32, 0x5a);
    const sealed = await call(edge.address, 'Seal', { nodeUuid: 'node-a', data: passphrase });
    expect(sealed.length).toBe(60);
    expect(await call(edge.address, 'Unseal', { nodeUuid: 'node-a', data: sealed })).toEqual(passphrase);
    const other = await call(edge.address, 'Unseal', { nodeUuid: 'node-b', data: sealed });
    expect(other.length).toBe(32);
    expect(other.equals(passphrase)).toBe(false);
    // Sealed in the model (as a simulated node does), unsealed over the wire.
    const simulated = server.seal({ nodeUuid: 'node-a', data: passphrase });
    expect(await call(edge.address, 'Unseal', { nodeUuid: 'node-a', data: (simulated as { data: Buffer }).data })).toEqual(passphrase);
    expect(server.unseal({ nodeUuid: 'node-a', data: sealed })).toEqual({ data: passphrase });
  });

  it('refuses a wrong length with InvalidArgument "incorrect data length"', async () => {
    edge = await startKmsEdge(model());
    await expect(call(edge.address, 'Seal', { nodeUuid: 'n', data: Buffer.alloc(8) })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: 'incorrect data length' });
    await expect(call(edge.address, 'Unseal', { nodeUuid: 'n', data: Buffer.alloc(32) })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: 'incorrect data length' });
  });

  it('closes while the server is down and serves again on the same port once it is back', async () => {
    const server = model();
    edge = await startKmsEdge(server);
    const { address } = edge;
    server.setRunning(false);
    await expect.poll(() => edge!.serving).toBe(false);
    await expect(call(address, 'Seal', { nodeUuid: 'n', data: Buffer.alloc(32) })).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    server.setRunning(true);
    await expect.poll(() => edge!.serving).toBe(true);
    expect((await call(address, 'Seal', { nodeUuid: 'n', data: Buffer.alloc(32) })).length).toBe(60);
  });
});
