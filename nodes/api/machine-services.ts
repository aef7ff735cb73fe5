// MachineService ServiceList, ServiceStart, ServiceStop and ServiceRestart over the node's
// service supervisor: services sorted by id, the newest 64 events always present (talosctl
// dereferences them), health with its last change, timestamps on the node's clock.
import type { ServiceOperation } from '../vocabulary.ts';
import type { UnaryHandler } from './api-contract.ts';
import { serviceOperation } from '../node-commands.ts';
import { MAX_SERVICE_EVENTS, type ServiceRecord } from '../node-services.ts';
import type { VirtualNode } from '../node.ts';
import { nodeTimestamp, single } from './handler-support.ts';

function serviceInfo(node: VirtualNode, record: ServiceRecord) {
  return {
    id: record.id,
    state: record.state,
    events: {
      events: record.events.slice(-MAX_SERVICE_EVENTS).map((event) => ({ msg: event.message, state: event.state, ts: nodeTimestamp(node, event.timeMs) })),
    },
    health: {
      unknown: record.health.unknown,
      healthy: record.health.healthy,
      last_message: record.health.lastMessage,
      last_change: nodeTimestamp(node, record.health.lastChangeMs),
    },
  };
}

const serviceList: UnaryHandler = (_request, { node }) => {
  const records = [...node.services.records.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return single({ services: records.map((record) => serviceInfo(node, record)) });
};

const operation =
  (kind: ServiceOperation): UnaryHandler =>
  (request: { id: string }, { node }) =>
    single({ resp: serviceOperation(node, request.id, kind) });

export const supervisorHandlers: Record<string, UnaryHandler> = {
  ServiceList: serviceList,
  ServiceStart: operation('start'),
  ServiceStop: operation('stop'),
  ServiceRestart: operation('restart'),
};
