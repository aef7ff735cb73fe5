// Performs one scenario step through the node commands (the same ones the gRPC API calls) and
// reports what came back: a summary, or the error with its gRPC code. Operations that take
// virtual time (an apply being persisted) are run on the kernel until they finish.
import type { StepPlan, ApplyConfigAction, StateCondition, StepAction } from './plan.ts';
import type { SimCluster } from '../cluster/cluster.ts';
import { checkCondition } from './condition-checker.ts';
import * as commands from '../../nodes/node-commands.ts';
import { etcdForfeitLeadership, etcdLeave, etcdRemoveMember } from '../../nodes/etcd-commands.ts';
import { answeredCodeOf, goError } from '../../nodes/api-error.ts';
import { ConfigError } from '../../nodes/config/index.ts';
import { applyPatches } from '../cluster/cluster.ts';
import { performFaultStep } from './perform-fault-step.ts';
import { performKubectl } from './perform-kubectl-step.ts';
import { mutateConfigText } from '../faults/fault-catalogue.ts';
import { checkCall, probeNode } from './client-call.ts';
import type { StepOutcome } from './outcomes.ts';

export type { StepOutcome };

/** Longest an apply may stay unanswered before the step reports a deadline (talosctl's default). */
const APPLY_DEADLINE_MS = 5 * 60_000;

export function performStep(cluster: SimCluster, step: StepPlan): StepOutcome {
  try {
    return perform(cluster, step);
  } catch (error) {
    if (error instanceof Error && !(error.name === 'SimulationBoundReached')) return { summary: '', error: error.message, errorCode: answeredCodeOf(error) };
    throw error;
  }
}

function perform(cluster: SimCluster, step: StepPlan): StepOutcome {
  const act = step.act;
  const kernel = cluster.world.kernel;
  const call = (node: string, method: string) => checkCall(cluster, cluster.node(node), method, step.caller);
  switch (act.action) {
    case 'apply-config':
      checkCall(cluster, cluster.node(act.node), 'ApplyConfiguration', { ...step.caller, insecure: step.caller?.insecure ?? act.insecure });
      return applyConfig(cluster, act);
    case 'bootstrap':
      call(act.node, 'Bootstrap');
      commands.bootstrap(cluster.node(act.node));
      return { summary: 'bootstrap requested' };
    case 'reboot':
      call(act.node, 'Reboot');
      return { summary: `actor ${commands.reboot(cluster.node(act.node), act.mode)}` };
    case 'shutdown':
      call(act.node, 'Shutdown');
      return { summary: `actor ${commands.shutdown(cluster.node(act.node))}` };
    case 'reset':
      call(act.node, 'Reset');
      return { summary: `actor ${commands.reset(cluster.node(act.node), { graceful: act.graceful ?? true, reboot: act.reboot ?? false, wipeMode: act.wipeMode, userDisksToWipe: act.userDisksToWipe, systemLabelsToWipe: act.systemLabelsToWipe })}` };
    case 'upgrade':
      call(act.node, 'Upgrade');
      return { summary: commands.upgrade(cluster.node(act.node), act.image, act.stage ?? false).ack };
    case 'power-on':
      cluster.node(act.node).powerOn();
      return { summary: 'powered on' };
    case 'service': {
      const method = { start: 'ServiceStart', stop: 'ServiceStop', restart: 'ServiceRestart' }[act.operation];
      call(act.node, method);
      return { summary: commands.serviceOperation(cluster.node(act.node), act.id, act.operation) };
    }
    case 'etcd':
      return performEtcd(cluster, act, call);
    case 'kubectl':
      return performKubectl(cluster, act.node, act.write);
    case 'debug-shell-edit':
      commands.debugShellEdit(cluster.node(act.node), act.path, act.content);
      return { summary: `edited ${act.path}` };
    case 'probe':
      return probeNode(cluster, cluster.node(act.node));
    case 'confirm-try': {
      const confirmed = cluster.node(act.node).apply.cancelTry();
      return confirmed ? { summary: 'try-mode config confirmed' } : { summary: '', error: 'no try-mode configuration to confirm', errorCode: 'FailedPrecondition' };
    }
    case 'wait-until': {
      const met = kernel.runUntilCondition(() => checkCondition(cluster, act.condition).ok, { maxTimeMs: kernel.now + act.timeoutMs });
      return waitUntilOutcome(cluster, act.condition, met);
    }
    case 'inject':
    case 'heal':
      return performFaultStep(cluster, act);
  }
}

/** An `etcd` step: the API method's access check, then the node command the handler runs. */
function performEtcd(cluster: SimCluster, act: Extract<StepAction, { action: 'etcd' }>, call: (node: string, method: string) => void): StepOutcome {
  const node = cluster.node(act.node);
  switch (act.operation) {
    case 'leave':
      call(act.node, 'EtcdLeaveCluster');
      etcdLeave(node);
      return { summary: 'left the etcd cluster' };
    case 'forfeit-leadership': {
      call(act.node, 'EtcdForfeitLeadership');
      const member = etcdForfeitLeadership(node);
      return { summary: member ? `leadership forfeited by ${member}` : 'not the leader: nothing forfeited' };
    }
    case 'remove-member':
      call(act.node, 'EtcdRemoveMemberByID');
      etcdRemoveMember(node, act.member ?? '0');
      return { summary: `removed etcd member ${act.member}` };
    default: {
      const unknown: never = act.operation; // the schema admits only the three operations
      return unknown;
    }
  }
}

/** What a wait-until step reports once its condition held (`met`) or its timeout passed. */
export function waitUntilOutcome(cluster: SimCluster, condition: StateCondition, met: boolean): StepOutcome {
  if (met) return { summary: 'condition met' };
  return { summary: '', error: `context deadline exceeded: ${checkCondition(cluster, condition).detail}`, errorCode: 'DeadlineExceeded', timedOut: true };
}

function applyConfig(cluster: SimCluster, act: ApplyConfigAction): StepOutcome {
  const node = cluster.node(act.node);
  let text = act.config.text;
  if (text === undefined) {
    const base = node.config?.text ?? cluster.configTextFor(cluster.planOf(act.node)!);
    text = patchedByClient(base, act.config.patches ?? [], node.talosVersion);
  }
  if (act.config.fault !== undefined) text = mutateConfigText(act.config.fault, text);
  const mode = act.mode === 'dry-run' ? 'auto' : act.mode;
  const operation = commands.applyConfiguration(node, { data: text, mode, dryRun: act.mode === 'dry-run', tryTimeoutMs: act.tryTimeoutMs });
  const kernel = cluster.world.kernel;
  kernel.runUntilCondition(() => operation.done, { maxTimeMs: kernel.now + APPLY_DEADLINE_MS });
  if (!operation.done) return { summary: '', error: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded', errorCode: 'DeadlineExceeded', timedOut: true };
  if (operation.error) {
    const error = operation.error;
    return { summary: '', error: error.message, errorCode: answeredCodeOf(error) };
  }
  const reply = operation.result!;
  return { summary: `mode ${reply.mode}${reply.modeDetails ? `: ${reply.modeDetails.split('\n')[0]}` : ''}`, apply: reply };
}

/** talosctl patches the config before it calls: a patch it cannot apply fails in the client, with the Go error's text. */
function patchedByClient(base: string, patches: Parameters<typeof applyPatches>[1], talosVersion: string): string {
  try {
    return applyPatches(base, patches, talosVersion);
  } catch (error) {
    if (error instanceof ConfigError) throw goError(error.message);
    throw error;
  }
}
