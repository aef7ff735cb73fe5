// COSI State/Watch over a node's resources, as the COSI gRPC server answers it: first an empty
// WatchResponse (the client waits for it to know the watch is set up), then
// - a kind watch (no id): with bootstrap_contents, CREATED for every existing resource that
//   passes the label/id queries and one BOOTSTRAPPED without a resource; with tail_events, the
//   last changes from the node's history; then every change as CREATED/UPDATED/DESTROYED, where a
//   resource that starts or stops passing the queries reads as CREATED or DESTROYED;
// - a single-resource watch (id set): the resource as CREATED, or a tombstone as DESTROYED when
//   it does not exist (the last changes to it instead, with tail_events), then its changes;
//   bootstrap_contents and label queries are refused there (Unimplemented).
// Runs until the client cancels (context.signal). api_version 0 clients never see BOOTSTRAPPED.
// `aggregated` puts the bootstrap contents in one WatchResponse; live changes come one by one.
//
// Leaves out: bookmarks (start_from_bookmark is refused, bootstrap_bookmark ignored) and
// ERRORED events (the store never fails a watch).

import { TalosApiError } from '../api-error.ts';
import type { VirtualNode } from '../node.ts';
import type { Resource, ResourceEvent } from '../resources/resource-store.ts';
import type { CallContext } from './api-contract.ts';
import type { WatchRequest__Output } from '../../proto/gen/cosi/resource/WatchRequest.ts';
import type { WatchOptions__Output } from '../../proto/gen/cosi/resource/WatchOptions.ts';
import type { Event as WireEvent } from '../../proto/gen/cosi/resource/Event.ts';
import type { EventType__Output } from '../../proto/gen/cosi/resource/EventType.ts';
import type { WatchResponse } from '../../proto/gen/cosi/resource/WatchResponse.ts';
import { authorizeRead, COSI_ERRORS } from './cosi-state-access.ts';
import { resourceFilter, type ResourceFilter } from './cosi-queries.ts';
import { getNodeResource, listNodeResources } from './cosi-resource-source.ts';
import { wireResource, wireTombstone } from './cosi-resource-wire.ts';
import { attachResourceHistory } from './cosi-resource-history.ts';

type Send = (message: WatchResponse) => void;

/** The COSI event of a change, or undefined when the watcher must not see it. */
type EventMapper = (change: ResourceEvent) => WireEvent | undefined;

interface WatchPlan {
  /** Events sent right after the empty response, before any live change. */
  initialEvents: WireEvent[];
  /** Send initialEvents as one WatchResponse rather than one each. */
  aggregated: boolean;
  live: EventMapper;
}

export async function watchResources(request: WatchRequest__Output, context: CallContext, send: Send): Promise<void> {
  authorizeRead(context, request.namespace, request.type);
  const options = request.options ?? emptyWatchOptions();
  if (options.start_from_bookmark !== undefined && options.start_from_bookmark !== null) {
    throw new TalosApiError('FailedPrecondition', COSI_ERRORS.bookmarksUnsupported);
  }
  const single = request.id !== undefined && request.id !== null;
  const plan = single ? singleResourcePlan(context.node, request, options) : kindPlan(context.node, request, options);
  if (context.signal.aborted) return;
  send({ event: [] });
  if (plan.aggregated && plan.initialEvents.length > 0) send({ event: plan.initialEvents });
  else for (const event of plan.initialEvents) send({ event: [event] });
  await streamLiveChanges(context, plan.live, send);
}

/** Forwards mapped changes until the client cancels; a failed send ends the watch with its error. */
function streamLiveChanges(context: CallContext, live: EventMapper, send: Send): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stop = (error?: unknown) => {
      unsubscribe();
      context.signal.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = () => stop();
    const unsubscribe = context.node.resources.watch((change) => {
      const event = live(change);
      if (event === undefined) return;
      try {
        send({ event: [event] });
      } catch (error) {
        stop(error);
      }
    });
    if (context.signal.aborted) stop();
    else context.signal.addEventListener('abort', onAbort, { once: true });
  });
}

