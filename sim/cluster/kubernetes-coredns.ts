// The coredns Deployment's two replicas as the scheduler and the ReplicaSet controller keep them:
// a replica waits (Pending) until some node is Ready and schedulable, then stays on the node it
// was placed on (a cordon does not move it); each replica prefers a node the other does not use.
// Evicting a replica's pod (`kubectl drain`, `talosctl upgrade --drain`) deletes it and the
// ReplicaSet creates a new pod (a new generation: new name and uid), placed anew. Leaves out:
// the taint manager's eviction of pods from an unreachable node after 300 s, resource fit.
/** What placement needs of a Kubernetes node (kubernetes.ts's KubernetesNode has these). */
interface SchedulableNode {
  name: string;
  ready: boolean;
  unschedulable: boolean;
  /** Registration order. */
  index: number;
}

export interface CorednsReplica {
  index: number;
  /** 0 for the pod the Deployment first created; +1 per eviction. */
  generation: number;
  node: string | undefined;
  createdMs: number | undefined;
  resourceVersion: number;
}

export const COREDNS_REPLICAS = 2;

export class CorednsReplicas {
  readonly replicas: CorednsReplica[] = Array.from({ length: COREDNS_REPLICAS }, (_, index) => ({ index, generation: 0, node: undefined, createdMs: undefined, resourceVersion: 1 }));

  constructor(private readonly bump: () => number) {}

  /** Places every replica without a node (registration order, spread first); true when one moved. */
  place(nodes: Iterable<SchedulableNode>, nowMs: number): boolean {
    // Every replica placed (the steady state): nothing to decide, and no pass over the nodes, which
    // each node's Ready flip asks for (a filter and sort of every node per node made a big boot O(n^2)).
    if (this.replicas.every((replica) => replica.node !== undefined && replica.createdMs !== undefined)) return false;
    const candidates = [...nodes].filter((node) => node.ready && !node.unschedulable).sort((a, b) => a.index - b.index);
    let placed = false;
    for (const replica of this.replicas) {
      if (replica.createdMs === undefined) replica.createdMs = nowMs;
      if (replica.node !== undefined || candidates.length === 0) continue;
      const used = new Set(this.replicas.map((other) => other.node));
      replica.node = (candidates.find((node) => !used.has(node.name)) ?? candidates[0]!).name;
      replica.resourceVersion = this.bump();
      placed = true;
    }
    return placed;
  }

  /** The replicas as etcd kept them (a resumed cluster): where each runs, its generation and times. */
  restore(kept: readonly CorednsReplica[]): void {
    for (const replica of kept) {
      const into = this.replicas[replica.index];
      if (into) Object.assign(into, structuredClone(replica));
    }
  }

  /** A node left the cluster: its replicas are recreated elsewhere. */
  forget(node: string, nowMs: number): void {
    for (const replica of this.replicas) if (replica.node === node) this.recreate(replica, nowMs);
  }

  /** The eviction of a replica's pod: the ReplicaSet creates its successor (unplaced). */
  recreate(replica: CorednsReplica, nowMs: number): void {
    replica.generation += 1;
    replica.node = undefined;
    replica.createdMs = nowMs;
    replica.resourceVersion = this.bump();
  }
}
