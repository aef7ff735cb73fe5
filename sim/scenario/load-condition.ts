// A state condition as written in a scenario (inline keys of a wait-until step or an
// expectation) turned into the plan's StateCondition: the node selector resolved and checked
// against the cluster, defaults filled in. Also the short human label an expectation gets
// when it has no name.
import type { NodeSelector, StateCondition } from './plan.ts';
import type { ConditionInput } from './scenario-schema.ts';
import { withoutUndefined, type LoadContext } from './load-context.ts';
import type { FieldPath } from './load-yaml-document.ts';
import type { KubernetesCheckInput } from './schema-kubernetes-check.ts';
import type { KubernetesCheck } from './plan.ts';

export function normaliseCondition(input: ConditionInput, path: FieldPath, context: LoadContext): StateCondition {
  return withoutUndefined<StateCondition>({
    nodes: normaliseSelector(input, path, context),
    stage: input.stage,
    ready: input.ready,
    unmetCondition:
      input.unmetCondition &&
      withoutUndefined({ name: input.unmetCondition.name, reasonContains: input.unmetCondition.reason }),
    noUnmetCondition: input.noUnmetCondition,
    service:
      input.service &&
      withoutUndefined({
        id: input.service.id,
        state: input.service.state,
        healthy: input.service.healthy,
        lastEventContains: input.service.lastEvent,
      }),
    resource: input.resource && withoutUndefined({ ...input.resource }),
    log: input.log && { ...input.log },
    applyState: input.applyState && withoutUndefined({ state: input.applyState.state, reasonContains: input.applyState.reason }),
    kubernetesNodeReady: input.kubernetesNodeReady,
    kubernetes: input.kubernetes && kubernetesCheckPlan(input.kubernetes),
    address: input.address && { cidr: input.address.cidr, present: input.address.present ?? true },
    file: input.file && withoutUndefined({ ...input.file }),
  });
}

function kubernetesCheckPlan(input: KubernetesCheckInput): KubernetesCheck {
  const status = input.condition?.status;
  return withoutUndefined<KubernetesCheck>({
    condition: input.condition && withoutUndefined({ ...input.condition, status: status === true ? 'True' : status === false ? 'False' : status! }),
    label: input.label && withoutUndefined({ ...input.label }),
    unschedulable: input.unschedulable,
    pod: input.pod && withoutUndefined({ ...input.pod }),
  });
}

export function normaliseSelector(input: ConditionInput, path: FieldPath, context: LoadContext): NodeSelector {
  if (input.node !== undefined) {
    context.checkNodeName(input.node, [...path, 'node']);
    return { kind: 'names', names: [input.node] };
  }
  if (input.nodes !== undefined) {
    input.nodes.forEach((name, index) => context.checkNodeName(name, [...path, 'nodes', index]));
    return { kind: 'names', names: [...input.nodes] };
  }
  if (input.role !== undefined) return { kind: 'role', role: input.role };
  return { kind: 'all' };
}

/** `cp-1: stage running, ready`; `not (all nodes: file /etc/hosts absent)`. */
export function describeCondition(condition: StateCondition, inverted: boolean): string {
  const text = `${describeSelector(condition.nodes)}: ${describeChecks(condition).join(', ')}`;
  return inverted ? `not (${text})` : text;
}

function describeSelector(selector: NodeSelector): string {
  if (selector.kind === 'names') return selector.names.join(', ');
  if (selector.kind === 'role') return `every ${selector.role}`;
  return 'all nodes';
}

function describeChecks(condition: StateCondition): string[] {
  const { service, resource, log, applyState, address, file } = condition;
  const checks: (string | undefined)[] = [
    condition.stage && `stage ${condition.stage}`,
    condition.ready !== undefined ? (condition.ready ? 'ready' : 'not ready') : undefined,
    condition.unmetCondition && `unmet condition ${condition.unmetCondition.name}`,
    condition.noUnmetCondition && `no unmet condition ${condition.noUnmetCondition}`,
    service && [`service ${service.id}`, service.state, healthWord(service.healthy)].filter(Boolean).join(' '),
    resource && `${resource.type} ${resource.id} ${resource.field} ${resourceCheck(resource)}`,
    log && `${log.source} log contains ${JSON.stringify(log.contains)}`,
    applyState && `apply state ${applyState.state}`,
    condition.kubernetesNodeReady !== undefined
      ? `Kubernetes node ${condition.kubernetesNodeReady ? 'ready' : 'not ready'}`
      : undefined,
    condition.kubernetes && describeKubernetes(condition.kubernetes),
    address && `address ${address.cidr} ${address.present ? 'present' : 'absent'}`,
    file && (file.absent ? `file ${file.path} absent` : `file ${file.path} contains ${JSON.stringify(file.contains)}`),
  ];
  return checks.filter((check): check is string => Boolean(check));
}

function healthWord(healthy: boolean | undefined): string | undefined {
  return healthy === undefined ? undefined : healthy ? 'healthy' : 'unhealthy';
}

function resourceCheck(resource: NonNullable<StateCondition['resource']>): string {
  if ('equals' in resource) return `= ${JSON.stringify(resource.equals)}`;
  return resource.exists ? 'exists' : 'absent';
}

function describeKubernetes(check: KubernetesCheck): string {
  const { condition, label, pod } = check;
  const parts: (string | undefined)[] = [
    condition && `${condition.type}=${condition.status}${condition.reason ? ` (${condition.reason})` : ''}`,
    label && (label.absent ? `no label ${label.key}` : label.equals !== undefined ? `label ${label.key}=${label.equals}` : `label ${label.key}`),
    check.unschedulable !== undefined ? (check.unschedulable ? 'cordoned' : 'schedulable') : undefined,
    pod && (pod.absent ? `no pod ${pod.name}` : [`pod ${pod.name}`, pod.phase, pod.ready === undefined ? undefined : pod.ready ? 'ready' : 'not ready'].filter(Boolean).join(' ')),
  ];
  return `Kubernetes ${parts.filter(Boolean).join(', ')}`;
}
