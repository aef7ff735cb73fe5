// Follow streams closed abruptly (issue 11 item 10): 5 rounds of 100 Events and Dmesg follow
// streams whose clients go away without a word (stream reset, channel closed mid-stream) leave no subscription
// behind on the node. The process's RSS over such rounds: bench/follow-stream-rss.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { startTestCluster, type TestCluster } from './harness.ts';

let env: TestCluster;

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1 });
});
afterAll(() => env.close());

/** Subscribers of the node's event bus and of its kernel log (private fields, read for the check). */
function subscriptions(name: string): number {
  const node = env.node(name) as unknown as { events: { listeners: Set<unknown> }; logs: { kmsg: { followers: Set<unknown> } } };
  return node.events.listeners.size + node.logs.kmsg.followers.size;
}

async function openAndDrop(count: number, baseline: number): Promise<void> {
  const clients: grpc.Client[] = [];
  const calls: grpc.ClientReadableStream<unknown>[] = [];
  for (let index = 0; index < count; index++) {
    const client = env.client('machine.MachineService', 'worker-1');
    clients.push(client);
    const method = index % 2 === 0 ? 'Events' : 'Dmesg';
    const request = method === 'Events' ? { tail_events: 1 } : { follow: true, tail: true };
    const stream = (client as unknown as Record<string, (request: unknown) => grpc.ClientReadableStream<unknown>>)[method]!(request);
    stream.on('error', () => undefined);
    calls.push(stream);
  }
  // Every stream has subscribed on the node (a Dmesg follow with tail sends nothing until a new
  // kernel line, as on Talos: waiting for its first message would wait for nothing).
  expect(await settled(() => subscriptions('worker-1') === baseline + count)).toBe(true);
  // Gone without a word: the stream is reset (RST_STREAM) and the channel closed.
  for (const call of calls) call.cancel();
  for (const client of clients) client.close();
}

async function settled(check: () => boolean, ms = 20_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe('follow streams', () => {
  it('release their subscriptions when the client goes away, round after round', async () => {
    const baseline = subscriptions('worker-1');
    for (let round = 0; round < 5; round++) {
      await openAndDrop(100, baseline);
      await settled(() => subscriptions('worker-1') === baseline);
      expect([round, subscriptions('worker-1')]).toEqual([round, baseline]);
    }
    expect(subscriptions('worker-1')).toBe(baseline);
  }, 120_000);
});
