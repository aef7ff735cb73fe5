// `talosctl upgrade -n <worker> --image ghcr.io/siderolabs/installer:v1.13.9` v1.13.9 with its
// default `--drain`, replayed against `talsim up` (in-process, a v1.13.0 cluster) as
// cmd/talosctl/cmd/talos/upgrade.go upgradeViaLifecycleService makes it:
//  1. helpers.TalosVersionCheck: Version (`nodes`), every server inside >1.13.0-alpha.2 <2.0.0;
//  2. image.go imagePullInternal: ImageService/Pull per node (`node`), containerd {CRI, NS_SYSTEM}
//     (the `--namespace system` default), until the pulled name;
//  3. upgradeInternal: LifecycleService/Upgrade per node (`node`) until its exit code (0 = done);
//  4. drain.go drainNodes: kubeclient.FromTalosClient (Kubeconfig through the endpoint, no node
//     metadata), nodedrain.GetKubernetesNodeName (typed COSI Get of k8s/Nodename `nodename`,
//     `node`), then nodedrain.CordonAndDrain: k8s.io/kubectl/pkg/drain's RunCordonOrUncordon and
//     RunNodeDrain with Force, IgnoreAllDaemonSets, DeleteEmptyDirData, GracePeriodSeconds -1 and
//     a 5m timeout. That is the drain.Helper `kubectl drain --force --ignore-daemonsets
//     --delete-emptydir-data --grace-period=-1 --timeout=5m` builds, so the real kubectl makes
//     those Kubernetes calls here;
//  5. reboot.go rebootInternal with wait: the action tracker (MachineReadyEventFn,
//     BootIDChangedPostCheckFn);
//  6. deferred uncordonNodes: a fresh Kubeconfig, nodedrain.WaitForNodeReady (GET node until
//     Ready=True), then Uncordon (RunCordonOrUncordon false, again kubectl's `uncordon`).
// Success is only reported once the node is back on the new version and schedulable.
// `talosctl reboot -n <worker> --drain` (reboot.go rebootRun, v1.13.9) is the same drain without
// the pull and upgrade: drainNodes first (nothing is asked of the node before it), the reboot
// tracker (--drain implies --wait), then the deferred uncordonNodes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { collect, unary } from '../api/harness.ts';
import { fetchKubeconfig, kubectl } from '../kube/kube-harness.ts';
import { kubectlBinary } from '../kube/kubectl-binary.ts';
import { liveGrpcClient } from '../live/live-client.ts';
import { startLiveSession, type LiveSession } from '../../sim/live/live-session.ts';
import { systemWallClock } from '../../sim/kernel/pacer.ts';
import { fastForward } from '../../sim/live/fast-forward.ts';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { decodeMessage } from '../../proto/load.ts';
import type { LiveNodeEntry } from '../../sim/live/state-dir.ts';
import { bootIdChanged, machineReady, trackAction, type WireResource } from './talosctl-calls.ts';

const CLUSTER = `name: upgrade-drain
description: a v1.13.0 cluster for talosctl upgrade --drain
seed: 31
duration: 20m
cluster:
  talosVersion: v1.13.0
  nodes:
    - { name: cp-1, role: controlplane }
    - { name: worker-1, role: worker }
    - { name: worker-2, role: worker }
steps:
  - at: 0s
    wait-until: { node: cp-1, service: { id: etcd, state: Preparing }, timeout: 5m }
  - at: 0s
    bootstrap: { node: cp-1 }
  - at: 0s
    wait-until: { all: true, stage: running, ready: true, timeout: 10m }
`;
const IMAGE = 'ghcr.io/siderolabs/installer:v1.13.9';
const CONTAINERD_SYSTEM = { driver: 'CRI', namespace: 'NS_SYSTEM' };

let session: LiveSession;
let dir: string;
let endpoint: LiveNodeEntry;
const clients: grpc.Client[] = [];

function client(service: 'machine.MachineService' | 'machine.ImageService' | 'machine.LifecycleService' | 'cosi.resource.State'): grpc.Client {
  const made = liveGrpcClient(session.files.dir, endpoint, service);
  clients.push(made);
  return made;
}

