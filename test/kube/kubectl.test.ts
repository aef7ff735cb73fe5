// The real kubectl (v1.33 list+watch client, v1.35 watch-list client, from the npm kubectl layers)
// against `talsim up` (in-process) with the kubeconfig the Kubeconfig RPC hands out: what a user
// sees for nodes, pods, describe, readyz, wait, cordon, label, deleting a mirror pod; a label
// put in kubelet's extraArgs missing from the node while machine.nodeLabels shows; NotReady
// only after the node monitor's grace when a worker is cut off; DiskPressure when EPHEMERAL
// fills; readyz failing while etcd has no quorum; 401 without a client certificate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { startKubeCluster, kubectl } from './kube-harness.ts';
import { kubectlBinary } from './kubectl-binary.ts';
import type { LiveSession } from '../../sim/live/live-session.ts';
import { faultRegistryOf } from '../../sim/faults/active-faults.ts';
import { parseTargetTexts } from '../../sim/live/control-targets.ts';
import { faultKind } from '../../sim/faults/fault-catalogue.ts';
import { fastForward } from '../../sim/live/fast-forward.ts';
import { applyPatches } from '../../sim/cluster/cluster.ts';
import { liveClient } from '../live/live-client.ts';

let session: LiveSession;
let kubeconfig: string;

beforeAll(async () => {
  kubectlBinary('v33');
  kubectlBinary('v35');
  ({ session, kubeconfig } = await startKubeCluster({ seed: '12', workers: 2, baseAddress: '127.0.41.2' }));
}, 120_000);

afterAll(async () => {
  await session?.close();
});

function inject(kind: string, targets: string[], options: Record<string, unknown> = {}): string {
  const definition = faultKind(kind);
  return faultRegistryOf(session.cluster).inject(definition.kind, parseTargetTexts(definition, targets), options, undefined);
}

async function advance(virtualMs: number): Promise<void> {
  await fastForward(session.pacer, session.cluster.world.kernel, () => false, virtualMs);
}

const k = (...args: string[]) => kubectl('v35', kubeconfig, args);

