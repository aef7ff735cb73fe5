// talosctl's everyday read and maintenance commands, one test each, replayed as talosctl v1.13.9
// makes them (cmd/talosctl/cmd/talos/<command>.go and pkg/machinery/client/client.go): every
// WithClient command sends `nodes` metadata through the endpoint (apid answers with one message
// per node carrying metadata.hostname and metadata.error, which talosctl prints as an error), and
// its output is checked against the model it is printed from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { X509Certificate } from 'node:crypto';
import { collect, startTestCluster, unary, type TestCluster } from '../api/harness.ts';

let env: TestCluster;
const addressOf = (name: string) => env.node(name).primaryAddress()!;
const machine = () => env.client('machine.MachineService', 'cp-1');
const call = (method: string, node: string, request: unknown = {}) => unary(machine(), method, request, { nodes: [addressOf(node)] });
const stream = (method: string, node: string, request: unknown = {}, until?: (messages: any[]) => boolean): Promise<{ messages: any[]; error?: any }> => collect(machine(), method, request, { nodes: [addressOf(node)], until });
const text = (messages: Array<{ bytes?: Buffer }>) => Buffer.concat(messages.map((message) => message.bytes ?? Buffer.alloc(0))).toString();
/** talosctl fails a node's answer that carries metadata.error. */
const ok = (message: { metadata?: { error?: string; hostname?: string } }, node: string) => {
  expect(message.metadata?.error ?? '').toBe('');
  expect(message.metadata?.hostname).toBe(addressOf(node));
};

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1 });
});
afterAll(() => env.close());

