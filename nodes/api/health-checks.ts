// The checks `talosctl health` runs on the server side (Talos's DefaultClusterChecks), in order,
// with Talos's names, poll intervals and error texts, asserted against the simulated cluster as
// seen from the checking node: a node it cannot reach over the LAN, or whose apid is down, fails
// the checks that need it. Each assertion returns null (OK), SKIP, or the error text.
// Leaves out diagnostics, the ephemeral size check's arithmetic and real kube-proxy/CoreDNS pods.
import type { VirtualNode } from '../node.ts';
import type { NodeDirectory } from './node-directory.ts';
import { MACHINE_STAGES, type MachineStage } from '../vocabulary.ts';

export const SKIP = 'SKIP';

export interface HealthNode {
  ip: string;
  node: VirtualNode | undefined;
  controlPlane: boolean;
}

export interface HealthView {
  cluster: NodeDirectory;
  /** The node running the checks. */
  checker: VirtualNode;
  nodes: HealthNode[];
}

export interface HealthCheck {
  name: string;
  intervalMs: number;
  assert(view: HealthView): string | null;
}

const MIB = 1024 * 1024;

/** go-multierror's text. */
function multiError(errors: string[]): string | null {
  if (errors.length === 0) return null;
  const count = errors.length === 1 ? '1 error occurred' : `${errors.length} errors occurred`;
  return `${count}:\n${errors.map((error) => `\t* ${error}`).join('\n')}\n\n`;
}

const goList = (items: string[]) => `[${items.join(' ')}]`;
const goQuotedList = (items: string[]) => `[${items.map((item) => JSON.stringify(item)).join(' ')}]`;

/** Why the checker cannot get an answer from `target`'s apid, or null when it can. */
function unreachable(view: HealthView, target: HealthNode): string | null {
  const node = target.node;
  if (!node || !node.isPoweredOn() || node.addresses().length === 0) return `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${target.ip}:50000: connect: no route to host"`;
  if (node !== view.checker && !view.cluster.world.network.canTalk(view.checker.name, node.name)) return 'rpc error: code = DeadlineExceeded desc = context deadline exceeded';
  if (!node.apiReachable()) return `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${target.ip}:50000: connect: connection refused"`;
  return null;
}

const controlPlanes = (view: HealthView) => view.nodes.filter((node) => node.controlPlane);

function serviceHealth(view: HealthView, service: string): string | null {
  const errors: string[] = [];
  for (const target of [...controlPlanes(view)].sort((a, b) => (a.ip < b.ip ? -1 : 1))) {
    const problem = unreachable(view, target);
    if (problem) return `error getting service info for service "${service}" from node "${target.ip}": ${problem}`;
    const record = target.node!.services.records.get(service);
    const last = record?.events.at(-1);
    if (!record || !last) errors.push(`${target.ip}: no events recorded yet for service "${service}"`);
    else if (last.state !== 'Running') errors.push(`${target.ip}: service "${service}" not in expected state "Running": current state [${last.state}] ${last.message}`);
    else if (record.health.unknown || !record.health.healthy) errors.push(`${target.ip}: service is not healthy: ${service}`);
  }
  return multiError(errors);
}

function etcdDisabled(view: HealthView): boolean {
  const etcd = view.checker.config?.object.cluster?.etcd;
  return !etcd?.ca?.crt;
}

function etcdMembersConsistent(view: HealthView): string | null {
  const etcd = view.cluster.world.etcd;
  const known = [...etcd.members.values()].map((member) => view.cluster.nodes.get(member.node)?.hostname() ?? member.node);
  for (const target of controlPlanes(view)) {
    const problem = unreachable(view, target);
    if (problem) return `error getting etcd member list from node "${target.ip}": ${problem}`;
    if (!etcd.hasQuorum() || !view.cluster.world.network.canTalk(target.node!.name, etcd.leader!)) {
      return `error getting etcd member list from node "${target.ip}": rpc error: code = Unavailable desc = etcdserver: no leader`;
    }
  }
  const expected = controlPlanes(view).map((target) => target.node?.hostname() ?? target.ip);
  if (known.length !== expected.length) return `${controlPlanes(view)[0]?.ip ?? ''}: expected to have ${goList(expected)} members, got ${goList(known)}`;
  return null;
}

function etcdMembersAreControlPlanes(view: HealthView): string | null {
  const memberIps = [...view.cluster.world.etcd.members.values()].map((member) => new URL(member.peerUrl).hostname);
  const planeIps = controlPlanes(view).map((target) => target.ip);
  if (memberIps.every((ip) => planeIps.includes(ip))) return null;
  return `etcd member ips ${goQuotedList(memberIps)} are not subset of control plane node ips ${goQuotedList(planeIps)}`;
}

function apidReady(view: HealthView): string | null {
  const errors = view.nodes.map((target) => [target, unreachable(view, target)] as const).filter(([, problem]) => problem !== null);
  return errors.length === 0 ? null : errors.map(([target, problem]) => `error getting version from node "${target.ip}": ${problem}`).join('\n');
}