/** Virtual time runs as fast as it goes while `promise` is pending (the pacer keeps wall pace otherwise). */
async function warpWhile<T>(promise: Promise<T>, maxVirtualMs = 30 * 60_000): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => (settled = true));
  tracked.catch(() => undefined);
  await fastForward(session.pacer, session.cluster.world.kernel, () => settled, maxVirtualMs);
  return tracked;
}

beforeAll(async () => {
  kubectlBinary('v35');
  dir = mkdtempSync(join(tmpdir(), 'talsim-upgrade-drain-'));
  const scenarioFile = join(dir, 'cluster.yaml');
  session = await startLiveSession(
    { seed: '31', controlPlanes: 1, workers: 2, unconfigured: false, speed: 1, stateDir: join(dir, 'state'), baseAddress: '127.0.47.2', scenario: loadScenarioText(CLUSTER, scenarioFile, () => '') },
    { calendarNowMs: () => Date.now(), wall: systemWallClock, print: () => undefined, warn: () => undefined },
  );
  endpoint = session.nodes.find((node) => node.role === 'controlplane')!;
}, 120_000);

afterAll(async () => {
  clients.forEach((made) => made.close());
  await session?.close();
});

interface Pod {
  name: string;
  node: string;
  owner: string;
}

/**
 * A worker running a pod the drain evicts. coredns tolerates the control-plane taint, so both
 * replicas may sit on cp-1 (placed while it was the only Ready node): then cp-1 is drained and
 * uncordoned first, as an operator would, and the replicas are placed anew on the workers.
 */
async function workerWithEvictablePods(): Promise<LiveNodeEntry> {
  const kubeconfig = await fetchKubeconfig(session.files.dir, session.nodes, mkdtempSync(join(dir, 'placement-')));
  const workers = session.nodes.filter((node) => node.role === 'worker');
  const evicts = async (name: string) => (await podsOn(kubeconfig, name)).some((pod) => pod.owner !== 'DaemonSet' && pod.owner !== 'Node');
  for (const worker of workers) if (await evicts(worker.name)) return worker;
  const drained = await kubectl('v35', kubeconfig, ['drain', 'cp-1', '--force', '--ignore-daemonsets', '--delete-emptydir-data', '--grace-period=-1', '--timeout=5m']);
  expect(drained.code, drained.stderr).toBe(0);
  expect((await kubectl('v35', kubeconfig, ['uncordon', 'cp-1'])).code).toBe(0);
  for (const worker of workers) if (await evicts(worker.name)) return worker;
  throw new Error('no worker runs a pod a drain would evict');
}

async function podsOn(kubeconfig: string, node: string): Promise<Pod[]> {
  const listed = await kubectl('v35', kubeconfig, ['get', 'pods', '-A', '--field-selector', `spec.nodeName=${node}`, '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.metadata.ownerReferences[0].kind}{"\\n"}{end}']);
  return listed.stdout.trim().split('\n').filter(Boolean).map((line) => {
    const [name, host, owner] = line.split(' ');
    return { name: name!, node: host!, owner: owner ?? '' };
  });
}

/** talosctl's drainNodes step: `kubectl drain` as it runs it, every evictable pod evicted. */
async function drainNode(kubeconfig: string, k8sName: string, evictable: Array<{ name: string }>): Promise<void> {
  const drain = await kubectl('v35', kubeconfig, ['drain', k8sName, '--force', '--ignore-daemonsets', '--delete-emptydir-data', '--grace-period=-1', '--timeout=5m']);
  expect(drain.code, drain.stderr).toBe(0);
  expect(drain.stdout).toContain(`node/${k8sName} cordoned`);
  for (const pod of evictable) expect(drain.stdout).toContain(`pod/${pod.name} evicted`);
  expect(drain.stdout).toContain(`node/${k8sName} drained`);
}

