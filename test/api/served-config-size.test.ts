// Accepted size = servable size (issue 11 item 4): a 20 MB config used to be applied and then
// could not be read back (`Sent message larger than max (41948853 vs. 33554432)`: a MachineConfig
// resource carries its config twice). ApplyConfiguration now refuses a config whose resource
// would not fit Talos's 32 MiB message cap, with ResourceExhausted and a message of sizes only,
// and leaves the node as it was; a config whose resource just fits is applied and read back
// whole by a client reading up to 32 MiB, as talosctl does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as grpc from '@grpc/grpc-js';
import { startTestCluster, unary, type TestCluster } from './harness.ts';
import { cosiStateService } from '../../nodes/api/cosi-state-service.ts';
import { GRPC_MAX_MESSAGE_BYTES, wireMachineConfigBytes } from '../../nodes/api/served-config-size.ts';
import { servedMachineConfigBytes } from '../../nodes/served-config-size.ts';
import { servedConfigMetadata } from '../../nodes/node-commands.ts';
import { decodeMessage } from '../../proto/load.ts';
import type { GetResponse__Output } from '../../proto/gen/cosi/resource/GetResponse.ts';

const COMMENT = '# padding that makes the config bigger, as in Talos big payload test, all the way to the end\n';

function padded(base: string, totalBytes: number): string {
  // Room for the closing newline: a base whose length left no remainder gave totalBytes + 1.
  const text = base + COMMENT.repeat(Math.floor((totalBytes - base.length - 1) / COMMENT.length));
  return text + '#'.repeat(Math.max(0, totalBytes - text.length - 1)) + '\n';
}

describe('a config too large to be read back', () => {
  let env: TestCluster;
  beforeAll(async () => {
    env = await startTestCluster({ controlPlanes: 1, workers: 1, seed: 'served-size', services: [cosiStateService] });
  }, 120_000);
  afterAll(async () => env?.close());

  /** A call while virtual time follows the wall clock (a large config is decoded off the event loop meanwhile). */
  const paced = async <T>(call: Promise<T>): Promise<T> => {
    env.drive.startPacer(1);
    try {
      return await call;
    } finally {
      env.drive.stopPacer();
    }
  };
  const apply = (text: string) => paced(unary(env.client('machine.MachineService', 'worker-1'), 'ApplyConfiguration', { data: Buffer.from(text), mode: 'NO_REBOOT' }, { deadlineMs: 300_000 }));

  it('the node reckons the size the API edge really sends (plus room for its version and times to grow)', () => {
    const worker = env.node('worker-1');
    const base = worker.config!.text;
    const texts = [
      base,
      padded(base, 3 * 1024 * 1024),
      `${JSON.stringify({ version: 'v1alpha1', machine: { type: 'worker', nodeLabels: { note: 'é"\\\t'.repeat(200_000) } } })}`,
      ` ${base}\n\n`,
      `${base}# ünïcödé ✓ 漢字\n`.repeat(40),
    ];
    for (const text of texts) expect(servedMachineConfigBytes(text, servedConfigMetadata(worker))).toBe(wireMachineConfigBytes(worker, text) + 64);
  });

  it('a 20 MB config is refused with ResourceExhausted and a bounded message; the node keeps its config', async () => {
    const worker = env.node('worker-1');
    const before = worker.config!.text;
    const text = padded(before, 20 * 1024 * 1024);
    const error = (await apply(text).catch((caught) => caught)) as grpc.ServiceError;
    expect(error.code).toBe(8); // RESOURCE_EXHAUSTED
    expect(error.details).toMatch(/^configuration of 20971520 bytes is too large to be read back: its MachineConfig resource would be \d+ bytes, over the 33554432-byte gRPC message limit/);
    expect(error.details.length).toBeLessThan(300);
    expect(worker.config!.text).toBe(before);
  }, 300_000);

  it('the largest config whose resource fits is applied and read back whole; one line more is refused', async () => {
    const worker = env.node('worker-1');
    const base = worker.config!.text;
    // The served size grows by the same number of bytes per padding line (about two per byte of
    // config: it is carried twice) while the length prefixes keep their width: measure that step
    // once and go straight to the most padding lines whose MachineConfig resource still fits the
    // cap (each measure encodes ~32 MB; a bisection took ~18 of them). The fit is checked below.
    const withLines = (count: number) => base + COMMENT.repeat(count);
    const served = (count: number) => servedMachineConfigBytes(withLines(count), servedConfigMetadata(worker));
    const start = Math.floor(GRPC_MAX_MESSAGE_BYTES / 3 / COMMENT.length);
    const [atStart, next] = [served(start), served(start + 1)];
    const step = next - atStart;
    expect(step).toBeGreaterThanOrEqual(2 * COMMENT.length);
    const low = start + Math.floor((GRPC_MAX_MESSAGE_BYTES - atStart) / step);
    const high = low + 1;
    expect([served(low) <= GRPC_MAX_MESSAGE_BYTES, served(high) <= GRPC_MAX_MESSAGE_BYTES]).toEqual([true, false]);
    const fits = withLines(low);
    const tooLarge = withLines(high);

    const refused = (await apply(tooLarge).catch((caught) => caught)) as grpc.ServiceError;
    expect(refused.code).toBe(8);
    expect(worker.config!.text).toBe(base);

    const reply = await apply(fits);
    expect(reply.messages[0].mode).toBe('NO_REBOOT');
    expect(worker.config!.text).toBe(fits);
    const state = env.client('cosi.resource.State', 'worker-1', { maxReceiveMessageBytes: GRPC_MAX_MESSAGE_BYTES });
    const got = await paced(unary<GetResponse__Output>(state, 'Get', { namespace: 'config', type: 'MachineConfigs.config.talos.dev', id: 'v1alpha1' }, { deadlineMs: 300_000 }));
    const spec = decodeMessage<{ yaml_marshalled: Buffer }>('resource.config.MachineConfigSpec', got.resource!.spec!.proto_spec);
    expect(Buffer.from(spec.yaml_marshalled).toString('utf8')).toBe(fits);
    expect(got.resource!.spec!.yaml_spec.length).toBeGreaterThan(fits.length);
  }, 600_000);
});
