// `talosctl health --server=false`'s Kubernetes checks (replayed by talosctl-health.ts) against
// `talsim up` (in-process): all pass on a healthy cluster; each fault fails the check a real
// cluster fails, with upstream's text: a cordoned node, a worker cut off (only after the node
// controller's 50 s grace; its kube-proxy pod then counts as not ready too), etcd without quorum.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeCluster, kubectl } from './kube-harness.ts';
import { kubectlBinary } from './kubectl-binary.ts';
import { discoveredClusterInfo, KubeRestClient, kubernetesHealthLines, type HealthReplay } from './talosctl-health.ts';
import { liveClient, type LiveClient } from '../live/live-client.ts';
import type { LiveSession } from '../../sim/live/live-session.ts';
import { faultRegistryOf } from '../../sim/faults/active-faults.ts';
import { parseTargetTexts } from '../../sim/live/control-targets.ts';
import { faultKind } from '../../sim/faults/fault-catalogue.ts';
import { fastForward } from '../../sim/live/fast-forward.ts';

let session: LiveSession;
let kubeconfig: string;
let cosi: LiveClient;
let replay: HealthReplay;

const OK_LINES = [
  'waiting for all k8s nodes to report: OK',
  'waiting for all control plane static pods to be running: OK',
  'waiting for all control plane components to be ready: OK',
  'waiting for all k8s nodes to report ready: OK',
  'waiting for kube-proxy to report ready: OK',
  'waiting for coredns to report ready: OK',
  'waiting for all k8s nodes to report schedulable: OK',
];

beforeAll(async () => {
  kubectlBinary('v35');
  ({ session, kubeconfig } = await startKubeCluster({ seed: '12h', workers: 2, baseAddress: '127.0.43.2' }));
  const controlPlane = session.nodes.find((node) => node.role === 'controlplane')!;
  cosi = liveClient(session.files.dir, controlPlane, 'cosi.resource.State');
  replay = { kube: new KubeRestClient(kubeconfig), cosi, info: await discoveredClusterInfo(cosi) };
}, 120_000);

afterAll(async () => {
  cosi?.close();
  await session?.close();
});

function inject(kind: string, targets: string[], options: Record<string, unknown> = {}): string {
  const definition = faultKind(kind);
  return faultRegistryOf(session.cluster).inject(definition.kind, parseTargetTexts(definition, targets), options, undefined);
}

async function advance(virtualMs: number): Promise<void> {
  await fastForward(session.pacer, session.cluster.world.kernel, () => false, virtualMs);
}

describe('talosctl health --server=false: the Kubernetes checks', () => {
  it('discovery finds one control plane and two workers, each with its address', () => {
    expect(replay.info.controlPlanes).toHaveLength(1);
    expect(replay.info.workers).toHaveLength(2);
    expect(replay.info.controlPlanes[0]!.internalIp).toMatch(/^10\.5\.0\.\d+$/);
  });

  it('pass on a healthy cluster', async () => {
    expect(await kubernetesHealthLines(replay)).toEqual(OK_LINES);
  });

  it('a cordoned node fails the schedulable check until it is uncordoned', async () => {
    expect((await kubectl('v35', kubeconfig, ['cordon', 'worker-2'])).code).toBe(0);
    const lines = await kubernetesHealthLines(replay);
    expect(lines.slice(0, 6)).toEqual(OK_LINES.slice(0, 6));
    expect(lines[6]).toBe('waiting for all k8s nodes to report schedulable: some nodes are not schedulable: [worker-2]');
    expect((await kubectl('v35', kubeconfig, ['uncordon', 'worker-2'])).code).toBe(0);
    expect(await kubernetesHealthLines(replay)).toEqual(OK_LINES);
  });

  it('a worker cut off fails "ready" and kube-proxy only after the grace, then recovers', async () => {
    const id = inject('partition', ['worker-1->cp-1']);
    await advance(45_000);
    expect(await kubernetesHealthLines(replay)).toEqual(OK_LINES);
    await advance(10_000);
    const lines = await kubernetesHealthLines(replay);
    expect(lines[3]).toBe('waiting for all k8s nodes to report ready: some nodes are not ready: [worker-1]');
    expect(lines[4]).toMatch(/^waiting for kube-proxy to report ready: some pods are not ready: \[kube-proxy-[a-z0-9]{5}\]$/);
    expect(lines[0]).toBe(OK_LINES[0]);
    faultRegistryOf(session.cluster).heal(id);
    await advance(30_000);
    expect(await kubernetesHealthLines(replay)).toEqual(OK_LINES);
  });

  it('etcd without quorum: the first check fails with the apiserver\'s error', async () => {
    const id = inject('etcd-quorum-loss', [], { method: 'stop' });
    await advance(5_000);
    const lines = await kubernetesHealthLines(replay);
    expect(lines[0]).toBe('waiting for all k8s nodes to report: etcdserver: request timed out');
    expect(lines[3]).toBe('waiting for all k8s nodes to report ready: etcdserver: request timed out');
    faultRegistryOf(session.cluster).heal(id);
    await advance(30_000);
    expect(await kubernetesHealthLines(replay)).toEqual(OK_LINES);
  });
});
