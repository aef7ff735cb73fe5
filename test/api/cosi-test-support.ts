// Shared by the COSI tests: a real simulated cluster (one control plane, one worker) booted and
// bootstrapped in virtual time, CallContexts for its nodes, and helpers that run a handler's
// messages through the protobuf wire the way grpc-js and talosctl would.

import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { bootstrap } from '../../nodes/node-commands.ts';
import type { VirtualNode } from '../../nodes/node.ts';
import type { Role } from '../../nodes/vocabulary.ts';
import type { CallContext, StreamHandler } from '../../nodes/api/api-contract.ts';
import { decodeMessage, encodeMessage } from '../../proto/load.ts';

const TWO_NODE_SCENARIO = `name: cosi
seed: 11
duration: 10m
cluster:
  name: talsim
  nodes:
    - group: cp
      count: 1
      role: controlplane
    - group: worker
      count: 1
      role: worker
`;

/** A 1 CP + 1 worker cluster, powered on; not yet bootstrapped. */
export function poweredOnCluster(): SimCluster {
  const plan = loadScenarioText(TWO_NODE_SCENARIO, 'cosi-inline.yaml', () => '');
  const cluster = new SimCluster(plan.cluster, { seed: '11' });
  cluster.powerOnAll();
  return cluster;
}

/** Runs the cluster until cp-1's etcd waits for bootstrap, bootstraps it, then until every node is running and ready. */
export function bootToRunning(cluster: SimCluster): void {
  const kernel = cluster.world.kernel;
  const controlPlane = cluster.node('cp-1');
  const limitMs = 10 * 60_000;
  while (controlPlane.services.state('etcd') !== 'Preparing') {
    if (kernel.now > limitMs) throw new Error('etcd never reached Preparing');
    kernel.runUntil(kernel.now + 1_000);
  }
  bootstrap(controlPlane);
  while (![...cluster.nodes.values()].every(isRunningAndReady)) {
    if (kernel.now > limitMs) throw new Error('cluster never became ready');
    kernel.runUntil(kernel.now + 1_000);
  }
}

export function isRunningAndReady(node: VirtualNode): boolean {
  const status = node.resources.get<{ stage: string; status: { ready: boolean } }>('runtime', 'MachineStatuses.runtime.talos.dev', 'machine');
  return status?.spec.stage === 'running' && status.spec.status.ready;
}

export function callContext(cluster: SimCluster, nodeName: string, roles: Role[] = ['os:admin'], signal = new AbortController().signal): CallContext {
  return { node: cluster.node(nodeName), cluster, roles: new Set(roles), maintenance: false, signal };
}

/** A request object exactly as grpc-js hands it to a handler: encoded, then decoded with our loader options. */
export function received<T>(fullName: string, request: object): T {
  return decodeMessage<T>(fullName, encodeMessage(fullName, request));
}

/** A reply as the client receives it: encoded as `fullName` (unknown fields refused), then decoded. */
export function overTheWire<T>(fullName: string, reply: unknown): T {
  return decodeMessage<T>(fullName, encodeMessage(fullName, reply as object));
}

/** Runs a stream handler to completion and returns what it sent. */
export async function collect(handler: StreamHandler, request: unknown, context: CallContext): Promise<unknown[]> {
  const messages: unknown[] = [];
  await handler(request, context, (message) => messages.push(message));
  return messages;
}
