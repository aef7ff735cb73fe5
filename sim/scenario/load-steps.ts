// A scenario's steps, normalised: times in ms (in order), the one action of each step with its
// defaults filled in, node names checked against the cluster, and the config a step applies
// read from its file or rendered from its inline mapping.
import { stringify } from 'yaml';
import type { ApplyConfigAction, FaultPlan, KubectlWrite, StepAction, StepPlan } from './plan.ts';
import { ACTION_KEYS, type ActionKey, type StepInput } from './scenario-schema.ts';
import { withoutUndefined, type LoadContext } from './load-context.ts';
import { normaliseCondition } from './load-condition.ts';
import { formatDurationMs } from './load-duration.ts';
import { normaliseInlineFault } from './load-faults.ts';
import type { FaultInput } from './scenario-schema.ts';
import type { FieldPath } from './load-yaml-document.ts';

/** How long a try-mode config change lasts before it is rolled back, unless the step says. */
export const DEFAULT_TRY_TIMEOUT_MS = 60_000;
/** How long a wait-until step waits, unless the step says. */
export const DEFAULT_WAIT_TIMEOUT_MS = 600_000;

export function normaliseSteps(inputs: readonly StepInput[], context: LoadContext): StepPlan[] {
  let previousAtMs = 0;
  const names = new Set<string>();
  return inputs.map((input, index) => {
    const path = ['steps', index];
    const atMs = context.durationMs(input.at, [...path, 'at']);
    if (atMs < previousAtMs) {
      const expected = `a time at or after the previous step's (${formatDurationMs(previousAtMs)}); steps are in time order`;
      context.report([...path, 'at'], expected, JSON.stringify(input.at));
    }
    previousAtMs = Math.max(previousAtMs, atMs);
    if (input.name !== undefined) {
      if (names.has(input.name)) context.report([...path, 'name'], 'a step name not used by an earlier step', JSON.stringify(input.name));
      names.add(input.name);
    }
    const actionKey = ACTION_KEYS.find((key) => input[key] !== undefined)!;
    const normaliseAction = ACTION_NORMALISERS[actionKey] as (action: unknown, path: FieldPath, context: LoadContext) => StepAction;
    return withoutUndefined<StepPlan>({
      name: input.name,
      atMs,
      act: normaliseAction(input[actionKey], [...path, actionKey], context),
      expect: input.expect && withoutUndefined({ ...input.expect }),
      caller: input.as && withoutUndefined({ ...input.as }),
      source: context.sourceAt(path),
    });
  });
}

type ActionInputs = { [Key in ActionKey]: NonNullable<StepInput[Key]> };
type ActionNormaliser<Key extends ActionKey> = (input: ActionInputs[Key], path: FieldPath, context: LoadContext) => StepAction;

/** Stands in for a fault name that is not declared (the loader reports it; the plan is never run). */
function placeholderFault(written: FaultInput | { fault: string }): FaultPlan {
  return { name: 'fault' in written ? written.fault : '', kind: '', targets: { kind: 'cluster' }, options: {}, source: { file: '', line: 0, column: 0 } };
}

/** The node a step acts on, checked against the cluster's node names. */
function targetNode(input: { node: string }, path: FieldPath, context: LoadContext): string {
  context.checkNodeName(input.node, [...path, 'node']);
  return input.node;
}

