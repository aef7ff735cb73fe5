// The live control service's summary of a running cluster (`talsim status`): virtual time, pace,
// and for every node its role, LAN address, the address `talosctl -n` takes, machine stage, readiness (MachineStatus, as talosctl
// reads it), where its last apply stands, and its Diagnostics (what the node reports as wrong). Read from outside the simulated world, like the
// scenario checkers: it never changes anything.
import type { SimCluster } from '../cluster/cluster.ts';
import type { VirtualNode } from '../../nodes/node.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import type { MachineStatusSpec } from '../../nodes/controllers/machine-status-controller.ts';
import type { TimeState } from './control-time.ts';
import type { DiagnosticSpec } from '../../nodes/api/api-certificates.ts';

export interface NodeSummary {
  name: string;
  role: string;
  address: string;
  /** Talos machine stage; `unknown` while the node is powered off. */
  stage: string;
  ready: boolean;
  applyState: string;
  /** What `talosctl -n` names the node by (talosctlNode: its listener's 127.0.0.x address, else its LAN address). */
  talosctlNode: string;
  /** Why the apply is stuck; empty otherwise. */
  applyReason: string;
  /** The node's Diagnostics resources, as `<id>: <message>: <details>` (e.g. apid's certificate cannot be issued). */
  diagnostics: string[];
}

export interface ClusterSummary extends TimeState {
  nodes: NodeSummary[];
}

/** `talosctlNodes`: each node's talosctl name (what `talsim up` wrote to talosconfig); a node missing from it is named by its LAN address. */
export function summariseCluster(cluster: SimCluster, time: TimeState, talosctlNodes: ReadonlyMap<string, string> = new Map()): ClusterSummary {
  const nodes = cluster.plan.nodes.map((plan) => summariseNode(cluster.node(plan.name), plan.role, talosctlNodes.get(plan.name)));
  return { ...time, nodes };
}

function summariseNode(node: VirtualNode, role: string, talosctlNode: string | undefined): NodeSummary {
  const status = node.resources.get<MachineStatusSpec>('runtime', RT.machineStatus, 'machine')?.spec;
  const poweredOn = node.isPoweredOn();
  return {
    name: node.name,
    role,
    address: node.reservedIp,
    talosctlNode: talosctlNode ?? node.reservedIp,
    stage: poweredOn ? (status?.stage ?? node.stage()) : 'unknown',
    ready: poweredOn && Boolean(status?.status.ready),
    applyState: node.apply.state(),
    applyReason: node.apply.state() === 'stuck' ? node.apply.reason() : '',
    diagnostics: node.resources.list('runtime', RT.diagnostic).map((resource) => {
      const spec = resource.spec as DiagnosticSpec;
      return [resource.metadata.id, spec.message, ...spec.details].join(': ');
    }),
  };
}
