// `talosctl health --server=false`'s Kubernetes checks (talosctl v1.13.9, pkg/cluster/check:
// default.go, kubernetes.go, reporter.go), replayed as talosctl makes them: the cluster's nodes
// from discovery Members (COSI List through the endpoint, no `node` metadata), the Kubernetes
// client built from the Kubeconfig RPC's kubeconfig (client-go's typed List calls: plain JSON,
// label selectors as talosctl spells them), BootstrapManifestsConfig for the CNI name, the
// control planes' StaticPodStatuses (COSI List with `node` = the node's IP). Each check runs once
// (talosctl polls each until it passes or its timeout ends) and yields the reporter's line:
// `waiting for <check>: OK`, `...: SKIP`, or `...: <upstream's error text>`.
// The Talos-side checks that come before (etcd, apid, sizes, diagnostics, boot sequence) are
// replayed by test/talosctl/client-health.ts.
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { decodeMessage } from '../../proto/load.ts';
import type { LiveClient } from '../live/live-client.ts';

export interface NodeInfo {
  internalIp: string;
  ips: string[];
}

export interface ClusterInfo {
  controlPlanes: NodeInfo[];
  workers: NodeInfo[];
}

interface WireResource {
  metadata: { id: string };
  spec: { proto_spec: Buffer };
}

const SKIP = 'SKIP';

/** A client-go rest client: GET with the kubeconfig's client certificate, JSON, Status errors as their message. */
export class KubeRestClient {
  private readonly server: string;
  private readonly ca: Buffer;
  private readonly cert: Buffer;
  private readonly key: Buffer;

  constructor(kubeconfigPath: string) {
    const config = parse(readFileSync(kubeconfigPath, 'utf8')) as {
      clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
      users: Array<{ user: { 'client-certificate-data': string; 'client-key-data': string } }>;
    };
    this.server = config.clusters[0]!.cluster.server;
    this.ca = Buffer.from(config.clusters[0]!.cluster['certificate-authority-data'], 'base64');
    this.cert = Buffer.from(config.users[0]!.user['client-certificate-data'], 'base64');
    this.key = Buffer.from(config.users[0]!.user['client-key-data'], 'base64');
  }

  list<T>(path: string, labelSelector?: string): Promise<{ items: T[] }> {
    const url = new URL(path, this.server);
    if (labelSelector !== undefined) url.searchParams.set('labelSelector', labelSelector);
    return new Promise((resolve, reject) => {
      const call = request(url, { ca: this.ca, cert: this.cert, key: this.key, headers: { Accept: 'application/json, */*', 'User-Agent': 'talosctl/v1.13.9' }, timeout: 10_000 }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          let parsed: unknown;
          try {
            parsed = JSON.parse(body);
          } catch {
            parsed = undefined;
          }
          if (status >= 200 && status < 300 && parsed) resolve(parsed as { items: T[] });
          else if ((parsed as { kind?: string } | undefined)?.kind === 'Status') reject(new Error((parsed as { message: string }).message));
          else reject(new Error(`an error on the server ("${body.trim()}") has prevented the request from succeeding (get ${path})`));
        });
      });
      call.on('timeout', () => call.destroy(new Error(`Get "${url}": context deadline exceeded`)));
      call.on('error', (error) => reject(new Error(`Get "${url}": ${error.message}`)));
      call.end();
    });
  }
}

/** buildClusterInfo without --control-plane-nodes/--worker-nodes: the discovery Members. */
export async function discoveredClusterInfo(cosi: LiveClient): Promise<ClusterInfo> {
  const messages = await cosi.stream<{ resource: WireResource }>('List', { namespace: 'cluster', type: 'Members.cluster.talos.dev' });
  const info: ClusterInfo = { controlPlanes: [], workers: [] };
  for (const { resource } of messages) {
    const spec = decodeMessage<{ addresses: Array<{ ip: Buffer }>; machine_type: string }>('talos.resource.definitions.cluster.MemberSpec', resource.spec.proto_spec);
    const ips = spec.addresses.map((address) => [...address.ip].join('.'));
    if (ips.length === 0) throw new Error(`no IP address found for member: ${resource.metadata.id}`);
    const node = { internalIp: ips[0]!, ips };
    if (spec.machine_type === 'TYPE_WORKER') info.workers.push(node);
    else info.controlPlanes.push(node);
  }
  return info;
}

interface KubeNode {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { unschedulable?: boolean };
  status: { addresses?: Array<{ type: string; address: string }>; conditions?: Array<{ type: string; status: string }> };
}

