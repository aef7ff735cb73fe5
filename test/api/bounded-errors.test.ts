// Error texts that carry the input (issue 11 item 4): a 1 MB or 20 MB label value, or thousands of
// invalid labels, used to make a status message as large as the input, which no client accepts in
// its trailers ("received metadata size exceeds limit"), so the caller lost the code. The quoted
// input is cut and every status message is bounded, so a real grpc-js client gets
// InvalidArgument with Talos's words, and the node is left exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { startTestCluster, unary, type TestCluster } from './harness.ts';
import { MAX_STATUS_DETAILS_BYTES, boundedDetails } from '../../nodes/api/grpc-status.ts';

let env: TestCluster;

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1, unconfigured: 1 });
});
afterAll(() => env.close());

const withLabels = (text: string, labels: string) => Buffer.from(text.replace(/^machine:\n/m, `machine:\n    nodeLabels:\n${labels}`));

async function refusal(node: string, data: Buffer): Promise<grpc.ServiceError> {
  const client = env.client('machine.MachineService', node, node.startsWith('new') ? { insecure: true } : {});
  try {
    await unary(client, 'ApplyConfiguration', { data, mode: 'AUTO' });
  } catch (error) {
    return error as grpc.ServiceError;
  } finally {
    client.close();
  }
  throw new Error('expected the apply to be refused');
}

describe('bounded error texts', () => {
  it('a 1 MB label value: InvalidArgument naming the label, the value cut short', async () => {
    const before = env.node('worker-1').config!.text;
    const error = await refusal('worker-1', withLabels(before, `        big: ${'a'.repeat(1024 * 1024)}\n`));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toMatch(/^configuration validation failed: 1 error occurred:\n/);
    expect(error.details).toContain(`label value length exceeds limit of 63: "${'a'.repeat(128)}"... (1048576 characters)`);
    expect(env.node('worker-1').config!.text).toBe(before);
  });

  it('20 MB of label value in maintenance mode, and 5,000 invalid labels: a status within the bound', async () => {
    const worker = env.cluster.generated.worker;
    const huge = await refusal('new-1', withLabels(worker, `        big: ${'b'.repeat(20 * 1024 * 1024)}\n`));
    expect(huge.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(Buffer.byteLength(huge.details)).toBeLessThanOrEqual(MAX_STATUS_DETAILS_BYTES);
    const many = Array.from({ length: 5_000 }, (_, index) => `        bad${index}: "-${index}-"\n`).join('');
    const error = await refusal('worker-1', withLabels(env.node('worker-1').config!.text, many));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toMatch(/^configuration validation failed: /);
    expect(error.details).toMatch(/more bytes not shown\)$/);
    expect(Buffer.byteLength(error.details)).toBeLessThanOrEqual(MAX_STATUS_DETAILS_BYTES);
  }, 60_000);

  it('cuts on a character boundary and leaves short texts alone', () => {
    expect(boundedDetails('short')).toBe('short');
    const cut = boundedDetails('é'.repeat(5_000));
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_STATUS_DETAILS_BYTES);
    expect(cut).not.toContain('\uFFFD');
  });
});
