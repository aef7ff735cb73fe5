// talosctl containers [-k], stats [-k], netstat and the dashboard's CPUFreqStats, replayed as
// talosctl v1.13.9 makes them (cmd/talosctl/cmd/talos/{containers,stats,netstat}.go,
// internal/pkg/dashboard/apidata/source.go): `nodes` metadata through the endpoint; -k picks
// namespace k8s.io with the CRI driver, else namespace system with the containerd driver; netstat
// sends filter CONNECTED (default) / LISTENING (-l) / ALL (-a), tcp+tcp6+udp+udp6 when no protocol
// flag is set, and hostnetwork. Each answer is checked against the node model it comes from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, unary, type TestCluster } from '../api/harness.ts';
import { allPods } from '../../sim/kube-api/pods.ts';

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
    // The three static pods, then kube-flannel and kube-proxy (and coredns where it was scheduled): a sandbox and a container each.
    expect(containers.filter((c: any) => c.id.includes(hostname))).toHaveLength(6);
    const worker = (await call('Containers', 'worker-1', { namespace: 'k8s.io', driver: 'CRI' })).messages[0].containers;
    expect(worker.some((c: any) => c.name.startsWith('kube-apiserver'))).toBe(false);
  });

  it('-k lists the kube-proxy, kube-flannel and coredns pods bound to the node, as kubectl get pods shows them, with the PIDs processes shows', async () => {
    const clock = { nowMs: () => env.kernel.now, epochWallMs: () => env.cluster.world.epochWallMs };
    const pods = allPods(env.cluster.world.kubernetes, clock) as unknown as Array<{ metadata: { name: string; uid: string }; spec: { nodeName?: string; hostNetwork?: boolean; containers: Array<{ name: string; image: string }> }; status: { containerStatuses?: Array<{ containerID: string }> } }>;
    const workloads = pods.filter((pod) => /^(kube-proxy|kube-flannel|coredns)-/.test(pod.metadata.name));
    expect(workloads.filter((pod) => pod.metadata.name.startsWith('coredns')).every((pod) => pod.spec.nodeName !== undefined)).toBe(true);
    for (const name of ['cp-1', 'cp-2', 'cp-3', 'worker-1']) {
      const hostname = env.node(name).hostname();
      const expected = workloads.filter((pod) => pod.spec.nodeName === hostname);
      expect(expected.length).toBeGreaterThanOrEqual(2);
      const containers = (await call('Containers', name, { namespace: 'k8s.io', driver: 'CRI' })).messages[0].containers;
      const processes = (await call('Processes', name)).messages[0].processes;
      const listed = containers.filter((c: any) => /^kube-system\/(kube-proxy|kube-flannel|coredns)-/.test(c.pod_id));
      expect(listed).toHaveLength(expected.length * 2);
      for (const pod of expected) {
        const podId = `kube-system/${pod.metadata.name}`;
        const sandbox = listed.find((c: any) => c.id === podId);
        const container = listed.find((c: any) => c.pod_id === podId && c.id !== podId);
        const containerId = pod.status.containerStatuses![0]!.containerID.replace('containerd://', '');
        expect(sandbox).toMatchObject({ status: 'SANDBOX_READY', image: 'registry.k8s.io/pause:3.10', uid: pod.metadata.uid });
        // Talos's CRI inspector names the sandbox's network namespace by its base name; containers carry none.
        if (pod.spec.hostNetwork === true) expect(sandbox.network_namespace).toBe('');
        else expect(sandbox.network_namespace).toMatch(/^cni-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(container.network_namespace).toBe('');
        expect(container).toMatchObject({ status: 'CONTAINER_RUNNING', name: pod.spec.containers[0]!.name, image: pod.spec.containers[0]!.image, internal_id: containerId, id: `${podId}:${pod.spec.containers[0]!.name}:${containerId.slice(0, 12)}` });
        const command = { 'kube-proxy': 'kube-proxy', 'kube-flannel': 'flanneld', coredns: 'coredns' }[pod.spec.containers[0]!.name]!;
        const process = processes.filter((p: any) => p.command === command);
        expect(process.map((p: any) => p.pid)).toContain(container.pid);
        expect(sandbox.pid).toBe(container.pid - 1);
      }
    }
    const stats = (await call('Stats', 'worker-1', { namespace: 'k8s.io', driver: 'CRI' })).messages[0].stats;
    expect(Number(stats.find((s: any) => s.name === 'kube-proxy').memory_usage)).toBeGreaterThan(0);
    // A node whose kubelet is stopped runs none of them.
    env.node('worker-1').services.stop('kubelet');
    await env.drive.advance(5_000);
    const stopped = (await call('Containers', 'worker-1', { namespace: 'k8s.io', driver: 'CRI' })).messages[0].containers;
    expect(stopped.filter((c: any) => /kube-proxy|kube-flannel/.test(c.pod_id))).toEqual([]);
    env.node('worker-1').services.start('kubelet');
    expect(await env.drive.runUntil(() => env.node('worker-1').services.state('kubelet') === 'Running', 5 * 60_000)).toBe(true);
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

describe('a static pod\'s sandbox uid is kubelet\'s config hash of its manifest', () => {
  const sandboxUid = async (name: string, pod: string) => {
    const containers = (await call('Containers', name, { namespace: 'k8s.io', driver: 'CRI' })).messages[0].containers;
    return containers.find((c: any) => c.id === `kube-system/${pod}-${env.node(name).hostname()}`).uid as string;
  };

  it('32 hex digits, the same on every read, different per node and pod, new when the manifest changes', async () => {
    const first = await sandboxUid('cp-1', 'kube-scheduler');
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(await sandboxUid('cp-1', 'kube-scheduler')).toBe(first);
    expect(await sandboxUid('cp-1', 'kube-apiserver')).not.toBe(first);
    expect(await sandboxUid('cp-2', 'kube-scheduler')).not.toBe(first);
    const node = env.node('cp-1');
    const manifest = node.resources.get('k8s', 'StaticPods.kubernetes.talos.dev', 'kube-scheduler')!;
    const pod = manifest.spec as { pod: { metadata: { annotations: Record<string, string> } } };
    node.resources.put('k8s', 'StaticPods.kubernetes.talos.dev', 'kube-scheduler', { pod: { ...pod.pod, metadata: { ...pod.pod.metadata, annotations: { ...pod.pod.metadata.annotations, 'talos.dev/config-version': '999' } } } });
    try {
      expect(await sandboxUid('cp-1', 'kube-scheduler')).not.toBe(first);
    } finally {
      node.resources.put('k8s', 'StaticPods.kubernetes.talos.dev', 'kube-scheduler', manifest.spec);
    }
    expect(await sandboxUid('cp-1', 'kube-scheduler')).toBe(first);
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
    // kube-proxy's pod runs on every node: healthz and metrics, owned by the process processes shows.
    const proxy = (await call('Netstat', 'worker-1', netstatRequest('LISTENING', true))).messages[0].connectrecord.filter((r: any) => r.process.name === 'kube-proxy');
    const proxyPid = (await call('Processes', 'worker-1')).messages[0].processes.find((p: any) => p.command === 'kube-proxy').pid;
    expect(proxy.map((r: any) => `${r.l4proto} ${r.localip}:${r.localport} ${r.process.pid}`)).toEqual([`tcp6 :::10256 ${proxyPid}`, `tcp 127.0.0.1:10249 ${proxyPid}`]);
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

describe('talosctl netstat: flannel and pod network namespaces', () => {
  it('-l shows flannel\'s VXLAN socket (a kernel socket: inode 0, no process) on every node, and machined\'s static pod server', async () => {
    for (const name of ['cp-1', 'cp-2', 'cp-3', 'worker-1']) {
      const records = (await call('Netstat', name, netstatRequest('LISTENING', true))).messages[0].connectrecord;
      const vxlan = records.filter((r: any) => r.localport === 8472);
      expect(vxlan.map((r: any) => `${r.l4proto} ${r.localip}:${r.localport} ${r.remoteip}:${r.remoteport} ${r.state}`), name).toEqual(['udp 0.0.0.0:8472 0.0.0.0:0 CLOSE']);
      expect(vxlan[0]).toMatchObject({ inode: '0', process: { pid: 0, name: '' }, netns: '' });
      const machined = records.filter((r: any) => r.process.name === 'machined' && r.l4proto === 'tcp' && r.localip === '127.0.0.1' && ![7445].includes(r.localport));
      expect(machined.length, name).toBe(1);
      expect(machined[0].localport).toBeGreaterThanOrEqual(32768);
    }
  });

  /** netstat.go getPodNetNsFromNode: Containers -k, sandboxes with a network namespace and a PID: netns -> pod id. */
  const podNetNs = async (name: string) => {
    const containers = (await call('Containers', name, { namespace: 'k8s.io', driver: 'CRI' })).messages[0].containers;
    return new Map<string, string>(containers.filter((c: any) => c.network_namespace !== '' && c.pid !== 0 && c.id === c.pod_id).map((c: any) => [c.network_namespace, c.id]));
  };

  it('-k (allnetns) adds coredns\'s namespace: DNS, health, ready, metrics and its API watch, each read through both processes, the Pod column resolved', async () => {
    const withCoredns: string[] = [];
    for (const name of ['cp-1', 'cp-2', 'cp-3', 'worker-1']) {
      const pods = await podNetNs(name);
      const reply = await call('Netstat', name, { ...netstatRequest('ALL', true), netns: { hostnetwork: true, allnetns: true } });
      const inPods = reply.messages[0].connectrecord.filter((r: any) => r.netns !== '');
      if (pods.size === 0) {
        expect(inPods, name).toEqual([]);
        continue;
      }
      withCoredns.push(name);
      const processes = (await call('Processes', name)).messages[0].processes;
      const corednsPids = processes.filter((p: any) => p.command === 'coredns').map((p: any) => p.pid);
      for (const record of inPods) {
        // printNetstat's Pod column: NodeNetNSPods[hostname][record.netns].
        expect(pods.get(record.netns), name).toMatch(/^kube-system\/coredns-/);
        expect(corednsPids).toContain(record.process.pid);
        expect(record.process.name).toBe('coredns');
      }
      const perNamespace = new Map<string, string[]>();
      for (const record of inPods) perNamespace.set(record.netns, [...(perNamespace.get(record.netns) ?? []), `${record.l4proto} ${record.localip}:${record.localport} ${record.remoteip}:${record.remoteport} ${record.state}`]);
      for (const [, lines] of perNamespace) {
        const once = lines.slice(0, lines.length / 2);
        expect(lines.slice(lines.length / 2)).toEqual(once);
        expect(once.slice(0, 5)).toEqual(['tcp6 :::53 :::0 LISTEN', 'tcp6 :::8080 :::0 LISTEN', 'tcp6 :::8181 :::0 LISTEN', 'tcp6 :::9153 :::0 LISTEN', 'udp6 :::53 :::0 CLOSE']);
        expect(once[5]).toMatch(/^tcp 10\.244\.\d+\.\d+:\d+ 10\.96\.0\.1:443 ESTABLISHED$/);
      }
    }
    expect(withCoredns.length).toBeGreaterThanOrEqual(1);
  });

  it('`netstat kube-system/coredns-...`: the pod\'s namespace by name, without the host\'s, on the node that runs it', async () => {
    for (const name of ['cp-1', 'cp-2', 'cp-3', 'worker-1']) {
      for (const [netns, podId] of await podNetNs(name)) {
        const reply = await call('Netstat', name, { ...netstatRequest('CONNECTED', true), netns: { hostnetwork: false, netns: [netns], allnetns: false } });
        const records = reply.messages[0].connectrecord;
        expect(records.length, podId).toBe(2);
        for (const record of records) expect(record).toMatchObject({ netns, remoteip: '10.96.0.1', remoteport: 443 });
        // Another node has no such namespace: nothing.
        const other = name === 'worker-1' ? 'cp-1' : 'worker-1';
        const elsewhere = await call('Netstat', other, { ...netstatRequest('ALL'), netns: { hostnetwork: false, netns: [netns], allnetns: false } });
        expect(elsewhere.messages[0].connectrecord ?? []).toEqual([]);
      }
    }
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
