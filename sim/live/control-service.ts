// The handlers of talsim's live control service (`talsim.control.v1.ControlService`): each reads
// the request, acts through the one path the scenario runner also uses (the cluster's fault
// registry, the pacer through TimeSteering) and turns the result into the reply's shape. Refusals
// are ControlRequestError or FaultError; the server (control-server.ts) maps them to gRPC status
// and checks the caller's token before a handler runs. Fault changes are traced by the registry
// (`fault`), time changes by TimeSteering (`control`).
import type { SimCluster } from '../cluster/cluster.ts';
import type { FaultKind } from '../faults/fault-kind.ts';
import { faultKind } from '../faults/fault-catalogue.ts';
import { faultRegistryOf, type ActiveFault } from '../faults/active-faults.ts';
import type { FaultInjectRequest__Output } from '../../proto/gen/talsim/control/v1/FaultInjectRequest.ts';
import type { FaultHealRequest__Output } from '../../proto/gen/talsim/control/v1/FaultHealRequest.ts';
import type { TimeControlRequest__Output } from '../../proto/gen/talsim/control/v1/TimeControlRequest.ts';
import type { ActiveFault as ActiveFaultMessage } from '../../proto/gen/talsim/control/v1/ActiveFault.ts';
import type { StatusResponse } from '../../proto/gen/talsim/control/v1/StatusResponse.ts';
import type { TimeControlResponse } from '../../proto/gen/talsim/control/v1/TimeControlResponse.ts';
import { ControlRequestError } from './control-errors.ts';
import { parseTargetTexts, targetTexts } from './control-targets.ts';
import { summariseCluster } from './control-status.ts';
import type { TimeSteering, TimeState } from './control-time.ts';

/** What the control service steers: a live cluster and its time. */
export interface ControlledCluster {
  cluster: SimCluster;
  time: TimeSteering;
  /** Brings the API listeners up to date after a change made outside a kernel event. */
  afterChange(): Promise<void>;
  /** Each node's talosctl name (talosctlNode), for Status. */
  talosctlNodes?: ReadonlyMap<string, string>;
}

export type ControlMethod = 'FaultInject' | 'FaultHeal' | 'FaultList' | 'TimeControl' | 'Status';
export type ControlHandlers = Record<ControlMethod, (request: any) => Promise<unknown>>;

export function controlHandlers(target: ControlledCluster): ControlHandlers {
  const registry = faultRegistryOf(target.cluster);
  return {
    async FaultInject(request: FaultInjectRequest__Output) {
      const kind = faultKind(request.kind);
      const targets = parseTargetTexts(kind, request.targets);
      const options = parseParams(kind, request.params_json);
      const durationMs = parseWholeMs('duration_ms', request.duration_ms);
      const id = registry.inject(kind.kind, targets, options, durationMs === 0 ? undefined : durationMs);
      await target.afterChange();
      return { fault_id: id };
    },
    async FaultHeal(request: FaultHealRequest__Output) {
      const healed = healFaults(target.cluster, request);
      await target.afterChange();
      return { healed };
    },
    async FaultList() {
      return { faults: registry.list().map(activeFaultMessage) };
    },
    async TimeControl(request: TimeControlRequest__Output) {
      const state = await steerTime(target.time, request);
      await target.afterChange();
      return timeMessage(state);
    },
    async Status(): Promise<StatusResponse> {
      const summary = summariseCluster(target.cluster, target.time.state(), target.talosctlNodes);
      return {
        ...timeMessage(summary),
        nodes: summary.nodes.map((node) => ({ name: node.name, role: node.role, address: node.address, talosctl_node: node.talosctlNode, stage: node.stage, ready: node.ready, apply_state: node.applyState, apply_reason: node.applyReason, diagnostics: node.diagnostics })),
      };
    },
  };
}

function healFaults(cluster: SimCluster, request: FaultHealRequest__Output): string[] {
  const registry = faultRegistryOf(cluster);
  const activeIds = registry.list().map((fault) => fault.id);
  if (request.all) {
    registry.healAll();
    return activeIds;
  }
  if (request.fault_id === '') throw new ControlRequestError('InvalidArgument', 'fault_id: expected the id of an active fault (or all), found none');
  if (!registry.heal(request.fault_id)) {
    throw new ControlRequestError('NotFound', `no active fault ${JSON.stringify(request.fault_id)} (active: ${activeIds.join(', ') || 'none'})`);
  }
  return [request.fault_id];
}

function steerTime(time: TimeSteering, request: TimeControlRequest__Output): TimeState | Promise<TimeState> {
  switch (request.action) {
    case 'PAUSE':
      return time.pause();
    case 'RESUME':
      return time.resume();
    case 'SPEED':
      return time.setSpeed(request.speed);
    case 'ADVANCE':
      return time.advance(parseWholeMs('advance_ms', request.advance_ms));
  }
  throw new ControlRequestError('InvalidArgument', `action: expected PAUSE, RESUME, SPEED or ADVANCE, found ${JSON.stringify(request.action)}`);
}

/** The kind's options from `params_json` ('' = none), checked against the kind's schema. */
function parseParams(kind: FaultKind, paramsJson: string): Record<string, unknown> {
  let params: unknown = {};
  try {
    if (paramsJson.trim() !== '') params = JSON.parse(paramsJson);
  } catch (error) {
    throw new ControlRequestError('InvalidArgument', `params_json: expected a JSON object, found ${JSON.stringify(paramsJson)} (${(error as Error).message})`);
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new ControlRequestError('InvalidArgument', `params_json: expected a JSON object, found ${JSON.stringify(paramsJson)}`);
  }
  const result = kind.options.safeParse(params);
  if (result.success) return params as Record<string, unknown>;
  const problems = result.error.issues.map((issue) => `${['options', ...issue.path.map(String)].join('.')}: ${issue.message}`);
  const names = Object.keys(kind.options.shape);
  throw new ControlRequestError('InvalidArgument', `fault ${kind.kind}: ${problems.join('; ')} (its options: ${names.join(', ') || 'none'}; \`talsim fault kinds\` describes them)`);
}

/** An int64 field as proto-loader hands it over (a decimal string): a whole number of ms >= 0. */
function parseWholeMs(field: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new ControlRequestError('InvalidArgument', `${field}: expected a whole number of ms >= 0, found ${JSON.stringify(text)}`);
  return value;
}

function activeFaultMessage(fault: ActiveFault): ActiveFaultMessage {
  return {
    fault_id: fault.id,
    kind: fault.kind,
    targets: targetTexts(fault.targets),
    params_json: JSON.stringify(fault.options),
    started_ms: Math.floor(fault.injectedAtMs),
    ends_ms: Math.floor(fault.healsAtMs ?? 0),
  };
}

function timeMessage(state: TimeState): TimeControlResponse {
  return { virtual_ms: Math.floor(state.virtualMs), speed: state.speed, paused: state.paused };
}
