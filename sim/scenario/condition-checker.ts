// Evaluates a StateCondition against the cluster from outside the simulated world: reads node
// resources, services, logs, Kubernetes and the filesystem view, never changes anything. Returns
// whether it holds on every selected node and, when not, what was seen instead.
import type { StateCondition } from './plan.ts';
import { selectNodes } from '../cluster/select-nodes.ts';
import type { SimCluster } from '../cluster/cluster.ts';
import type { VirtualNode } from '../../nodes/node.ts';
import { RT, RESOURCE_TYPES, type ResourceTypeDefinition } from '../../nodes/resources/resource-types.ts';
import { deriveResourceDefinition } from '../../nodes/api/cosi-resource-definitions.ts';
import type { MachineStatusSpec } from '../../nodes/controllers/machine-status-controller.ts';
import { checkKubernetes } from './kubernetes-check.ts';

export interface CheckResult {
  ok: boolean;
  /** What was seen on the first node where the condition failed (or on all, when it held). */
  detail: string;
}

export { selectNodes };

export function checkCondition(cluster: SimCluster, condition: StateCondition): CheckResult {
  for (const node of selectNodes(cluster, condition.nodes)) {
    const failure = checkNode(node, condition) ?? (condition.kubernetes ? checkKubernetes(cluster, node, condition.kubernetes) : null);
    if (failure) return { ok: false, detail: `${node.name}: ${failure}` };
  }
  return { ok: true, detail: 'holds' };
}

function machineStatus(node: VirtualNode): MachineStatusSpec | undefined {
  return node.resources.get<MachineStatusSpec>('runtime', RT.machineStatus, 'machine')?.spec;
}

/** null when the condition holds on this node, else what was seen. */
function checkNode(node: VirtualNode, c: StateCondition): string | null {
  const status = machineStatus(node);
  const stage = node.isPoweredOn() ? (status?.stage ?? node.stage()) : 'unknown';
  if (c.stage !== undefined && stage !== c.stage) return `stage is ${stage}, not ${c.stage}`;
  if (c.ready !== undefined && Boolean(status?.status.ready) !== c.ready) {
    return `ready is ${Boolean(status?.status.ready)} (unmet: ${describeUnmet(status)})`;
  }
  if (c.unmetCondition) {
    const found = status?.status.unmetConditions.find((u) => u.name === c.unmetCondition!.name);
    if (!found) return `no unmet condition "${c.unmetCondition.name}" (unmet: ${describeUnmet(status)})`;
    if (c.unmetCondition.reasonContains && !found.reason.includes(c.unmetCondition.reasonContains)) {
      return `unmet condition "${found.name}" has reason "${found.reason}"`;
    }
  }
  if (c.noUnmetCondition && status?.status.unmetConditions.some((u) => u.name === c.noUnmetCondition)) {
    return `unmet condition "${c.noUnmetCondition}" present (unmet: ${describeUnmet(status)})`;
  }
  if (c.service) {
    const failure = checkService(node, c.service);
    if (failure) return failure;
  }
  if (c.resource) {
    const failure = checkResource(node, c.resource);
    if (failure) return failure;
  }
  if (c.log) {
    const source = c.log.source === 'kmsg' || c.log.source === 'dmesg' ? 'kmsg' : c.log.source;
    if (!node.logs.contains(source, c.log.contains)) return `no line containing "${c.log.contains}" in ${c.log.source} log`;
  }
  if (c.applyState) {
    const state = node.apply.state();
    if (state !== c.applyState.state) return `apply state is ${state}${node.apply.reason() ? ` (${node.apply.reason()})` : ''}, not ${c.applyState.state}`;
    if (c.applyState.reasonContains && !node.apply.reason().includes(c.applyState.reasonContains)) {
      return `apply reason is "${node.apply.reason()}"`;
    }
  }
  if (c.kubernetesNodeReady !== undefined) {
    const ready = node.world.kubernetes.nodes.get(node.hostname())?.ready ?? false;
    if (ready !== c.kubernetesNodeReady) return `Kubernetes node Ready is ${ready}`;
  }
  if (c.address) {
    const present = node.resources.list('network', RT.addressStatus).some((r) => (r.spec as { address: string }).address === c.address!.cidr);
    if (present !== c.address.present) return `address ${c.address.cidr} is ${present ? 'present' : 'absent'}`;
  }
  if (c.file) {
    const entry = node.fs.read(c.file.path);
    if (c.file.absent && entry) return `${c.file.path} exists`;
    if (!c.file.absent && !entry) return `${c.file.path} does not exist`;
    if (c.file.contains !== undefined && !entry?.content.includes(c.file.contains)) return `${c.file.path} does not contain "${c.file.contains}"`;
  }
  return null;
}

function describeUnmet(status: MachineStatusSpec | undefined): string {
  const unmet = status?.status.unmetConditions ?? [];
  return unmet.length === 0 ? 'none' : unmet.map((u) => `${u.name}: ${u.reason}`).join('; ');
}

function checkService(node: VirtualNode, wanted: NonNullable<StateCondition['service']>): string | null {
  const record = node.services.records.get(wanted.id);
  if (!record) return `service "${wanted.id}" never started`;
  if (wanted.state && record.state !== wanted.state) return `service "${wanted.id}" is ${record.state}, not ${wanted.state} (last event: ${record.events.at(-1)?.message ?? '<none>'})`;
  if (wanted.healthy !== undefined) {
    const healthy = !record.health.unknown && record.health.healthy;
    if (healthy !== wanted.healthy) return `service "${wanted.id}" healthy is ${healthy} (${record.health.lastMessage || 'unknown'})`;
  }
  if (wanted.lastEventContains && !record.events.at(-1)?.message.includes(wanted.lastEventContains)) {
    return `service "${wanted.id}" last event is "${record.events.at(-1)?.message ?? '<none>'}"`;
  }
  return null;
}

function checkResource(node: VirtualNode, wanted: NonNullable<StateCondition['resource']>): string | null {
  const definition = findType(wanted.type);
  const namespace = wanted.namespace ?? definition?.namespace ?? 'runtime';
  const type = definition?.type ?? wanted.type;
  const resource = node.resources.get(namespace, type, wanted.id);
  if (wanted.exists === false) return resource ? `${type} ${wanted.id} exists` : null;
  if (!resource) return `${type} ${namespace}/${wanted.id} does not exist`;
  if (wanted.equals === undefined) return null;
  const value = wanted.field.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], resource.spec);
  if (JSON.stringify(value) !== JSON.stringify(wanted.equals)) return `${type} ${wanted.id} ${wanted.field} is ${JSON.stringify(value)}, not ${JSON.stringify(wanted.equals)}`;
  return null;
}


let aliasesByType: Map<ResourceTypeDefinition, string[]> | undefined;

/** The type a word names, as talosctl resolves it: the full type, or any of COSI's derived aliases. */
function findType(name: string) {
  const lower = name.toLowerCase();
  aliasesByType ??= new Map(RESOURCE_TYPES.map((t) => [t, deriveResourceDefinition(t).allAliases]));
  return RESOURCE_TYPES.find((t) => t.type.toLowerCase() === lower || t.type.split('.')[0]!.toLowerCase() === `${lower}s` || aliasesByType!.get(t)!.includes(lower));
}
