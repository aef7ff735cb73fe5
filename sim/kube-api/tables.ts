// Server-side printing: `kubectl get` asks for `as=Table` and prints the columns the server
// computes. Node and Pod columns as upstream's printers define them (wide columns included, the
// client hides priority-1 ones), rows carrying PartialObjectMetadata (labels for --show-labels,
// the namespace for -A), AGE computed with apimachinery's HumanDuration against the virtual clock.
// DaemonSets and Deployments as their printers show them. Other kinds get the default Name/Age table. Leaves out: Table watch events (`get -w`).
import type { KubeObject } from './objects.ts';

interface Column { name: string; type: string; format: string; description: string; priority: number }

const column = (name: string, priority = 0, format = '', type = 'string'): Column => ({ name, type, format, description: name, priority });

const NODE_COLUMNS = [
  column('Name', 0, 'name'), column('Status'), column('Roles'), column('Age'), column('Version'),
  column('Internal-IP', 1), column('External-IP', 1), column('OS-Image', 1), column('Kernel-Version', 1), column('Container-Runtime', 1),
];
const POD_COLUMNS = [
  column('Name', 0, 'name'), column('Ready'), column('Status'), column('Restarts'), column('Age'),
  column('IP', 1), column('Node', 1), column('Nominated Node', 1), column('Readiness Gates', 1),
];
const DAEMON_SET_COLUMNS = [
  column('Name', 0, 'name'), column('Desired', 0, '', 'integer'), column('Current', 0, '', 'integer'), column('Ready', 0, '', 'integer'),
  column('Up-to-date', 0, '', 'integer'), column('Available', 0, '', 'integer'), column('Node Selector'), column('Age'),
  column('Containers', 1), column('Images', 1), column('Selector', 1),
];
const DEPLOYMENT_COLUMNS = [
  column('Name', 0, 'name'), column('Ready'), column('Up-to-date', 0, '', 'integer'), column('Available', 0, '', 'integer'), column('Age'),
  column('Containers', 1), column('Images', 1), column('Selector', 1),
];
const DEFAULT_COLUMNS = [column('Name', 0, 'name'), column('Age')];

/** apimachinery's HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const rest = seconds % 60;
    return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(seconds / 3600);
  if (hours < 8) {
    const rest = Math.floor(seconds / 60) % 60;
    return rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 192) {
    const rest = hours % 24;
    return rest === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${rest}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(hours / 24 / 365);
  if (years < 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${years}y`;
}

function age(object: KubeObject, nowWallMs: number): string {
  const created = object.metadata.creationTimestamp;
  return created ? humanDuration(nowWallMs - Date.parse(created)) : '<unknown>';
}

function nodeCells(node: KubeObject, nowWallMs: number): unknown[] {
  const status = node.status as { conditions?: Array<{ type: string; status: string }>; addresses?: Array<{ type: string; address: string }>; nodeInfo?: Record<string, string> };
  const ready = status.conditions?.find((condition) => condition.type === 'Ready');
  let text = ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown';
  if ((node.spec as { unschedulable?: boolean }).unschedulable) text += ',SchedulingDisabled';
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/') && key.length > 'node-role.kubernetes.io/'.length) roles.add(key.slice('node-role.kubernetes.io/'.length));
    if (key === 'kubernetes.io/role' && value) roles.add(value);
  }
  const address = (type: string) => status.addresses?.find((entry) => entry.type === type)?.address ?? '<none>';
  const info = status.nodeInfo ?? {};
  return [
    node.metadata.name, text, roles.size ? [...roles].sort().join(',') : '<none>', age(node, nowWallMs), info.kubeletVersion ?? '',
    address('InternalIP'), address('ExternalIP'), info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>',
  ];
}

function podCells(pod: KubeObject, nowWallMs: number): unknown[] {
  const spec = pod.spec as { containers: unknown[]; nodeName?: string };
  const status = pod.status as { phase: string; reason?: string; podIPs?: Array<{ ip: string }>; containerStatuses?: Array<{ ready: boolean; restartCount: number; state: Record<string, { reason?: string }> }> };
  const statuses = status.containerStatuses ?? [];
  let reason = status.reason || status.phase;
  for (const container of statuses) {
    const waiting = container.state.waiting?.reason;
    const terminated = container.state.terminated?.reason;
    if (waiting) reason = waiting;
    else if (terminated) reason = terminated;
  }
  if (pod.metadata.deletionTimestamp) reason = 'Terminating';
  const ready = statuses.filter((container) => container.ready).length;
  const restarts = statuses.reduce((sum, container) => sum + container.restartCount, 0);
  return [
    pod.metadata.name, `${ready}/${spec.containers.length}`, reason, String(restarts), age(pod, nowWallMs),
    status.podIPs?.[0]?.ip ?? '<none>', spec.nodeName ?? '<none>', '<none>', '<none>',
  ];
}

interface WorkloadSpec {
  replicas?: number;
  selector: { matchLabels: Record<string, string> };
  template: { spec: { containers: Array<{ name: string; image: string }>; nodeSelector?: Record<string, string> } };
}

function selectorText(labels: Record<string, string>): string {
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`).join(',');
}

function workloadCells(object: KubeObject, nowWallMs: number): unknown[] {
  const spec = object.spec as WorkloadSpec;
  const status = object.status as Record<string, number | undefined>;
  const containers = spec.template.spec.containers;
  const tail = [containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(','), selectorText(spec.selector.matchLabels)];
  if (object.kind === 'DaemonSet') {
    const nodeSelector = spec.template.spec.nodeSelector;
    return [
      object.metadata.name, status.desiredNumberScheduled ?? 0, status.currentNumberScheduled ?? 0, status.numberReady ?? 0,
      status.updatedNumberScheduled ?? 0, status.numberAvailable ?? 0, nodeSelector ? selectorText(nodeSelector) : '<none>', age(object, nowWallMs), ...tail,
    ];
  }
  return [object.metadata.name, `${status.readyReplicas ?? 0}/${spec.replicas ?? 0}`, status.updatedReplicas ?? 0, status.availableReplicas ?? 0, age(object, nowWallMs), ...tail];
}

function partialObjectMetadata(object: KubeObject): unknown {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

/** The Table for a list (or a single object) of one kind; `includeObject=None|Metadata|Object`. */
export function toTable(kind: string, objects: KubeObject[], listMeta: Record<string, unknown>, nowWallMs: number, includeObject = 'Metadata'): unknown {
  const columns = kind === 'Node' ? NODE_COLUMNS : kind === 'Pod' ? POD_COLUMNS : kind === 'DaemonSet' ? DAEMON_SET_COLUMNS : kind === 'Deployment' ? DEPLOYMENT_COLUMNS : DEFAULT_COLUMNS;
  const cells = kind === 'Node' ? nodeCells : kind === 'Pod' ? podCells : kind === 'DaemonSet' || kind === 'Deployment' ? workloadCells : (object: KubeObject, now: number) => [object.metadata.name, age(object, now)];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns,
    rows: objects.map((object) => {
      const row: Record<string, unknown> = { cells: cells(object, nowWallMs) };
      if (includeObject === 'Object') row.object = object;
      else if (includeObject !== 'None') row.object = partialObjectMetadata(object);
      return row;
    }),
  };
}

/** Whether the Accept header asks for a meta.k8s.io Table. */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  const first = accept.split(',')[0]!;
  return /(^|;)\s*as=Table/.test(first) && /g=meta\.k8s\.io/.test(first);
}
