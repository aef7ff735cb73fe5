// The Kubernetes control plane as a model: the API server answers when some control plane runs
// kube-apiserver and etcd has quorum with acceptable latency; kubelets register their nodes with
// labels and taints; a node is Ready once its kubelet is healthy and its CNI is up. Leaves out:
// pods other than the control plane's static pods and the CNI, scheduling, controllers' logic.
import type { TraceRecorder } from '../kernel/trace.ts';
import { ETCD_REQUEST_TIMEOUT_MS, type EtcdCluster } from './etcd-cluster.ts';

export interface KubernetesNode {
  name: string;
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
  ready: boolean;
  registeredMs: number;
}

export class KubernetesCluster {
  readonly nodes = new Map<string, KubernetesNode>();
  /** Control-plane nodes whose kube-apiserver static pod is running. */
  private readonly apiServers = new Set<string>();

  constructor(
    private readonly etcd: EtcdCluster,
    private readonly trace: TraceRecorder,
    private readonly clock: { readonly now: number },
  ) {}

  /** Control-plane nodes whose kube-apiserver runs (what a kubelet can post its status to). */
  apiServerNodes(): string[] {
    return [...this.apiServers];
  }

  setApiServerRunning(node: string, running: boolean): void {
    if (running) this.apiServers.add(node);
    else this.apiServers.delete(node);
  }

  /** Why the API is not available from `node`, or null when it answers. */
  apiUnavailableReason(): string | null {
    if (this.apiServers.size === 0) return 'kube-apiserver is not running';
    if (!this.etcd.hasQuorum()) return 'etcd has no quorum';
    if (this.etcd.commitLatencyMs() > ETCD_REQUEST_TIMEOUT_MS) return 'etcd requests time out (slow commits)';
    return null;
  }

  get apiAvailable(): boolean {
    return this.apiUnavailableReason() === null;
  }

  /** kubelet registers (or re-registers) its node; only while the API answers. */
  /** What applyLabels merged last per node: the same labels onto the same result are not merged again each pass. */
  private readonly appliedLabels = new WeakMap<KubernetesNode, { from: Readonly<Record<string, string>>; result: Record<string, string> }>();

  register(name: string, labels: Readonly<Record<string, string>>, taints: KubernetesNode['taints']): boolean {
    if (!this.apiAvailable) return false;
    const existing = this.nodes.get(name);
    if (existing) return true;
    this.nodes.set(name, { name, labels: { ...labels }, taints: [...taints], ready: false, registeredMs: this.clock.now });
    this.trace.record(name, 'k8s.node-registered', { labels });
    return true;
  }

  /** Talos's NodeApplyController: set the labels and taints the config asks for. */
  applyLabels(name: string, labels: Readonly<Record<string, string>>, taints: KubernetesNode['taints']): boolean {
    const node = this.nodes.get(name);
    if (!node || !this.apiAvailable) return false;
    const last = this.appliedLabels.get(node);
    if (last?.from !== labels || last.result !== node.labels) {
      node.labels = { ...node.labels, ...labels };
      this.appliedLabels.set(node, { from: labels, result: node.labels });
    }
    node.taints = [...taints];
    return true;
  }

  setReady(name: string, ready: boolean): void {
    const node = this.nodes.get(name);
    if (!node || node.ready === ready || !this.apiAvailable) return;
    node.ready = ready;
    this.trace.record(name, ready ? 'k8s.node-ready' : 'k8s.node-not-ready', {});
  }

  remove(name: string): void {
    this.nodes.delete(name);
    this.apiServers.delete(name);
  }
}
