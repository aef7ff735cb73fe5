// Kubernetes Events the kubelet and the node controller emit (Starting, NodeReady, NodeNotReady,
// RegisteredNode...): kept in memory like the apiserver's event store, a repeat of the same
// reason for the same object bumps `count` and `lastTimestamp` instead of adding an event.
// Leaves out: the one-hour TTL (the oldest are dropped past a cap instead) and the events.k8s.io
// series fields.
/** A change of the Kubernetes model, as the API edge's watches hear of it. */
export type KubeObjectKind = 'Node' | 'Pod' | 'Lease' | 'Event';
export type KubeChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface KubeChange {
  kind: KubeObjectKind;
  type: KubeChangeType;
  /** Node name, `namespace/name` for pods and events. */
  key: string;
  resourceVersion: number;
}

export interface KubeEventSource {
  component: string;
  host?: string;
}

export interface KubeInvolvedObject {
  kind: string;
  name: string;
  namespace?: string;
  /** kubelet names the node as its uid; the node controller uses the Node's real uid. */
  uid: string;
}

export interface KubeEvent {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: number;
  involved: KubeInvolvedObject;
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  source: KubeEventSource;
  firstMs: number;
  lastMs: number;
  count: number;
}

const MAX_EVENTS = 2_000;

/** What a cluster keeps of its Events across a power cut. */
export interface KeptEvents {
  sequence: number;
  events: KubeEvent[];
}

/** Events with the same key are one Event counted again (the event recorder's aggregation). */
function repeatKey(involved: KubeInvolvedObject, reason: string, message: string, source: KubeEventSource): string {
  return `${involved.kind}/${involved.namespace ?? ''}/${involved.name}/${involved.uid}/${reason}/${message}/${source.component}`;
}

export class KubernetesEvents {
  private readonly byName = new Map<string, KubeEvent>();
  private readonly latestByKey = new Map<string, KubeEvent>();
  private sequence = 0;

  constructor(
    private readonly bump: () => number,
    private readonly emit: (change: KubeChange) => void,
    private readonly clock: { readonly now: number },
    private readonly uid: (path: string) => string,
  ) {}

  all(): KubeEvent[] {
    return [...this.byName.values()];
  }

  /** The Events as etcd stores them (within their TTL, at most MAX_EVENTS), and the name sequence. */
  kept(): KeptEvents {
    return { sequence: this.sequence, events: this.all().map((event) => structuredClone(event)) };
  }

  /** The Events back as etcd kept them (a resumed cluster); repeats count on as before the cut. */
  restore(kept: KeptEvents): void {
    this.sequence = Math.max(this.sequence, kept.sequence);
    for (const event of kept.events) {
      const copy = structuredClone(event);
      this.byName.set(`${copy.namespace}/${copy.name}`, copy);
      this.latestByKey.set(repeatKey(copy.involved, copy.reason, copy.message, copy.source), copy);
    }
  }

  record(involved: KubeInvolvedObject, reason: string, message: string, type: KubeEvent['type'], source: KubeEventSource): void {
    const key = repeatKey(involved, reason, message, source);
    const now = this.clock.now;
    const repeat = this.latestByKey.get(key);
    if (repeat && this.byName.has(`${repeat.namespace}/${repeat.name}`)) {
      repeat.count += 1;
      repeat.lastMs = now;
      repeat.resourceVersion = this.bump();
      this.emit({ kind: 'Event', type: 'MODIFIED', key: `${repeat.namespace}/${repeat.name}`, resourceVersion: repeat.resourceVersion });
      return;
    }
    const namespace = involved.namespace || 'default';
    const sequence = this.sequence++;
    const name = `${involved.name}.${(0x180000000000 + sequence * 0x1f3 + now).toString(16)}`;
    const event: KubeEvent = {
      name, namespace, uid: this.uid(`event/${sequence}`), resourceVersion: this.bump(), involved, reason, message, type, source, firstMs: now, lastMs: now, count: 1,
    };
    this.byName.set(`${namespace}/${name}`, event);
    this.latestByKey.set(key, event);
    this.emit({ kind: 'Event', type: 'ADDED', key: `${namespace}/${name}`, resourceVersion: event.resourceVersion });
    if (this.byName.size > MAX_EVENTS) {
      const oldest = this.byName.keys().next().value!;
      this.byName.delete(oldest);
    }
  }
}
