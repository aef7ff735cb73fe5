// talosctl containers [-k], stats [-k], netstat and the dashboard's CPUFreqStats, replayed as
// talosctl v1.13.9 makes them (cmd/talosctl/cmd/talos/{containers,stats,netstat}.go,
// internal/pkg/dashboard/apidata/source.go): `nodes` metadata through the endpoint; -k picks
// namespace k8s.io with the CRI driver, else namespace system with the containerd driver; netstat
// sends filter CONNECTED (default) / LISTENING (-l) / ALL (-a), tcp+tcp6+udp+udp6 when no protocol
// flag is set, and hostnetwork. Each answer is checked against the node model it comes from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, unary, type TestCluster } from '../api/harness.ts';

let env: TestCluster;
const addressOf = (name: string) => env.node(name).primaryAddress()!;
const call = (method: string, node: string, request: unknown = {}) => unary(env.client('machine.MachineService', 'cp-1'), method, request, { nodes: [addressOf(node)] });
const DEFAULT_L4 = { tcp: true, tcp6: true, udp: true, udp6: true };
const netstatRequest = (filter: string, pid = false) => ({ filter, feature: { pid }, l4proto: DEFAULT_L4, netns: { hostnetwork: true, allnetns: false } });

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 3, workers: 1 });
});
afterAll(() => env.close());

describe('talosctl containers / stats', () => {
  it('lists the system namespace: apid, etcd, kubelet, trustd on a control plane; no etcd or trustd on a worker; PIDs match processes', async () => {
    const reply = await call('Containers', 'cp-1', { namespace: 'system', driver: 'CONTAINERD' });
    const containers = reply.messages[0].containers;
    expect(reply.messages[0].metadata.hostname).toBe(addressOf('cp-1'));
    expect(containers.map((c: any) => c.id).sort()).toEqual(['apid', 'etcd', 'kubelet', 'trustd']);
    for (const container of containers) expect(container).toMatchObject({ namespace: 'system', status: 'RUNNING', pod_id: container.id });
    expect(containers.find((c: any) => c.id === 'etcd').image).toMatch(/etcd:v3\.6/);
    const processes = (await call('Processes', 'cp-1')).messages[0].processes;
    const etcdPid = processes.find((p: any) => p.command === 'etcd').pid;
    expect(containers.find((c: any) => c.id === 'etcd').pid).toBe(etcdPid);
    const worker = (await call('Containers', 'worker-1', { namespace: 'system', driver: 'CONTAINERD' })).messages[0].containers;
    expect(worker.map((c: any) => c.id).sort()).toEqual(['apid', 'kubelet']);
  });

  it('-k lists each static pod as a ready sandbox and its running container, with the configured image', async () => {
    const containers = (await call('Containers', 'cp-2', { namespace: 'k8s.io', driver: 'CRI' })).messages[0].containers;
    const hostname = env.node('cp-2').hostname();
    const sandbox = containers.find((c: any) => c.id === `kube-system/kube-apiserver-${hostname}`);
    expect(sandbox).toMatchObject({ status: 'SANDBOX_READY', pod_id: sandbox.id, image: 'registry.k8s.io/pause:3.10' });
    const apiserver = containers.find((c: any) => c.name === 'kube-apiserver' && c.id !== sandbox.id);
    expect(apiserver.id).toMatch(new RegExp(`^kube-system/kube-apiserver-${hostname}:kube-apiserver:[0-9a-f]{12}$`));
    expect(apiserver).toMatchObject({ status: 'CONTAINER_RUNNING', pod_id: sandbox.id, image: env.node('cp-2').spec()!.apiServerImage });
    expect(apiserver.image).toMatch(/^registry\.k8s\.io\/kube-apiserver:v1\.\d+\.\d+$/);
    expect(containers).toHaveLength(6);
    expect((await call('Containers', 'worker-1', { namespace: 'k8s.io', driver: 'CRI' })).messages[0].containers).toEqual([]);
  });

  it('stats carry CPU time and memory that grow with uptime; sandboxes read zero', async () => {
    const first = (await call('Stats', 'cp-1', { namespace: 'system', driver: 'CONTAINERD' })).messages[0].stats;
    const etcdBefore = first.find((s: any) => s.id === 'etcd');
    expect(Number(etcdBefore.memory_usage)).toBeGreaterThan(0);
    await env.drive.advance(60_000);
    const later = (await call('Stats', 'cp-1', { namespace: 'system', driver: 'CONTAINERD' })).messages[0].stats;
    expect(Number(later.find((s: any) => s.id === 'etcd').cpu_usage)).toBeGreaterThan(Number(etcdBefore.cpu_usage));
    const pods = (await call('Stats', 'cp-1', { namespace: 'k8s.io', driver: 'CRI' })).messages[0].stats;
    const hostname = env.node('cp-1').hostname();
    expect(pods.find((s: any) => s.id === `kube-system/kube-scheduler-${hostname}`)).toMatchObject({ cpu_usage: '0', memory_usage: '0' });
  });

  it('refuses what machined refuses: an empty namespace, CRI outside k8s.io', async () => {
    // apid's fan-out (`nodes` metadata) reports a node's error in that node's metadata.
    const empty = await call('Containers', 'cp-1', { namespace: '', driver: 'CONTAINERD' });
    expect(empty.messages[0].metadata.error).toBe("rpc error: code = InvalidArgument desc = namespace can't be empty");
    const cri = await call('Stats', 'cp-1', { namespace: 'system', driver: 'CRI' });
    expect(cri.messages[0].metadata.error).toBe('rpc error: code = Unknown desc = CRI inspector is supported only for K8s namespace');
  });
});

