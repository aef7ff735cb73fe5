// The recent changes of a node's resources, which a Watch with `tail_events` replays before its
// live events (COSI's in-memory state keeps such a history per namespace). Bounded: the oldest
// change is dropped once MAX_HISTORY_EVENTS are kept.
//
// Leaves out: history from before the first call. The history starts recording when
// attachResourceHistory first sees a store; call it when a node is built for a complete history.

import type { ResourceEvent, ResourceStore } from '../resources/resource-store.ts';

/** Changes kept per node (COSI's in-memory history holds up to 1024 per namespace). */
export const MAX_HISTORY_EVENTS = 1024;

export class ResourceHistory {
  private readonly events: ResourceEvent[] = [];

  constructor(store: ResourceStore) {
    store.watch((event) => this.record(event));
  }

  /** The last `count` changes to resources of (namespace, type) that `keep` accepts, oldest first. */
  tail(namespace: string, type: string, count: number, keep: (event: ResourceEvent) => boolean = () => true): ResourceEvent[] {
    const matching = this.events.filter(
      (event) => event.resource.metadata.namespace === namespace && event.resource.metadata.type === type && keep(event),
    );
    return count <= 0 ? [] : matching.slice(-count);
  }

  private record(event: ResourceEvent): void {
    this.events.push(event);
    if (this.events.length > MAX_HISTORY_EVENTS) this.events.shift();
  }
}

const histories = new WeakMap<ResourceStore, ResourceHistory>();

/** The history of a store, recording from the first call on. */
export function attachResourceHistory(store: ResourceStore): ResourceHistory {
  let history = histories.get(store);
  if (history === undefined) {
    history = new ResourceHistory(store);
    histories.set(store, history);
  }
  return history;
}