function kindPlan(node: VirtualNode, request: WatchRequest__Output, options: WatchOptions__Output): WatchPlan {
  const filter = resourceFilter(options.label_query, options.id_query);
  const passes = (resource: Resource) => filter.id(resource.metadata.id) && filter.labels(resource.metadata.labels);
  const sameKind = (resource: Resource) => resource.metadata.namespace === request.namespace && resource.metadata.type === request.type;
  const history = attachResourceHistory(node.resources);
  const initialEvents: WireEvent[] = [];
  if (options.bootstrap_contents) {
    for (const resource of listNodeResources(node, request.namespace, request.type).filter(passes)) {
      initialEvents.push(wireEvent(node, 'CREATED', resource));
    }
    if (request.api_version >= 1) initialEvents.push({ event_type: 'BOOTSTRAPPED' });
  } else if (options.tail_events > 0) {
    const tail = history.tail(request.namespace, request.type, options.tail_events, (change) => passes(change.resource));
    for (const change of tail) initialEvents.push(wireEvent(node, eventTypeOf(change), change.resource, change.old));
  }
  const live: EventMapper = (change) => (sameKind(change.resource) ? kindEvent(node, change, filter) : undefined);
  return { initialEvents, aggregated: options.aggregated, live };
}

/** A change as a kind watcher with queries sees it: entering the filter creates, leaving destroys. */
function kindEvent(node: VirtualNode, change: ResourceEvent, filter: ResourceFilter): WireEvent | undefined {
  const passes = (resource: Resource | undefined) => resource !== undefined && filter.id(resource.metadata.id) && filter.labels(resource.metadata.labels);
  const now = passes(change.resource);
  if (change.type !== 'updated') return now ? wireEvent(node, eventTypeOf(change), change.resource) : undefined;
  const before = passes(change.old);
  if (now && before) return wireEvent(node, 'UPDATED', change.resource, change.old);
  if (now) return wireEvent(node, 'CREATED', change.resource);
  if (before) return wireEvent(node, 'DESTROYED', change.resource);
  return undefined;
}

function singleResourcePlan(node: VirtualNode, request: WatchRequest__Output, options: WatchOptions__Output): WatchPlan {
  if (options.bootstrap_contents) throw new TalosApiError('Unimplemented', COSI_ERRORS.bootstrapOnResourceWatch);
  if ((options.label_query ?? []).length > 0) throw new TalosApiError('Unimplemented', COSI_ERRORS.labelQueryOnResourceWatch);
  const id = request.id as string;
  const isTarget = (resource: Resource) =>
    resource.metadata.namespace === request.namespace && resource.metadata.type === request.type && resource.metadata.id === id;
  const history = attachResourceHistory(node.resources);
  let initialEvents: WireEvent[];
  if (options.tail_events > 0) {
    const tail = history.tail(request.namespace, request.type, options.tail_events, (change) => change.resource.metadata.id === id);
    initialEvents = tail.map((change) => wireEvent(node, eventTypeOf(change), change.resource, change.old));
  } else {
    const current = getNodeResource(node, request.namespace, request.type, id);
    initialEvents = [
      current ? wireEvent(node, 'CREATED', current) : { event_type: 'DESTROYED', resource: wireTombstone(request.namespace, request.type, id) },
    ];
  }
  const live: EventMapper = (change) =>
    isTarget(change.resource) ? wireEvent(node, eventTypeOf(change), change.resource, change.type === 'updated' ? change.old : undefined) : undefined;
  return { initialEvents, aggregated: false, live };
}

function eventTypeOf(change: ResourceEvent): EventType__Output {
  return change.type === 'created' ? 'CREATED' : change.type === 'updated' ? 'UPDATED' : 'DESTROYED';
}

function wireEvent(node: VirtualNode, eventType: EventType__Output, resource: Resource, old?: Resource): WireEvent {
  return {
    event_type: eventType,
    resource: wireResource(node, resource),
    ...(old === undefined ? {} : { old: wireResource(node, old) }),
  };
}

function emptyWatchOptions(): WatchOptions__Output {
  return { bootstrap_contents: false, tail_events: 0, label_query: [], id_query: null, aggregated: false, bootstrap_bookmark: false };
}
