// The UI's Kubernetes view: what `kubectl get nodes` and `kubectl get pods -n kube-system -o wide`
// would print for the cluster right now, built from the same Table rows the Kubernetes API edge
// serves (so STATUS, ROLES, AGE, READY are kubectl's), plus a line saying whether the API answers
// (when it does not, kubectl would get an error instead of these rows). Read-only; virtual time.
import type { SimCluster } from '../../cluster/cluster.ts';
import { kubeClockOf, nodeObject } from '../../kube-api/objects.ts';
import { allPods } from '../../kube-api/pods.ts';
import { toTable } from '../../kube-api/tables.ts';
import type { ColoredLine } from '../components/scroll-lines.tsx';
import type { Theme } from '../theme.ts';

interface Table {
  columnDefinitions: Array<{ name: string; priority: number }>;
  rows: Array<{ cells: unknown[] }>;
}

/** Columns as kubectl prints them: upper-case headers, each column as wide as its widest cell, three spaces apart. */
function printTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: string[]) => cells.map((value, index) => (index === cells.length - 1 ? value : value.padEnd(widths[index]! + 3))).join('');
  return [line(header), ...rows.map(line)];
}

/** The columns kubectl shows: the nodes' default ones, the pods' with `-o wide` (less the two always <none>). */
const NODE_COLUMNS = ['Name', 'Status', 'Roles', 'Age', 'Version'];
const POD_COLUMNS = ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node'];

function selectColumns(table: Table, wanted: string[]): { header: string[]; rows: string[][] } {
  const indexes = wanted.map((name) => table.columnDefinitions.findIndex((column) => column.name === name));
  const header = wanted.map((name) => name.toUpperCase());
  const rows = table.rows.map((row) => indexes.map((index) => String(row.cells[index] ?? '')));
  return { header, rows };
}

export interface KubernetesView {
  lines: ColoredLine[];
  nodes: number;
  notReady: number;
}

export function kubernetesView(cluster: SimCluster, theme: Theme, filter = ''): KubernetesView {
  const world = cluster.world;
  const kube = world.kubernetes;
  const clock = kubeClockOf(world);
  const nowWallMs = world.epochWallMs + world.kernel.now;
  const needle = filter.toLowerCase();
  const keep = (cells: string[]) => needle === '' || cells.some((value) => value.toLowerCase().includes(needle));
  const lines: ColoredLine[] = [];
  if (kube.apiServerNodes().length === 0) lines.push({ text: 'API: not answering (no kube-apiserver runs): kubectl gets connection refused', color: theme.bad });
  else if (!kube.apiAnswering) lines.push({ text: 'API: etcd has no quorum: readyz fails, kubectl gets "etcdserver: request timed out"', color: theme.bad });
  else lines.push({ text: 'API: answering (what kubectl would print now)', color: theme.good });
  const nodeObjects = [...kube.nodes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((node) => nodeObject(kube, node, clock));
  const nodes = selectColumns(toTable('Node', nodeObjects, {}, nowWallMs) as Table, NODE_COLUMNS);
  const nodeRows = nodes.rows.filter(keep);
  lines.push({ text: '' }, { text: '$ kubectl get nodes', bold: true });
  if (nodes.rows.length === 0) lines.push({ text: 'No resources found (no kubelet has registered its node yet)', color: theme.muted });
  else {
    const printed = printTable(nodes.header, nodeRows);
    lines.push({ text: printed[0]!, color: theme.muted });
    printed.slice(1).forEach((text, index) => lines.push({ text, color: nodeRows[index]![1]!.startsWith('Ready') ? theme.good : theme.bad }));
  }
  const pods = selectColumns(toTable('Pod', allPods(kube, clock), {}, nowWallMs) as Table, POD_COLUMNS);
  const podRows = pods.rows.filter(keep);
  lines.push({ text: '' }, { text: '$ kubectl get pods -n kube-system -o wide', bold: true });
  if (pods.rows.length === 0) lines.push({ text: 'No resources found', color: theme.muted });
  else {
    const printed = printTable(pods.header, podRows);
    lines.push({ text: printed[0]!, color: theme.muted });
    printed.slice(1).forEach((text, index) => {
      const [ready, total] = podRows[index]![1]!.split('/');
      lines.push({ text, color: ready === total && podRows[index]![2] === 'Running' ? undefined : theme.warn });
    });
  }
  const notReady = nodes.rows.filter((row) => !row[1]!.startsWith('Ready')).length;
  return { lines, nodes: nodes.rows.length, notReady };
}