describe('talosctl everyday commands', () => {
  it('version (version.go): MachineService/Version, tag and the node\'s platform', async () => {
    const [reply] = (await call('Version', 'worker-1')).messages;
    ok(reply, 'worker-1');
    expect(reply.version.tag).toBe(env.node('worker-1').talosVersion);
    expect(reply.version.arch).toBe(env.node('worker-1').hardware.arch);
  });

  it('services and service <id> restart (services.go): ServiceList, then ServiceRestart', async () => {
    const [list] = (await call('ServiceList', 'cp-1')).messages;
    ok(list, 'cp-1');
    const kubelet = list.services.find((service: any) => service.id === 'kubelet');
    expect(kubelet).toMatchObject({ state: 'Running', health: { healthy: true } });
    expect(kubelet.events.events.length).toBeGreaterThan(0);
    const [restart] = (await call('ServiceRestart', 'worker-1', { id: 'kubelet' })).messages;
    ok(restart, 'worker-1');
    expect(restart.resp).toBe('Service "kubelet" restarted');
  });

  it('logs <svc> [--tail N] (logs.go): Logs in the system namespace, lines as the node keeps them', async () => {
    const { messages, error } = await stream('Logs', 'cp-1', { namespace: 'system', driver: 'CONTAINERD', id: 'etcd', follow: false, tail_lines: 5 });
    expect(error).toBeUndefined();
    const expected = env.node('cp-1').logs.lines('etcd').slice(-5).map((line) => `${line.text}\n`).join('');
    expect(text(messages)).toBe(expected);
  });

  it('logs machined -f (logs.go): follow with tail -1 sends what is kept, then each new line as it is written', async () => {
    const kept = env.node('worker-1').logs.lines('machined').length;
    expect(kept).toBeGreaterThan(0);
    const seen: string[] = [];
    const following = stream('Logs', 'worker-1', { namespace: 'system', driver: 'CONTAINERD', id: 'machined', follow: true, tail_lines: -1 }, (received) => {
      seen.splice(0, seen.length, ...text(received).split('\n').filter(Boolean));
      return seen.length > kept + 2;
    });
    const [restart] = (await call('ServiceRestart', 'worker-1', { id: 'kubelet' })).messages;
    ok(restart, 'worker-1');
    const { error } = await env.drive.settle(following, { stepMs: 250, maxVirtualMs: 5 * 60_000 });
    expect(error).toBeUndefined();
    // The restart's service lines (`service[kubelet](Stopping)`...) arrived on the open stream, in order.
    const lines = env.node('worker-1').logs.lines('machined').map((line) => line.text);
    expect(seen).toEqual(lines.slice(0, seen.length));
    expect(seen.slice(kept).some((line) => line.includes('service[kubelet]'))).toBe(true);
  });

  it('dmesg [-f] (dmesg.go): Dmesg; -f keeps the stream open after the ring buffer', async () => {
    const { messages, error } = await stream('Dmesg', 'worker-1', { follow: false, tail: false });
    expect(error).toBeUndefined();
    expect(text(messages)).toMatch(/Linux version/);
    const followed = await stream('Dmesg', 'worker-1', { follow: true, tail: false }, (received) => received.length >= 3);
    expect(followed.messages.length).toBe(3);
  });

  it('events --tail 3 (events.go): the empty first event, then the last three of this boot', async () => {
    const { messages } = await stream('Events', 'cp-1', { tail_events: 3, with_actor_id: '' }, (received) => received.length >= 4);
    expect(messages[0].data.type_url).toBe('');
    expect(messages.slice(1).every((message: any) => message.data.type_url.startsWith('talos/runtime/machine.'))).toBe(true);
  });

  it('memory, processes, mounts (memory.go, processes.go, mounts.go)', async () => {
    const [memory] = (await call('Memory', 'worker-1')).messages;
    ok(memory, 'worker-1');
    expect(Number(memory.meminfo.memtotal) * 1024).toBeLessThanOrEqual(env.node('worker-1').hardware.memoryBytes);
    const [processes] = (await call('Processes', 'cp-1')).messages;
    expect(processes.processes.map((process: any) => process.command)).toEqual(expect.arrayContaining(['init', 'apid', 'etcd', 'kubelet']));
    const [mounts] = (await call('Mounts', 'worker-1')).messages;
    ok(mounts, 'worker-1');
    expect(mounts.stats.map((stat: any) => stat.mounted_on)).toEqual(expect.arrayContaining(['/var']));
  });

  it('time (time.go): TimeService/Time, the node\'s clock against its server', async () => {
    const time = env.client('time.TimeService', 'cp-1');
    const [reply] = (await unary(time, 'Time', {}, { nodes: [addressOf('worker-1')] })).messages;
    ok(reply, 'worker-1');
    expect(reply.server).toBeTruthy();
    expect(reply.localtime).toBeTruthy();
  });

  it('read and ls (read.go, list.go): Read of a file, List of a directory', async () => {
    const read = await stream('Read', 'cp-1', { path: '/proc/sys/kernel/hostname' });
    expect(read.error).toBeUndefined();
    expect(text(read.messages).trim()).toBe(env.node('cp-1').hostname());
    const listed = await stream('List', 'cp-1', { root: '/etc', recurse: false, recursion_depth: 0, types: [], report_xattrs: false });
    expect(listed.error).toBeUndefined();
    expect(listed.messages.map((entry: any) => entry.relative_name)).toContain('hosts');
  });

  it('kubeconfig (kubeconfig.go): a tar.gz holding `kubeconfig` pointing at the cluster endpoint', async () => {
    const { messages, error } = await stream('Kubeconfig', 'cp-1');
    expect(error).toBeUndefined();
    const archive = gunzipSync(Buffer.concat(messages.map((message: any) => message.bytes)));
    expect(archive.toString('ascii', 0, 10)).toBe('kubeconfig');
    expect(parseInt(archive.toString('ascii', 100, 107), 8)).toBe(0o600);
    expect(archive.toString()).toMatch(/server: https:\/\//);
  });

  it('bootstrap (bootstrap.go): refused on a bootstrapped control plane and on a worker, with Talos\'s texts', async () => {
    const [again] = (await call('Bootstrap', 'cp-1')).messages;
    expect(again.metadata.error).toBe('rpc error: code = AlreadyExists desc = etcd data directory is not empty');
    const [worker] = (await call('Bootstrap', 'worker-1')).messages;
    expect(worker.metadata.error).toBe('rpc error: code = Unimplemented desc = bootstrap is only available on control plane nodes');
  });

  it('config new (config.go): GenerateClientConfiguration issues a talosconfig for the asked roles', async () => {
    const [reply] = (await call('GenerateClientConfiguration', 'cp-1', { roles: ['os:reader'], crt_ttl: { seconds: '3600', nanos: 0 } })).messages;
    ok(reply, 'cp-1');
    const certificate = new X509Certificate(reply.crt);
    expect(certificate.subject).toContain('O=os:reader');
    expect(reply.talosconfig.toString()).toMatch(/roles|context/);
  });

  it('health (health.go, server side): ClusterService/HealthCheck streams every check to OK', async () => {
    const health = env.client('cluster.ClusterService', 'cp-1');
    const { messages, error } = await collect(health, 'HealthCheck', { wait_timeout: { seconds: 300 }, cluster_info: { control_plane_nodes: [addressOf('cp-1')], worker_nodes: [addressOf('worker-1')], force_endpoint: '' } }, { node: addressOf('cp-1') });
    expect(error).toBeUndefined();
    const lines = messages.map((message: { message: string }) => message.message);
    expect(lines.filter((line) => line.endsWith(': OK')).length).toBeGreaterThan(5);
    expect(lines.some((line) => /FAIL|error/i.test(line))).toBe(false);
  });
});