describe('talosctl netstat', () => {
  it('-l lists the listening sockets of what runs: apid, trustd, etcd and kube-apiserver on a control plane only', async () => {
    const records = (await call('Netstat', 'cp-1', netstatRequest('LISTENING', true))).messages[0].connectrecord;
    const ports = records.map((r: any) => `${r.l4proto} ${r.localip}:${r.localport} ${r.process.name}`);
    expect(ports).toEqual(expect.arrayContaining(['tcp6 :::50000 apid', 'tcp6 :::50001 trustd', 'tcp 0.0.0.0:2379 etcd', `tcp ${addressOf('cp-1')}:2380 etcd`, 'tcp6 :::6443 kube-apiserver', 'udp 127.0.0.53:53 machined']));
    for (const record of records) expect(record.remoteport).toBe(0);
    const worker = (await call('Netstat', 'worker-1', netstatRequest('LISTENING'))).messages[0].connectrecord.map((r: any) => r.localport);
    expect(worker).not.toContain(2379);
    expect(worker).toContain(10250);
  });

  it('connected sockets follow the model: etcd peers of cp-1 disappear when a peer partitions away', async () => {
    const peers = async () =>
      (await call('Netstat', 'cp-1', netstatRequest('CONNECTED'))).messages[0].connectrecord.filter((r: any) => r.remoteport === 2380).map((r: any) => r.remoteip);
    expect(new Set(await peers())).toEqual(new Set([addressOf('cp-2'), addressOf('cp-3')]));
    const etcdOf3 = env.cluster.world.etcd.members.get('cp-3')!;
    etcdOf3.running = false;
    try {
      expect(new Set(await peers())).toEqual(new Set([addressOf('cp-2')]));
    } finally {
      etcdOf3.running = true;
    }
    const filtered = (await call('Netstat', 'cp-1', { ...netstatRequest('ALL'), l4proto: { udp: true } })).messages[0].connectrecord;
    expect(filtered.every((r: any) => r.l4proto === 'udp')).toBe(true);
    const invalid = await call('Netstat', 'cp-1', { ...netstatRequest('ALL'), filter: 7 });
    expect(invalid.messages[0].metadata.error).toBe('rpc error: code = InvalidArgument desc = invalid filter: 7');
  });
});

describe('dashboard CPUFreqStats', () => {
  it('reports one entry per CPU of the hardware, in kHz within the processor range', async () => {
    const stats = (await call('CPUFreqStats', 'cp-1')).messages[0].cpu_freq_stats;
    expect(stats).toHaveLength(env.node('cp-1').hardware.cpus);
    for (const cpu of stats) {
      expect(Number(cpu.current_frequency)).toBeGreaterThanOrEqual(Number(cpu.minimum_frequency));
      expect(Number(cpu.current_frequency)).toBeLessThanOrEqual(Number(cpu.maximum_frequency));
      expect(cpu.governor).toBe('schedutil');
    }
  });
});
