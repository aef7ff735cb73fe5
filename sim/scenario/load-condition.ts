// A state condition as written in a scenario (inline keys of a wait-until step or an
// expectation) turned into the plan's StateCondition: the node selector resolved and checked
// against the cluster, defaults filled in. Also the short human label an expectation gets
// when it has no name.
import type { NodeSelector, StateCondition } from './plan.ts';
import type { ConditionInput } from './scenario-schema.ts';
import { withoutUndefined, type LoadContext } from './load-context.ts';
import type { FieldPath } from './load-yaml-document.ts';

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
    address: input.address && { cidr: input.address.cidr, present: input.address.present ?? true },
    file: input.file && withoutUndefined({ ...input.file }),
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
