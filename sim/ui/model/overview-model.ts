// One row per node for the cluster overview, as plain data: what `talosctl get machinestatus`
// and the design card's phase say, uptime in virtual time, and the badges of the faults acting on
// the node. Rows that did not change keep their identity, so memoised row components skip them.
import type { SimCluster } from '../../cluster/cluster.ts';
import type { VirtualNode } from '../../../nodes/node.ts';
import { RT } from '../../../nodes/resources/resource-types.ts';
import type { MachineStatusSpec } from '../../../nodes/controllers/machine-status-controller.ts';
import type { ActiveFaultInfo } from '../ui-session.ts';
import { formatSpan } from './format.ts';
import type { NodeRole } from '../../../nodes/vocabulary.ts';

export interface NodeRowModel {
  name: string;
  role: NodeRole;
  address: string;
  /** The phase: off, init, install, maintenance, booting, etcd-ready, Reconciling, running, rebooting... */
  stage: string;
  /** MachineStatus `status.ready`; undefined before the node writes one. */
  ready: boolean | undefined;
  /** Names of unmet conditions (time, network, services, staticPods, nodeReady). */
  unmet: string[];
  uptime: string;
  faults: string[];
  /** Where its Talos API listens on this machine (`127.0.0.2:50000`); empty when the nodes serve no API. */
  api: string;
}

export function machineStatusOf(node: VirtualNode): MachineStatusSpec | undefined {
  return node.resources.get<MachineStatusSpec>('runtime', RT.machineStatus, 'machine')?.spec;
}

export function roleOf(cluster: SimCluster, node: VirtualNode): NodeRole {
  if (node.config) return node.isControlPlane() ? 'controlplane' : 'worker';
  return cluster.planOf(node.name)?.role ?? 'worker';
}

export function uptimeMs(node: VirtualNode): number | undefined {
  if (!node.isPoweredOn() || ['off', 'firmware'].includes(node.lifecycleState())) return undefined;
  return node.world.kernel.now - node.bootStartedMs;
}

export function nodeRow(cluster: SimCluster, node: VirtualNode, faults: readonly ActiveFaultInfo[], api = ''): NodeRowModel {
  const status = machineStatusOf(node);
  const powered = node.isPoweredOn();
  const uptime = uptimeMs(node);
  return {
    name: node.name,
    role: roleOf(cluster, node),
    address: node.primaryAddress() ?? '-',
    stage: node.phase(),
    ready: powered && status ? status.status.ready : undefined,
    unmet: powered && status ? status.status.unmetConditions.map((condition) => condition.name) : [],
    uptime: uptime === undefined ? '-' : formatSpan(uptime),
    // A cluster-wide fault acts on every node, so every node's FAULTS column shows it.
    faults: faults.filter((fault) => fault.targets === 'cluster' || fault.nodes.includes(node.name)).map((fault) => fault.kind),
    api,
  };
}

export function sameRow(a: NodeRowModel, b: NodeRowModel): boolean {
  return (
    a.name === b.name &&
    a.role === b.role &&
    a.address === b.address &&
    a.stage === b.stage &&
    a.ready === b.ready &&
    a.uptime === b.uptime &&
    a.api === b.api &&
    a.unmet.join(',') === b.unmet.join(',') &&
    a.faults.join(',') === b.faults.join(',')
  );
}

/** Every node's row, in plan order, reusing `previous` rows that are unchanged. */
export function overviewRows(cluster: SimCluster, faults: readonly ActiveFaultInfo[], previous: readonly NodeRowModel[] = [], apis: ReadonlyMap<string, string> = new Map()): NodeRowModel[] {
  const byName = new Map(previous.map((row) => [row.name, row]));
  return [...cluster.nodes.values()].map((node) => {
    const row = nodeRow(cluster, node, faults, apis.get(node.name));
    const old = byName.get(row.name);
    return old && sameRow(old, row) ? old : row;
  });
}

export interface ClusterSummary {
  nodes: number;
  /** Ready nodes, not counting a node in maintenance mode (its MachineStatus says ready: it waits for a config). */
  ready: number;
  maintenance: number;
  reconciling: number;
}

export function clusterSummary(rows: readonly NodeRowModel[]): ClusterSummary {
  return {
    nodes: rows.length,
    ready: rows.filter((row) => row.ready === true && row.stage !== 'maintenance').length,
    maintenance: rows.filter((row) => row.stage === 'maintenance').length,
    reconciling: rows.filter((row) => row.stage === 'Reconciling').length,
  };
}

/** k9s-style filter: a row matches when any of its words contains the text (case-insensitive). */
export function rowMatches(row: NodeRowModel, filter: string): boolean {
  if (filter === '') return true;
  const needle = filter.toLowerCase();
  return [row.name, row.role, row.address, row.stage, ...row.unmet, ...row.faults].some((word) => word.toLowerCase().includes(needle));
}