interface KubePod {
  metadata: { name: string; annotations?: Record<string, string>; deletionTimestamp?: string };
  status: { phase?: string; conditions?: Array<{ type: string; status: string }>; containerStatuses?: Array<{ state: { terminated?: unknown } }> };
}

function nodeInfoOf(node: KubeNode): NodeInfo {
  const ips = (node.status.addresses ?? []).filter((address) => address.type === 'InternalIP' || address.type === 'ExternalIP').map((address) => address.address);
  return { internalIp: node.status.addresses?.find((address) => address.type === 'InternalIP')?.address ?? '', ips };
}

const quoted = (ips: string[]) => `[${ips.map((ip) => `"${ip}"`).join(' ')}]`;

/** cluster.NodesMatch. */
function nodesMatch(expected: NodeInfo[], actual: NodeInfo[]): void {
  const remaining = [...actual];
  for (const node of expected) {
    const index = remaining.findIndex((candidate) => candidate.ips.some((ip) => node.ips.includes(ip)));
    if (index < 0) throw new Error(`can't find expected node with IPs ${quoted(node.ips)}`);
    remaining.splice(index, 1);
  }
  if (remaining.length > 0) throw new Error(`unexpected nodes with IPs ${quoted(remaining.flatMap((node) => node.ips).sort())}`);
}

const podReady = (pod: KubePod) => pod.status.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;

export interface HealthReplay {
  kube: KubeRestClient;
  /** cosi.resource.State through the endpoint. */
  cosi: LiveClient;
  info: ClusterInfo;
}

async function cniDisabled({ cosi }: HealthReplay): Promise<boolean> {
  const reply = await cosi.unary<{ resource: WireResource }>('Get', { namespace: 'controlplane', type: 'BootstrapManifestsConfigs.kubernetes.talos.dev', id: 'manifests' });
  const spec = decodeMessage<{ cni_name: string }>('talos.resource.definitions.k8s.BootstrapManifestsConfigSpec', reply.resource.spec.proto_spec);
  return spec.cni_name === 'none';
}

async function allNodesReported({ kube, info }: HealthReplay): Promise<void> {
  const nodes = await kube.list<KubeNode>('/api/v1/nodes');
  nodesMatch([...info.controlPlanes, ...info.workers], nodes.items.map(nodeInfoOf));
}

async function controlPlaneStaticPods({ cosi, info }: HealthReplay): Promise<void> {
  for (const node of info.controlPlanes) {
    const expected = new Set(['kube-system/kube-apiserver', 'kube-system/kube-controller-manager', 'kube-system/kube-scheduler']);
    let items: Array<{ resource: WireResource }>;
    try {
      items = await cosi.stream('List', { namespace: 'k8s', type: 'StaticPodStatuses.kubernetes.talos.dev' }, { node: node.internalIp });
    } catch (error) {
      throw new Error(`error listing static pods on node ${node.internalIp}: ${(error as Error).message}`);
    }
    for (const { resource } of items) for (const pod of [...expected]) if (resource.metadata.id.startsWith(pod)) expected.delete(pod);
    if (expected.size > 0) throw new Error(`missing static pods on node ${node.internalIp}: [${[...expected].sort().join(' ')}]`);
  }
}

async function fullControlPlane({ kube, info }: HealthReplay): Promise<void> {
  const nodes = await kube.list<KubeNode>('/api/v1/nodes');
  const actual = nodes.items.filter((node) => 'node-role.kubernetes.io/control-plane' in (node.metadata.labels ?? {})).map(nodeInfoOf);
  nodesMatch(info.controlPlanes, actual);
  await kube.list('/apis/apps/v1/namespaces/kube-system/daemonsets', 'k8s-app in (kube-apiserver,kube-scheduler,kube-controller-manager)');
  for (const app of ['kube-apiserver', 'kube-scheduler', 'kube-controller-manager']) {
    let pods: { items: KubePod[] };
    try {
      pods = await kube.list<KubePod>('/api/v1/namespaces/kube-system/pods', `k8s-app = ${app}`);
    } catch (error) {
      throw new Error(`error listing pods for app ${app}: ${(error as Error).message}`);
    }
    const own = pods.items.filter((pod) => !(pod.metadata.annotations ?? {})['checkpointer.alpha.coreos.com/checkpoint-of']);
    if (own.length !== actual.length) throw new Error(`expected number of pods for ${app} to be ${actual.length}, got ${own.length}`);
    const notReady = own.filter((pod) => pod.status.conditions?.some((condition) => condition.type === 'Ready' && condition.status !== 'True')).map((pod) => pod.metadata.name);
    if (notReady.length > 0) throw new Error(`some pods are not ready for ${app}: [${notReady.join(' ')}]`);
  }
}