describe('talosctl upgrade --drain (v1.13 LifecycleService path)', () => {
  it('cordons and drains, pulls, upgrades, reboots into v1.13.9, waits for Ready, uncordons', async () => {
    const worker = await workerWithEvictablePods();
    const node = worker.address;
    const machine = client('machine.MachineService');
    const progress: string[] = [];

    // 1. TalosVersionCheck.
    const versions = await unary(machine, 'Version', {}, { nodes: [node] });
    expect(versions.messages.map((message: any) => message.version.tag)).toEqual(['v1.13.0']);

    // 2. ImageService/Pull.
    const pulled = await warpWhile(collect(client('machine.ImageService'), 'Pull', { containerd: CONTAINERD_SYSTEM, image_ref: IMAGE }, { node }));
    expect(pulled.error).toBeUndefined();
    const name = pulled.messages.find((message: any) => message.response === 'name')?.name;
    expect(name).toMatch(/^ghcr\.io\/siderolabs\/installer@sha256:[0-9a-f]{64}$/);
    progress.push(`${node}: pulled image ${name}`);

    // 3. LifecycleService/Upgrade: the installer's progress, then its exit code.
    const upgraded = await warpWhile(collect(client('machine.LifecycleService'), 'Upgrade', { containerd: CONTAINERD_SYSTEM, source: { image_name: IMAGE } }, { node }));
    expect(upgraded.error).toBeUndefined();
    const exit = upgraded.messages.map((message: any) => message.progress).find((step: any) => step.response === 'exit_code');
    expect(exit).toMatchObject({ exit_code: 0 });
    progress.push(`${node}: upgrade completed`);

    // 4. drainNodes: the kubeconfig, the Kubernetes node name, cordon + drain.
    const kubeconfig = await fetchKubeconfig(session.files.dir, session.nodes, mkdtempSync(join(dir, 'drain-')));
    const state = client('cosi.resource.State');
    const nodename = await unary<{ resource: WireResource }>(state, 'Get', { namespace: 'k8s', type: 'Nodenames.kubernetes.talos.dev', id: 'nodename' }, { node });
    const k8sName = decodeMessage<{ nodename: string }>('talos.resource.definitions.k8s.NodenameSpec', nodename.resource.spec.proto_spec).nodename;
    expect(k8sName).toBe(worker.name);
    const before = await podsOn(kubeconfig, k8sName);
    const evictable = before.filter((pod) => pod.owner !== 'DaemonSet' && pod.owner !== 'Node');
    expect(evictable.length).toBeGreaterThan(0);
    await drainNode(kubeconfig, k8sName, evictable);
    const after = await podsOn(kubeconfig, k8sName);
    expect(after.filter((pod) => pod.owner !== 'DaemonSet' && pod.owner !== 'Node')).toEqual([]);
    expect((await kubectl('v35', kubeconfig, ['get', 'node', k8sName, '-o', 'jsonpath={.spec.unschedulable}'])).stdout).toBe('true');
    // Upgrade wrote the new version to disk; it runs only after the reboot.
    expect((await unary(machine, 'Version', {}, { nodes: [node] })).messages[0].version.tag).toBe('v1.13.0');

    // 5. The reboot tracker.
    const tracked = await warpWhile(trackAction(machine, node, {
      action: async (tracker) => (await unary(tracker, 'Reboot', { mode: 'DEFAULT' }, { node })).messages[0].actor_id,
      expected: machineReady,
      postCheck: (tracker, pre) => bootIdChanged(tracker, node, pre),
      timeoutMs: 120_000,
    }));
    expect(tracked.updates.at(-1)).toBe('post check passed');
    expect((await unary(machine, 'Version', {}, { nodes: [node] })).messages[0].version.tag).toBe('v1.13.9');

    // 6. uncordonNodes: a fresh kubeconfig, Ready=True, then uncordon.
    const fresh = await uncordonNode(k8sName, 'uncordon-');

    // What the user now sees: the new version everywhere it shows, schedulable again.
    const shown = await kubectl('v35', fresh, ['get', 'node', k8sName, '-o', 'jsonpath={.status.nodeInfo.osImage} {.spec.unschedulable}']);
    expect(shown.stdout.trim()).toBe('Talos (v1.13.9)');
    expect(progress).toEqual([`${node}: pulled image ${name}`, `${node}: upgrade completed`]);
  }, 300_000);

  it('reboot --drain: cordons and drains, reboots (tracked to ready, new boot id), waits for Ready, uncordons', async () => {
    // coredns's replicas moved off the worker the upgrade drained.
    const worker = await workerWithEvictablePods();
    const node = worker.address;
    const machine = client('machine.MachineService');

    // drainNodes: the kubeconfig through the endpoint, the node's Kubernetes name, cordon + drain.
    const kubeconfig = await fetchKubeconfig(session.files.dir, session.nodes, mkdtempSync(join(dir, 'reboot-drain-')));
    const nodename = await unary<{ resource: WireResource }>(client('cosi.resource.State'), 'Get', { namespace: 'k8s', type: 'Nodenames.kubernetes.talos.dev', id: 'nodename' }, { node });
    const k8sName = decodeMessage<{ nodename: string }>('talos.resource.definitions.k8s.NodenameSpec', nodename.resource.spec.proto_spec).nodename;
    expect(k8sName).toBe(worker.name);
    const evictable = (await podsOn(kubeconfig, k8sName)).filter((pod) => pod.owner !== 'DaemonSet' && pod.owner !== 'Node');
    expect(evictable.length).toBeGreaterThan(0);
    await drainNode(kubeconfig, k8sName, evictable);
    expect((await podsOn(kubeconfig, k8sName)).filter((pod) => pod.owner !== 'DaemonSet' && pod.owner !== 'Node')).toEqual([]);

    // rebootInternal with wait: Reboot's actor id, its events to MachineReady, then the boot id changed.
    const bootBefore = session.cluster.node(worker.name).status.bootId;
    const tracked = await warpWhile(trackAction(machine, node, {
      action: async (tracker) => (await unary(tracker, 'Reboot', { mode: 'DEFAULT' }, { node })).messages[0].actor_id,
      expected: machineReady,
      postCheck: (tracker, pre) => bootIdChanged(tracker, node, pre),
      timeoutMs: 120_000,
    }));
    expect(tracked.updates).toContain('sequence: reboot action: START');
    expect(tracked.updates.at(-1)).toBe('post check passed');
    expect(session.cluster.node(worker.name).status.bootId).not.toBe(bootBefore);
    // Still cordoned: only uncordonNodes makes it schedulable again.
    expect((await kubectl('v35', kubeconfig, ['get', 'node', k8sName, '-o', 'jsonpath={.spec.unschedulable}'])).stdout).toBe('true');

    // uncordonNodes: a fresh kubeconfig, WaitForNodeReady, Uncordon.
    const fresh = await uncordonNode(k8sName, 'reboot-uncordon-');
    expect((await kubectl('v35', fresh, ['get', 'node', k8sName, '-o', 'jsonpath={.spec.unschedulable}'])).stdout).toBe('');
  }, 300_000);
});

/** talosctl's uncordonNodes: a fresh kubeconfig, the node Ready (virtual time moved on while it is not), then uncordon; the kubeconfig it used. */
async function uncordonNode(k8sName: string, dirPrefix: string): Promise<string> {
  const fresh = await fetchKubeconfig(session.files.dir, session.nodes, mkdtempSync(join(dir, dirPrefix)));
  const ready = async () => (await kubectl('v35', fresh, ['get', 'node', k8sName, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])).stdout === 'True';
  let isReady = await ready();
  for (let poll = 0; !isReady && poll < 60; poll++) {
    await fastForward(session.pacer, session.cluster.world.kernel, () => false, 5_000);
    isReady = await ready();
  }
  expect(isReady).toBe(true);
  const uncordon = await kubectl('v35', fresh, ['uncordon', k8sName]);
  expect(uncordon.code, uncordon.stderr).toBe(0);
  expect(uncordon.stdout).toContain(`node/${k8sName} uncordoned`);
  return fresh;
}