function memorySizes(view: HealthView): string | null {
  const errors: string[] = [];
  for (const target of view.nodes) {
    const problem = unreachable(view, target);
    if (problem) {
      errors.push(`error getting memory info for node "${target.ip}": ${problem}`);
      continue;
    }
    const minimumBytes = (target.controlPlane ? 2048 : 1024) * MIB;
    const totalBytes = Math.floor(target.node!.hardware.memoryBytes / 1024) * 1024;
    if (totalBytes < minimumBytes) {
      errors.push(`node "${target.ip}" does not meet memory requirements: expected at least ${minimumBytes / MIB} MiB, actual ${Math.floor(totalBytes / MIB)} MiB`);
    }
  }
  return multiError(errors);
}

function allBooted(view: HealthView): string | null {
  const byStage = new Map<MachineStage, string[]>();
  for (const target of view.nodes) {
    const stage: MachineStage = target.node && unreachable(view, target) === null ? target.node.stage() : 'unknown';
    if (stage === 'running') continue;
    byStage.set(stage, [...(byStage.get(stage) ?? []), target.ip].sort());
  }
  if (byStage.size === 0) return null;
  const stages = [...byStage.keys()].sort((a, b) => MACHINE_STAGES.indexOf(a) - MACHINE_STAGES.indexOf(b));
  return `nodes are not running: ${stages.map((stage) => `${stage}: ${goList(byStage.get(stage)!)}`).join(', ')}`;
}

function kubernetesApi(view: HealthView): string | null {
  const kubernetes = view.cluster.world.kubernetes;
  if (kubernetes.apiAvailable) return null;
  const endpoint = new URL(view.cluster.endpoint);
  return `Get "${endpoint.origin}/api/v1/nodes": dial tcp ${endpoint.host}: connect: connection refused`;
}

function kubernetesNodesReported(view: HealthView): string | null {
  const down = kubernetesApi(view);
  if (down) return down;
  const registered = view.cluster.world.kubernetes.nodes;
  const missing = view.nodes.find((target) => !target.node || !registered.has(target.node.hostname()));
  return missing ? `can't find expected node with IPs ${goQuotedList([missing.ip])}` : null;
}

function staticPodsRunning(view: HealthView): string | null {
  for (const target of controlPlanes(view)) {
    const pods = target.node ? Object.entries(target.node.staticPodStates()) : [];
    const missing = pods.filter(([, state]) => state === 'pending').map(([pod]) => pod);
    if (!target.node || missing.length > 0) return `missing static pods on node ${target.ip}: ${goList(missing)}`;
  }
  return null;
}

function controlPlaneReady(view: HealthView): string | null {
  const down = kubernetesApi(view);
  if (down) return down;
  for (const pod of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    const ready = controlPlanes(view).filter((target) => target.node?.staticPodStates()[pod] === 'ready').length;
    if (ready !== controlPlanes(view).length) return `expected number of pods for ${pod} to be ${controlPlanes(view).length}, got ${ready}`;
  }
  return null;
}

function kubernetesNodesReady(view: HealthView): string | null {
  const down = kubernetesApi(view);
  if (down) return down;
  const notReady = [...view.cluster.world.kubernetes.nodes.values()].filter((node) => !node.ready).map((node) => node.name).sort();
  return notReady.length === 0 ? null : `some nodes are not ready: ${goList(notReady)}`;
}

function coreDnsReady(view: HealthView): string | null {
  const down = kubernetesApi(view);
  if (down) return down;
  const anyReady = [...view.cluster.world.kubernetes.nodes.values()].some((node) => node.ready);
  return anyReady ? null : 'no ready pods found for namespace "kube-system" and label selector "k8s-app=kube-dns"';
}

const check = (name: string, assert: HealthCheck['assert'], intervalMs = 5_000): HealthCheck => ({ name, intervalMs, assert });

export const DEFAULT_CLUSTER_CHECKS: readonly HealthCheck[] = [
  check('etcd to be healthy', (view) => (etcdDisabled(view) ? SKIP : serviceHealth(view, 'etcd'))),
  check('etcd members to be consistent across nodes', (view) => (etcdDisabled(view) ? SKIP : etcdMembersConsistent(view))),
  check('etcd members to be control plane nodes', (view) => (etcdDisabled(view) ? SKIP : etcdMembersAreControlPlanes(view))),
  check('apid to be ready', apidReady),
  check('all nodes memory sizes', memorySizes),
  check('all nodes disk sizes', () => null),
  check('no diagnostics', () => null),
  check('kubelet to be healthy', (view) => serviceHealth(view, 'kubelet')),
  check('all nodes to finish boot sequence', allBooted),
  check('all k8s nodes to report', kubernetesNodesReported, 30_000),
  check('all control plane static pods to be running', staticPodsRunning),
  check('all control plane components to be ready', controlPlaneReady),
  check('all k8s nodes to report ready', kubernetesNodesReady),
  check('kube-proxy to report ready', kubernetesNodesReported),
  check('coredns to report ready', coreDnsReady),
  check('all k8s nodes to report schedulable', kubernetesNodesReported),
];