const ACTION_NORMALISERS: { [Key in ActionKey]: ActionNormaliser<Key> } = {
  'apply-config': normaliseApplyConfig,
  bootstrap: (input, path, context) => ({ action: 'bootstrap', node: targetNode(input, path, context) }),
  reboot: (input, path, context) => ({ action: 'reboot', node: targetNode(input, path, context), mode: input.mode ?? 'default' }),
  shutdown: (input, path, context) => ({ action: 'shutdown', node: targetNode(input, path, context), force: input.force ?? false }),
  reset: (input, path, context) => ({
    action: 'reset',
    node: targetNode(input, path, context),
    graceful: input.graceful ?? true,
    reboot: input.reboot ?? false,
    ...(input.wipeMode === undefined ? {} : { wipeMode: input.wipeMode }),
    ...(input.userDisksToWipe === undefined ? {} : { userDisksToWipe: input.userDisksToWipe }),
    ...(input.systemLabelsToWipe === undefined ? {} : { systemLabelsToWipe: input.systemLabelsToWipe }),
  }),
  upgrade: (input, path, context) => ({
    action: 'upgrade',
    node: targetNode(input, path, context),
    image: input.image,
    stage: input.stage ?? false,
  }),
  'power-on': (input, path, context) => ({ action: 'power-on', node: targetNode(input, path, context) }),
  service: (input, path, context) => ({
    action: 'service',
    node: targetNode(input, path, context),
    operation: input.operation,
    id: input.id,
  }),
  etcd: (input, path, context) => ({
    action: 'etcd',
    node: targetNode(input, path, context),
    operation: input.operation,
    ...(input.member !== undefined ? { member: input.member } : {}),
  }),
  kubectl: (input, path, context) => ({ action: 'kubectl', node: targetNode(input, path, context), write: kubectlWrite(input) }),
  'debug-shell-edit': (input, path, context) => ({
    action: 'debug-shell-edit',
    node: targetNode(input, path, context),
    path: input.path,
    content: input.content,
  }),
  'wait-until': (input, path, context) => ({
    action: 'wait-until',
    condition: normaliseCondition(input, path, context),
    timeoutMs: input.timeout === undefined ? DEFAULT_WAIT_TIMEOUT_MS : context.durationMs(input.timeout, [...path, 'timeout']),
  }),
  'confirm-try': (input, path, context) => ({ action: 'confirm-try', node: targetNode(input, path, context) }),
  probe: (input, path, context) => ({ action: 'probe', node: targetNode(input, path, context) }),
  inject: (input, path, context) => {
    const written = input as unknown as FaultInput | { fault: string };
    const fault = 'fault' in written ? context.faultNamed(written.fault, [...path, 'fault']) : normaliseInlineFault(written, path[1] as number, path, context);
    return { action: 'inject', fault: 'fault' in written ? written.fault : fault!.name, spec: fault ?? placeholderFault(written) };
  },
  heal: (input, path, context) => {
    if ('all' in input) return { action: 'heal', all: true };
    context.faultNamed(input.fault, [...path, 'fault']);
    return { action: 'heal', fault: input.fault };
  },
};

function kubectlWrite(input: ActionInputs['kubectl']): KubectlWrite {
  if (input.cordon !== undefined) return { write: 'cordon', cordon: input.cordon };
  if (input.label !== undefined) return { write: 'label', label: { ...input.label } };
  const namespace = input.namespace ?? 'kube-system';
  if (input.evict !== undefined) return { write: 'evict', pod: input.evict, namespace };
  return { write: 'delete-pod', pod: input['delete-pod']!, namespace };
}

function normaliseApplyConfig(input: ActionInputs['apply-config'], path: FieldPath, context: LoadContext): ApplyConfigAction {
  const mode = input.mode ?? 'auto';
  const tryTimeoutMs =
    input.tryTimeout !== undefined
      ? context.durationMs(input.tryTimeout, [...path, 'tryTimeout'])
      : mode === 'try'
        ? DEFAULT_TRY_TIMEOUT_MS
        : undefined;
  return withoutUndefined<ApplyConfigAction>({
    action: 'apply-config',
    node: targetNode(input, path, context),
    mode,
    config: applyConfigSource(input, path, context),
    tryTimeoutMs,
    insecure: input.insecure,
  });
}

/** `file:` is read into text, an inline `config:` mapping rendered as YAML text, `patches:` kept. */
function applyConfigSource(
  input: ActionInputs['apply-config'],
  path: FieldPath,
  context: LoadContext,
): ApplyConfigAction['config'] {
  if (input.file !== undefined) {
    const text = context.readFile(input.file, [...path, 'file'], 'a machine config file');
    return { path: input.file, text: text ?? '' };
  }
  if (input.patches !== undefined) return { patches: input.patches };
  if (input.fault !== undefined) return { fault: input.fault };
  return { text: stringify(input.config) };
}
