// MachineService Events: the empty "hello" event first (clients wait for it), then the replayed
// backlog chosen by tail_events (-1 = the whole buffer), tail_id or tail_seconds, then live events
// until the client goes, all filtered by with_actor_id. Each event's data is an Any with type URL
// `talos/runtime/<message>`, converted from the node's event bus.
import { goError } from '../api-error.ts';
import type { StreamHandler } from './api-contract.ts';
import { anyOf } from '../../proto/load.ts';
import { makeXid, type MachineEvent, type MachineEventPayload } from '../events/event-bus.ts';
import type { VirtualNode } from '../node.ts';
import { nodeWallMs } from './handler-support.ts';
import { untilAborted } from './virtual-wait.ts';

const XID = /^[0-9a-v]{20}$/;
/** Hello-event xid counters start high, away from the event bus's own counter. */
let helloCounter = 0x800000;

/** The node's machine-id bytes the event bus stamps into xids (same named stream as the node). */
function machineIdOf(node: VirtualNode): number[] {
  return node.random.child('machine-id').hex(10).match(/../g)!.map((pair) => parseInt(pair, 16));
}

const STAGE_ENUM: Record<string, string> = { 'shutting down': 'SHUTTING_DOWN' };

/** The proto message of an event payload, snake_case, enums by name. */
function payloadMessage(payload: MachineEventPayload): Record<string, unknown> {
  switch (payload.type) {
    case 'machine.SequenceEvent':
      return { sequence: payload.sequence, action: payload.action, error: payload.error ? { code: 'FATAL', message: payload.error, details: [] } : null };
    case 'machine.PhaseEvent':
      return { phase: payload.phase, action: payload.action };
    case 'machine.TaskEvent':
      return { task: payload.task, action: payload.action };
    case 'machine.ServiceStateEvent':
      return { service: payload.service, action: payload.action, message: payload.message, health: { unknown: payload.unknown, healthy: payload.healthy ?? false } };
    case 'machine.MachineStatusEvent':
      return {
        stage: STAGE_ENUM[payload.stage] ?? payload.stage.toUpperCase(),
        status: { ready: payload.ready, unmet_conditions: payload.unmetConditions.map(({ name, reason }) => ({ name, reason })) },
      };
    case 'machine.ConfigValidationErrorEvent':
    case 'machine.ConfigLoadErrorEvent':
      return { error: payload.error };
    case 'machine.AddressEvent':
      return { hostname: payload.hostname, addresses: payload.addresses };
    case 'machine.RestartEvent':
      return { cmd: payload.cmd };
  }
}

export function eventMessage(event: MachineEvent) {
  return { data: anyOf(event.payload.type, payloadMessage(event.payload)), id: event.id, actor_id: event.actorId };
}

function helloEvent(node: VirtualNode, actorId: string) {
  const id = makeXid(Math.floor(node.wallTimeMs() / 1000), machineIdOf(node), helloCounter++ & 0xffffff);
  return { data: { type_url: '', value: Buffer.alloc(0) }, id, actor_id: actorId };
}

interface EventsRequest {
  tail_events: number;
  tail_id: string;
  tail_seconds: number;
  with_actor_id: string;
}

/** The buffered events to replay, by the first of tail_events, tail_id, tail_seconds that is set. */
function backlog(node: VirtualNode, request: EventsRequest): readonly MachineEvent[] {
  const events = node.events.all();
  if (request.tail_events < 0) return events;
  if (request.tail_events > 0) return events.slice(Math.max(0, events.length - request.tail_events));
  if (request.tail_id !== '') {
    if (!XID.test(request.tail_id)) throw goError('error parsing tail_id: xid: invalid ID');
    return events.filter((event) => event.id > request.tail_id);
  }
  if (request.tail_seconds !== 0) {
    const sinceWallMs = node.wallTimeMs() - request.tail_seconds * 1000;
    return events.filter((event) => nodeWallMs(node, event.timeMs) > sinceWallMs);
  }
  return [];
}

const events: StreamHandler = async (request: EventsRequest, { node, signal }, send) => {
  const wanted = (event: MachineEvent) => request.with_actor_id === '' || event.actorId === request.with_actor_id;
  send(helloEvent(node, request.with_actor_id));
  for (const event of backlog(node, request)) if (wanted(event)) send(eventMessage(event));
  const stop = node.events.subscribe((event) => wanted(event) && send(eventMessage(event)));
  await untilAborted(signal);
  stop();
};

export const eventHandlers: Record<string, StreamHandler> = { Events: events };
