// Turning a fault's target selector into the things it acts on: nodes by name, role or all;
// link endpoints (node names, `client` or `kms`) into directed paths; a node's disk or NIC by name
// (default: the system disk, the first NIC). Every miss is a FaultError naming what exists.
import type { SimCluster } from '../cluster/cluster.ts';
import type { FaultTargetPlan } from '../cluster/cluster-plan.ts';
import type { VirtualNode } from '../../nodes/node.ts';
import type { Disk } from '../../nodes/devices/disk.ts';
import type { Nic } from '../../nodes/devices/nic.ts';
import { CLIENT_ENDPOINT, KMS_ENDPOINT } from '../cluster/network.ts';
import { selectNodes } from '../cluster/select-nodes.ts';
import { FaultError } from './fault-error.ts';
import type { FaultKind, FaultTargets, LinkTarget } from './fault-kind.ts';

export function resolveTargets(cluster: SimCluster, kind: FaultKind, spec: FaultTargetPlan): FaultTargets {
  if (spec.kind !== kind.targets) {
    throw new FaultError(kind.kind, `targets ${kind.targets === 'cluster' ? 'the whole cluster' : kind.targets}, not ${spec.kind}`);
  }
  if (spec.kind === 'cluster') return { nodes: [], link: undefined };
  if (spec.kind === 'link') {
    for (const endpoint of [...spec.from, ...spec.to]) {
      if (endpoint === KMS_ENDPOINT && cluster.world.kms.server === undefined) throw new FaultError(kind.kind, 'the cluster has no KMS server (declare one with `cluster.kms`)');
      if (endpoint !== CLIENT_ENDPOINT && endpoint !== KMS_ENDPOINT && !cluster.nodes.has(endpoint)) throw new FaultError(kind.kind, unknownNode(cluster, endpoint));
    }
    return { nodes: [], link: { from: [...spec.from], to: [...spec.to] } };
  }
  if (spec.nodes.kind === 'names') {
    const missing = spec.nodes.names.find((name) => !cluster.nodes.has(name));
    if (missing !== undefined) throw new FaultError(kind.kind, unknownNode(cluster, missing));
  }
  const nodes = selectNodes(cluster, spec.nodes);
  if (nodes.length === 0) throw new FaultError(kind.kind, 'the target selector matches no node');
  return { nodes, link: undefined };
}

function unknownNode(cluster: SimCluster, name: string): string {
  const quote = name.endsWith('-') ? '; a name ending in "-" is what a shell leaves of an unquoted `from->to`: quote the target' : '';
  const kms = cluster.world.kms.server === undefined ? '' : `, \`${KMS_ENDPOINT}\` the KMS server`;
  return `no node named "${name}" (nodes: ${[...cluster.nodes.keys()].join(', ')}; \`${CLIENT_ENDPOINT}\` is talosctl${kms})${quote}`;
}

/** Every directed path of a link target, both ways when symmetric; a node never paths to itself. */
export function linkPaths(link: LinkTarget, symmetric: boolean): Array<[string, string]> {
  const paths: Array<[string, string]> = [];
  const add = (from: string, to: string) => {
    if (from !== to && !paths.some(([f, t]) => f === from && t === to)) paths.push([from, to]);
  };
  for (const from of link.from) {
    for (const to of link.to) {
      add(from, to);
      if (symmetric) add(to, from);
    }
  }
  return paths;
}

/** Nodes planned as control planes, whether or not they have their config yet. */
export function isPlannedControlPlane(cluster: SimCluster, node: VirtualNode): boolean {
  return node.isControlPlane() || cluster.planOf(node.name)?.role === 'controlplane';
}

export function requireControlPlanes(cluster: SimCluster, kind: string, nodes: VirtualNode[]): void {
  const worker = nodes.find((node) => !isPlannedControlPlane(cluster, node));
  if (worker) throw new FaultError(kind, `${worker.name} is not a control plane node`);
}

/** The named disk, or the node's system disk (the install disk its config names, else the first). */
export function diskOf(kind: string, node: VirtualNode, name: string | undefined): Disk {
  const disk = name === undefined ? (node.systemDisk() ?? node.disks[0]) : node.disks.find((d) => d.name === name || d.devPath === name);
  if (!disk) throw new FaultError(kind, `${node.name} has no disk${name === undefined ? '' : ` ${name}`} (disks: ${node.disks.map((d) => d.name).join(', ') || 'none'})`);
  return disk;
}

export function nicOf(kind: string, node: VirtualNode, name: string | undefined): Nic {
  const nic = name === undefined ? node.nics[0] : node.nics.find((n) => n.name === name);
  if (!nic) throw new FaultError(kind, `${node.name} has no link${name === undefined ? '' : ` ${name}`} (links: ${node.nics.map((n) => n.name).join(', ') || 'none'})`);
  return nic;
}

/** The targets as the trace and `list()` show them: node names, or the link's endpoints. */
export function describeTargets(targets: FaultTargets): string[] | LinkTarget {
  return targets.link ? { from: [...targets.link.from], to: [...targets.link.to] } : targets.nodes.map((node) => node.name);
}
