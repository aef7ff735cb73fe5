// The Version latency load of the api-version rows: CLIENTS callers, each making CALLS Version
// calls over mutual TLS on the targets in turn (caller c's call k goes to target (c + k*CLIENTS)
// mod n), every target warmed with one call first (its TLS handshake is not timed). Used in the
// bench process itself and, as `version-load-client.ts`, from a separate client process, as real
// talosctl is one.
import * as grpc from '@grpc/grpc-js';
import { serviceDefinition } from '../../proto/load.ts';

/** PEM texts of a talosconfig context (the key in OpenSSL's PKCS#8 form, as grpc-js takes it). */
export interface ClientPems {
  caPem: string;
  keyPem: string;
  crtPem: string;
}

export function versionClient(address: string, pems: ClientPems): grpc.Client {
  const credentials = grpc.credentials.createSsl(Buffer.from(pems.caPem), Buffer.from(pems.keyPem), Buffer.from(pems.crtPem));
  const Client = grpc.makeGenericClientConstructor(serviceDefinition('machine.MachineService'), 'machine.MachineService');
  return new Client(address, credentials);
}

export function version(target: grpc.Client): Promise<void> {
  return versionReply(target).then(() => undefined);
}

/** One Version call's decoded reply. */
export function versionReply(target: grpc.Client): Promise<unknown> {
  return new Promise((resolve, reject) =>
    (target as unknown as { Version: (request: object, callback: (error: Error | null, reply?: unknown) => void) => void }).Version({}, (error, reply) => (error ? reject(error) : resolve(reply))),
  );
}

/** Call times in ms (in completion order) of `clients` callers x `calls` calls round-robin over `targets`. */
export async function versionLatencies(targets: grpc.Client[], clients: number, calls: number): Promise<number[]> {
  for (const target of targets) await version(target);
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, caller) => {
      for (let call = 0; call < calls; call++) {
        const started = performance.now();
        await version(targets[(caller + call * clients) % targets.length]!);
        times.push(performance.now() - started);
      }
    }),
  );
  return times;
}

export interface Latency {
  /** Mean call time: with `clients` calls always in flight, clients / mean is the rate served (Little's law). */
  mean: number;
  p50: number;
  p99: number;
  max: number;
  calls: number;
}

export function latencyOf(times: number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
  const mean = sorted.reduce((sum, time) => sum + time, 0) / Math.max(1, sorted.length);
  return { mean, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]!, calls: sorted.length };
}