async function allNodesReady(replay: HealthReplay): Promise<typeof SKIP | void> {
  if (await cniDisabled(replay)) return SKIP;
  const nodes = await replay.kube.list<KubeNode>('/api/v1/nodes');
  const notReady = nodes.items.filter((node) => node.status.conditions?.some((condition) => condition.type === 'Ready' && condition.status !== 'True')).map((node) => node.metadata.name);
  if (notReady.length > 0) throw new Error(`some nodes are not ready: [${notReady.join(' ')}]`);
}

/** K8sPodReadyAssertion. */
async function podsReady(kube: KubeRestClient, replicas: number, selector: string): Promise<void> {
  const pods = await kube.list<KubePod>('/api/v1/namespaces/kube-system/pods', selector);
  if (pods.items.length === 0) throw new Error(`no pods found for namespace "kube-system" and label selector "${selector}"`);
  const ready: string[] = [];
  const notReady: string[] = [];
  for (const pod of pods.items) {
    if (pod.metadata.deletionTimestamp || pod.status.phase === 'Failed') continue;
    if ((pod.status.containerStatuses ?? []).every((status) => status.state.terminated !== undefined)) continue;
    (podReady(pod) ? ready : notReady).push(pod.metadata.name);
  }
  if (ready.length === 0) throw new Error(`no ready pods found for namespace "kube-system" and label selector "${selector}"`);
  if (notReady.length > 0) throw new Error(`some pods are not ready: [${notReady.join(' ')}]`);
  if (ready.length !== replicas) throw new Error(`expected ${replicas} ready pods, got ${ready.length}`);
}

async function kubeProxyReady({ kube }: HealthReplay): Promise<typeof SKIP | void> {
  const sets = await kube.list<{ status: { desiredNumberScheduled?: number } }>('/apis/apps/v1/namespaces/kube-system/daemonsets', 'k8s-app=kube-proxy');
  if (sets.items.length === 0) return SKIP;
  await podsReady(kube, sets.items[0]!.status.desiredNumberScheduled ?? 0, 'k8s-app=kube-proxy');
}

async function corednsReady(replay: HealthReplay): Promise<typeof SKIP | void> {
  if (await cniDisabled(replay)) return SKIP;
  const deployments = await replay.kube.list<{ spec: { replicas?: number } }>('/apis/apps/v1/namespaces/kube-system/deployments', 'k8s-app=kube-dns');
  if (deployments.items.length === 0) return SKIP;
  await podsReady(replay.kube, deployments.items[0]!.spec.replicas ?? 0, 'k8s-app=kube-dns');
}

async function allNodesSchedulable({ kube }: HealthReplay): Promise<void> {
  const nodes = await kube.list<KubeNode>('/api/v1/nodes');
  // upstream stops at the first cordoned node
  const cordoned = nodes.items.find((node) => node.spec.unschedulable === true);
  if (cordoned) throw new Error(`some nodes are not schedulable: [${cordoned.metadata.name}]`);
}

/** K8sComponentsReadinessChecks then the rest of DefaultClusterChecks, in talosctl's order. */
export const KUBERNETES_CHECKS: Array<[string, (replay: HealthReplay) => Promise<typeof SKIP | void>]> = [
  ['all k8s nodes to report', allNodesReported],
  ['all control plane static pods to be running', controlPlaneStaticPods],
  ['all control plane components to be ready', fullControlPlane],
  ['all k8s nodes to report ready', allNodesReady],
  ['kube-proxy to report ready', kubeProxyReady],
  ['coredns to report ready', corednsReady],
  ['all k8s nodes to report schedulable', allNodesSchedulable],
];

/** One pass of every Kubernetes check: the reporter's line for each. */
export async function kubernetesHealthLines(replay: HealthReplay): Promise<string[]> {
  const lines: string[] = [];
  for (const [name, check] of KUBERNETES_CHECKS) {
    try {
      const outcome = await check(replay);
      lines.push(`waiting for ${name}: ${outcome === SKIP ? 'SKIP' : 'OK'}`);
    } catch (error) {
      lines.push(`waiting for ${name}: ${(error as Error).message}`);
    }
  }
  return lines;
}
