// The cluster's KMS server served for real: `sidero.kms.KMSService` (proto/kms/kms.proto, wire
// compatible with siderolabs/kms-client) over plaintext gRPC on a loopback address, answering with
// the same model the simulated nodes seal and unseal with (sim/cluster/kms-server.ts), so a key
// sealed by a real client for a node UUID unseals for the same UUID in the simulation and back.
// While the model's server is down (`kms-down`), the listener is closed and connections are
// refused, as the nodes see it; it is bound again on the same port when the fault heals.
// Its nonces and the random bytes of a failed Unseal come from node:crypto, not the seeded
// streams, so real calls never shift the simulation's draws.
// Leaves out: TLS (Talos dials `grpc://` endpoints in plaintext), the test server's 1 s delay.
import { randomBytes } from 'node:crypto';
import { Server, ServerCredentials, status as grpcCode, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { serviceDefinition } from '../../proto/load.ts';
import { bindServer } from '../../nodes/api/node-listener.ts';
import type { Request__Output } from '../../proto/gen/sidero/kms/Request.ts';
import type { Response } from '../../proto/gen/sidero/kms/Response.ts';
import { KMS_PASSPHRASE_BYTES, type KmsResult, type KmsServer } from '../cluster/kms-server.ts';

export const KMS_SERVICE_NAME = 'sidero.kms.KMSService';
const NONCE_BYTES = 12;

export interface KmsEdge {
  /** Where real clients reach it: `127.0.0.1:<port>`. */
  readonly address: string;
  readonly port: number;
  /** Whether the listener is open right now (closed while the server is down). */
  readonly serving: boolean;
  close(): Promise<void>;
}

function answer(result: KmsResult, callback: sendUnaryData<Response>): void {
  if ('data' in result) callback(null, { data: result.data });
  else callback({ code: grpcCode.INVALID_ARGUMENT, details: result.message, message: result.message });
}

function handlers(model: KmsServer) {
  return {
    Seal: (call: ServerUnaryCall<Request__Output, Response>, callback: sendUnaryData<Response>) =>
      answer(model.seal({ nodeUuid: call.request.node_uuid, data: call.request.data }, randomBytes(NONCE_BYTES)), callback),
    Unseal: (call: ServerUnaryCall<Request__Output, Response>, callback: sendUnaryData<Response>) =>
      answer(model.unseal({ nodeUuid: call.request.node_uuid, data: call.request.data }, () => randomBytes(KMS_PASSPHRASE_BYTES)), callback),
  };
}

/** Serves `model` on `address` (its own port when free, else any), following its running flag. */
export async function startKmsEdge(model: KmsServer, address = '127.0.0.1'): Promise<KmsEdge> {
  let server: Server | undefined;
  let port = 0;
  let closed = false;
  // Binds and closes run one after another, in the order the model changed.
  let settled: Promise<void> = Promise.resolve();
  const open = async (wanted: number[]) => {
    const next = new Server();
    next.addService(serviceDefinition(KMS_SERVICE_NAME), handlers(model));
    for (const candidate of wanted) {
      try {
        port = await bindServer(next, address, candidate, ServerCredentials.createInsecure());
        server = next;
        return;
      } catch (error) {
        if (candidate === wanted[wanted.length - 1]) throw error;
      }
    }
  };
  const shut = () => {
    server?.forceShutdown();
    server = undefined;
  };
  const follow = () => {
    settled = settled.then(async () => {
      if (closed) return;
      if (model.running && server === undefined) await open([port]).catch(() => undefined);
      else if (!model.running && server !== undefined) shut();
    });
  };
  if (model.running) await open([model.port, 0]);
  else {
    await open([model.port, 0]);
    shut();
  }
  const stop = model.onChange(follow);
  return {
    address: `${address}:${port}`,
    get port() {
      return port;
    },
    get serving() {
      return server !== undefined;
    },
    async close() {
      closed = true;
      stop();
      await settled;
      shut();
    },
  };
}