describe('kubectl against talsim up', () => {
  it('the kubeconfig names the loopback listener and its CA', () => {
    const config = parse(readFileSync(kubeconfig, 'utf8')) as { clusters: Array<{ cluster: { server: string } }> };
    expect(config.clusters[0]!.cluster.server).toBe(session.kubeApi.url);
  });

  it('get nodes -o wide and --show-labels', async () => {
    const wide = await k('get', 'nodes', '-o', 'wide');
    expect(wide.stderr).toBe('');
    const lines = wide.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/);
    expect(lines[1]).toMatch(/^cp-1\s+Ready\s+control-plane\s+\S+\s+v1\.\d+\.\d+\s+10\.5\.0\.2\s+<none>\s+Talos \(v1\.13\.\d+\)\s+\S+-talos\s+containerd:\/\//);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(['cp-1', 'worker-1', 'worker-2']);
    const labels = await k('get', 'nodes', '--show-labels');
    expect(labels.stdout).toMatch(/cp-1 .*node-role\.kubernetes\.io\/control-plane=,node\.kubernetes\.io\/exclude-from-external-load-balancers=/);
    expect(labels.stdout).toMatch(/worker-1 .*kubernetes\.io\/hostname=worker-1/);
    expect((await k('get', 'nodes', '--chunk-size=1', '-o', 'name')).stdout).toBe('node/cp-1\nnode/worker-1\nnode/worker-2\n');
    const chunked = await k('get', 'nodes', '--chunk-size=2', '-l', 'kubernetes.io/os=linux');
    expect(chunked.stdout.trim().split('\n').slice(1).map((line) => line.split(/\s+/)[0])).toEqual(['cp-1', 'worker-1', 'worker-2']);
    expect((await k('get', 'nodes', '--chunk-size=2')).stdout.trim().split('\n')).toHaveLength(4);
  });

  it('get pods -A shows the static pods, kube-proxy, flannel and two coredns', async () => {
    const pods = await k('get', 'pods', '-A');
    expect(pods.code).toBe(0);
    const names = pods.stdout.trim().split('\n').slice(1).map((line) => line.split(/\s+/)[1]!);
    expect(names).toEqual(expect.arrayContaining(['kube-apiserver-cp-1', 'kube-controller-manager-cp-1', 'kube-scheduler-cp-1']));
    expect(names.filter((name) => name.startsWith('kube-proxy-'))).toHaveLength(3);
    expect(names.filter((name) => name.startsWith('kube-flannel-'))).toHaveLength(3);
    expect(names.filter((name) => name.startsWith('coredns-'))).toHaveLength(2);
    const selected = await k('get', 'pod', '-n', 'kube-system', '-l', 'k8s-app=kube-apiserver', '--field-selector', 'spec.nodeName=cp-1', '-o', "jsonpath={.items[0].metadata.annotations['talos\\.dev/config-version']}");
    expect(selected.stdout).toMatch(/^\d+$/);
  });

  it('get ds,deploy shows kube-proxy and flannel on every node and coredns 2/2', async () => {
    const workloads = await k('get', 'ds,deploy', '-n', 'kube-system');
    expect(workloads.stderr).toBe('');
    expect(workloads.stdout).toMatch(/daemonset\.apps\/kube-proxy\s+3\s+3\s+3\s+3\s+3\s+<none>/);
    expect(workloads.stdout).toMatch(/daemonset\.apps\/kube-flannel\s+3\s+3\s+3\s+3\s+3\s+<none>/);
    expect(workloads.stdout).toMatch(/deployment\.apps\/coredns\s+2\/2\s+2\s+2\s/);
  });

  it('describe node, version, readyz', async () => {
    const describe = await k('describe', 'node', 'worker-1');
    expect(describe.code).toBe(0);
    expect(describe.stdout).toMatch(/Ready\s+True\s+.*KubeletReady\s+kubelet is posting ready status/);
    expect(describe.stdout).toMatch(/HolderIdentity:\s+worker-1/);
    expect(describe.stdout).toMatch(/OS Image:\s+Talos \(v1\.13/);
    expect((await k('version')).stdout).toMatch(/Server Version: v1\.\d+\.\d+/);
    const ready = await k('get', '--raw', '/readyz');
    expect(ready.stdout).toBe('ok');
  });

  it('wait --for=condition=Ready with the list+watch (1.33) and the watch-list (1.35) clients', async () => {
    for (const layer of ['v33', 'v35'] as const) {
      const wait = await kubectl(layer, kubeconfig, ['wait', '--for=condition=Ready', 'node/worker-1', '--timeout=20s']);
      expect(wait.stdout).toBe('node/worker-1 condition met\n');
    }
  });

  it('cordon, uncordon and label a node; other writes are 405', async () => {
    expect((await k('cordon', 'worker-2')).stdout).toBe('node/worker-2 cordoned\n');
    expect((await k('get', 'node', 'worker-2')).stdout).toMatch(/worker-2\s+Ready,SchedulingDisabled/);
    expect((await k('uncordon', 'worker-2')).stdout).toBe('node/worker-2 uncordoned\n');
    expect((await k('label', 'node', 'worker-2', 'zone=eu-1a')).stdout).toBe('node/worker-2 labeled\n');
    expect((await k('get', 'nodes', '-l', 'zone=eu-1a', '-o', 'name')).stdout).toBe('node/worker-2\n');
    const annotate = await k('annotate', 'node', 'worker-2', 'a=b');
    expect(annotate.code).not.toBe(0);
    expect(annotate.stderr).toMatch(/MethodNotAllowed|does not allow this method/);
  });

  it('labels in kubelet extraArgs never show on the registered node; at machine.nodeLabels they do', async () => {
    const apply = async (patch: Record<string, unknown>) => {
      const client = liveClient(session.files.dir, session.nodes.find((node) => node.name === 'worker-1')!, 'machine.MachineService');
      try {
        const data = Buffer.from(applyPatches(session.cluster.node('worker-1').config!.text, [patch]));
        const reply = client.unary<{ messages: Array<{ mode: string; warnings: string[] }> }>('ApplyConfiguration', { data, mode: 'NO_REBOOT' });
        await advance(5_000);
        return (await reply).messages[0]!;
      } finally {
        client.close();
      }
    };
    const wrong = await apply({ machine: { kubelet: { extraArgs: { 'node-labels': 'rack=r7' } } } });
    expect(wrong.mode).toBe('NO_REBOOT');
    expect(wrong.warnings.join('\n')).toMatch(/machine\.nodeLabels/);
    await advance(30_000);
    expect((await k('get', 'node', 'worker-1', '--show-labels')).stdout).not.toMatch(/rack=/);
    const none = await k('get', 'nodes', '-l', 'rack=r7');
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe('No resources found\n');
    await apply({ machine: { nodeLabels: { rack: 'r7' } } });
    await advance(30_000);
    expect((await k('get', 'node', 'worker-1', '--show-labels')).stdout).toMatch(/worker-1\s.*rack=r7/);
    expect((await k('get', 'nodes', '-l', 'rack=r7', '-o', 'name')).stdout).toBe('node/worker-1\n');
  });

  it('kubectl drain (the drain talosctl upgrade --drain runs): coredns evicted and rescheduled, DaemonSet and mirror pods left', async () => {
    const before = await k('get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.nodeName}{"\\n"}{end}');
    const placed = before.stdout.trim().split('\n').map((line) => line.split('='));
    const node = placed[0]![1]!;
    const evicted = placed.filter(([, host]) => host === node).map(([pod]) => pod!);
    const drain = await k('drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--timeout=30s');
    expect(drain.stderr).toMatch(/Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-flannel-\w+, kube-system\/kube-proxy-\w+/);
    expect(drain.stdout).toContain(`node/${node} cordoned`);
    for (const pod of evicted) expect(drain.stdout).toContain(`pod/${pod} evicted`);
    expect(drain.stdout).toContain(`node/${node} drained`);
    expect(drain.code).toBe(0);
    const after = await k('get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.nodeName}={.status.phase}{"\\n"}{end}');
    const now = after.stdout.trim().split('\n').map((line) => line.split('='));
    expect(now).toHaveLength(2);
    for (const [pod, host, phase] of now) {
      expect(host).not.toBe(node);
      expect(phase).toBe('Running');
      expect(evicted).not.toContain(pod);
    }
    expect((await k('get', 'pods', '-n', 'kube-system', '--field-selector', `spec.nodeName=${node}`, '-o', 'name')).stdout).toMatch(/kube-proxy/);
    expect((await k('uncordon', node)).code).toBe(0);
  });

  it('a deleted mirror pod comes back', async () => {
    const deleted = await k('delete', 'pod', '-n', 'kube-system', 'kube-scheduler-cp-1', '--wait=false');
    expect(deleted.stdout).toBe('pod "kube-scheduler-cp-1" deleted from kube-system namespace\n'.replace(' from kube-system namespace', deleted.stdout.includes('from') ? ' from kube-system namespace' : ''));
    await advance(2_000);
    expect((await k('get', 'pod', '-n', 'kube-system', 'kube-scheduler-cp-1')).stdout).toMatch(/kube-scheduler-cp-1\s+1\/1\s+Running/);
  });

  it("a mirror pod's config hash is its static pod's UID, the CRI sandbox's uid (talosctl containers -k), and both move with the manifest", async () => {
    const cp = session.nodes.find((node) => node.name === 'cp-1')!;
    const annotations = async (pod: string) =>
      JSON.parse((await k('get', 'pod', '-n', 'kube-system', `${pod}-cp-1`, '-o', 'jsonpath={.metadata.annotations}')).stdout) as Record<string, string>;
    const client = liveClient(session.files.dir, cp, 'machine.MachineService');
    try {
      const sandboxUid = async (pod: string) => {
        const reply = await client.unary<{ messages: Array<{ containers: Array<{ id: string; uid: string }> }> }>('Containers', { namespace: 'k8s.io', driver: 'CRI' }, { node: cp.address });
        return reply.messages[0]!.containers.find((container) => container.id === `kube-system/${pod}-cp-1`)!.uid;
      };
      const before: Record<string, string> = {};
      for (const pod of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
        const served = await annotations(pod);
        const uid = await sandboxUid(pod);
        expect(uid).toMatch(/^[0-9a-f]{32}$/);
        expect(served['kubernetes.io/config.hash']).toBe(uid);
        expect(served['kubernetes.io/config.mirror']).toBe(uid);
        before[pod] = uid;
      }
      expect(new Set(Object.values(before)).size).toBe(3);
      // A new scheduler flag: the scheduler's manifest changes (and every manifest's config-version annotation).
      const data = Buffer.from(applyPatches(session.cluster.node('cp-1').config!.text, [{ cluster: { scheduler: { extraArgs: { v: '3' } } } }]));
      const reply = client.unary<{ messages: Array<{ mode: string }> }>('ApplyConfiguration', { data, mode: 'NO_REBOOT' });
      await advance(5_000);
      expect((await reply).messages[0]!.mode).toBe('NO_REBOOT');
      await advance(30_000);
      const after = await sandboxUid('kube-scheduler');
      expect(after).not.toBe(before['kube-scheduler']);
      expect((await annotations('kube-scheduler'))['kubernetes.io/config.hash']).toBe(after);
    } finally {
      client.close();
    }
  });

  it('no client certificate: 401 Unauthorized, as with anonymous auth off', async () => {
    const config = parse(readFileSync(kubeconfig, 'utf8')) as { clusters: Array<{ cluster: { 'certificate-authority-data': string } }> };
    const ca = Buffer.from(config.clusters[0]!.cluster['certificate-authority-data'], 'base64');
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const call = request(`${session.kubeApi.url}/readyz`, { ca }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      call.on('error', reject);
      call.end();
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });

  it('a worker cut off from the control plane turns NotReady only after the 50 s grace', async () => {
    const id = inject('partition', ['worker-1->cp-1']);
    await advance(45_000);
    expect((await k('get', 'node', 'worker-1')).stdout).toMatch(/worker-1\s+Ready\s/);
    await advance(10_000);
    const after = await k('get', 'node', 'worker-1');
    expect(after.stdout).toMatch(/worker-1\s+NotReady\s/);
    const describe = await k('describe', 'node', 'worker-1');
    expect(describe.stdout).toMatch(/Ready\s+Unknown\s+.*NodeStatusUnknown\s+Kubelet stopped posting node status\./);
    expect(describe.stdout).toMatch(/node\.kubernetes\.io\/unreachable:NoExecute/);
    faultRegistryOf(session.cluster).heal(id);
    await advance(30_000);
    expect((await k('get', 'node', 'worker-1')).stdout).toMatch(/worker-1\s+Ready\s/);
  });

  it('a full EPHEMERAL partition shows as DiskPressure', async () => {
    const id = inject('ephemeral-full', ['worker-2']);
    await advance(30_000);
    const describe = await k('describe', 'node', 'worker-2');
    expect(describe.stdout).toMatch(/DiskPressure\s+True\s+.*KubeletHasDiskPressure\s+kubelet has disk pressure/);
    expect(describe.stdout).toMatch(/node\.kubernetes\.io\/disk-pressure:NoSchedule/);
    faultRegistryOf(session.cluster).heal(id);
    await advance(30_000);
  });

  it('readyz fails and reads time out while etcd has no quorum', async () => {
    const id = inject('etcd-quorum-loss', [], { method: 'stop' });
    await advance(5_000);
    const ready = await k('get', '--raw', '/readyz');
    expect(ready.code).toBe(1);
    expect(ready.stderr).toMatch(/readyz check failed/);
    const verbose = await k('get', '--raw', '/readyz?verbose');
    expect(verbose.stderr).toMatch(/\[-\]etcd failed: reason withheld/);
    const nodes = await k('get', 'nodes');
    expect(nodes.stderr).toMatch(/etcdserver: request timed out/);
    faultRegistryOf(session.cluster).heal(id);
    await advance(30_000);
    expect((await k('get', '--raw', '/readyz')).stdout).toBe('ok');
  });
});
