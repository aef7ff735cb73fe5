// Performs what the keys ask: time controls on the pacer (and the kernel's step for "next
// event"), node actions through the node commands the API serves (apply, bootstrap, reboot),
// faults through the session's fault control, lesson hints, config export. Results come back as
// status messages, and an apply's reply (which arrives later in virtual time) as dialog lines.
import { existsSync, readFileSync } from 'node:fs';
import { writeSecretFile } from '../files/atomic-file.ts';
import { isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { UiSession, FaultParameter, FaultControl } from './ui-session.ts';
import type { UiCommand, StatusMessage } from './input/ui-state.ts';
import type { LessonTracker } from './lesson-tracker.ts';
import type { VirtualNode } from '../../nodes/node.ts';
import { checkCall } from '../scenario/client-call.ts';
import * as commands from '../../nodes/node-commands.ts';
import { TalosApiError } from '../../nodes/api-error.ts';
import { applyPatches } from '../cluster/cluster.ts';
import { lintConfig } from '../../nodes/config/config-lint.ts';
import { formatClock } from './model/format.ts';
import { describeApplyReply, describeApplyError, describeDiagnostics } from './model/apply-result.ts';

export interface CommandEffects {
  message(message: StatusMessage): void;
  /** The apply dialog of `node` shows these lines (if it is still open). */
  applyResult(node: string, lines: string[], tone: StatusMessage['tone']): void;
  quit(): void;
}

/** What the commands act on besides the session: its fault control and the lesson in progress. */
export interface CommandTargets {
  faults: FaultControl;
  lesson: LessonTracker | undefined;
}

export function performCommand(session: UiSession, command: UiCommand, effects: CommandEffects, targets: CommandTargets): void {
  const lesson = targets.lesson;
  const say = (text: string, tone: StatusMessage['tone'] = 'info') => effects.message({ text, tone });
  try {
    switch (command.type) {
      case 'pause':
        session.pacer.pause();
        return say('time paused (Space resumes, . steps)');
      case 'resume':
        session.pacer.resume();
        return say(`time running at ${session.pacer.speed}x`);
      case 'speed':
        session.pacer.setSpeed(command.speed);
        return say(`speed ${command.speed}x`);
      case 'step':
        return say(stepEvents(session, command.events));
      case 'quit':
        return effects.quit();
      case 'hint': {
        if (!lesson) return say('no lesson in this session');
        const hint = lesson.revealHint();
        return say(hint ? `hint: ${hint}` : 'no more hints');
      }
      default:
        return performNodeCommand(session, targets.faults, command, effects, say);
    }
  } catch (error) {
    say(describeError(error), 'error');
  }
}

function performNodeCommand(session: UiSession, faults: FaultControl, command: UiCommand, effects: CommandEffects, say: (text: string, tone?: StatusMessage['tone']) => void): void {
  const cluster = session.cluster;
  switch (command.type) {
    case 'bootstrap':
      requireApi(session, cluster.node(command.node), 'Bootstrap');
      commands.bootstrap(cluster.node(command.node));
      return say(`bootstrap requested on ${command.node}`, 'good');
    case 'reboot':
      requireApi(session, cluster.node(command.node), 'Reboot');
      commands.reboot(cluster.node(command.node));
      return say(`reboot requested on ${command.node}`, 'good');
    case 'wipe':
      commands.reset(cluster.node(command.node), { graceful: false, reboot: true });
      return say(`${command.node}: wiping STATE and EPHEMERAL from the console; it comes back in maintenance mode`, 'good');
    case 'export-config':
      return say(exportConfig(session, command.node), 'good');
    case 'apply':
      return startApply(session, command, effects);
    case 'inject': {
      const kind = faults.kinds().find((info) => info.kind === command.faultKind);
      if (!kind) throw new Error(`no fault kind "${command.faultKind}" (kinds: ${faults.kinds().map((info) => info.kind).join(', ')})`);
      const id = faults.inject(command.faultKind, command.targets, optionValues(kind.parameters, command.values));
      const where = kind.targets === 'cluster' ? 'the cluster' : command.targets;
      return say(`injected ${command.faultKind} on ${where} (${id})`, 'good');
    }
    case 'heal':
      faults.heal(command.id);
      return say(`healed ${command.id}`, 'good');
    default:
      return;
  }
}

function stepEvents(session: UiSession, events: number): string {
  if (!session.pacer.isPaused) session.pacer.pause();
  const kernel = session.cluster.world.kernel;
  let fired = 0;
  while (fired < events && kernel.step()) fired++;
  if (fired === 0) return 'nothing left to happen: the world is quiescent';
  return `stepped ${fired} event${fired === 1 ? '' : 's'}: now ${formatClock(kernel.now)}.${String(kernel.now % 1000).padStart(3, '0')}`;
}

/**
 * What talosctl meets before its call reaches the node (the same decision as the scenario runner
 * and the API: apid reachable, TLS, role): the UI calls as `--insecure` while the node is in
 * maintenance mode and with the cluster's talosconfig once it is configured.
 */
function requireApi(session: UiSession, node: VirtualNode, method: string): void {
  checkCall(session.cluster, node, method, { insecure: node.config === undefined });
}

/** A path as typed: absolute, else relative to the working directory, else to the state directory. */
export function resolveUserPath(session: UiSession, path: string): string {
  if (isAbsolute(path)) return path;
  const fromCwd = resolve(path);
  if (existsSync(fromCwd) || !session.stateDir) return fromCwd;
  return resolve(session.stateDir, path);
}

function exportConfig(session: UiSession, name: string): string {
  const node = session.cluster.node(name);
  if (!node.config) throw new Error(`${name} has no config yet (maintenance mode)`);
  const path = join(session.stateDir ?? '.', `${name}.yaml`);
  writeSecretFile(path, node.config.text); // a machine config carries the cluster's keys and tokens
  return `wrote ${name}'s config to ${path}`;
}

function startApply(session: UiSession, command: Extract<UiCommand, { type: 'apply' }>, effects: CommandEffects): void {
  const cluster = session.cluster;
  const node = cluster.node(command.node);
  const show = (lines: string[], tone: StatusMessage['tone']) => effects.applyResult(command.node, lines, tone);
  let text: string;
  try {
    text = configText(session, node, command.path, command.asPatch);
    requireApi(session, node, 'ApplyConfiguration');
  } catch (error) {
    return show([describeError(error)], 'error');
  }
  const lint = lintConfig(text, { file: command.path, nicNames: node.nics.map((nic) => nic.name), talosVersion: node.talosVersion });
  const diagnostics = describeDiagnostics(lint);
  const dryRun = command.mode === 'dry-run';
  const mode: commands.ApplyMode = command.mode === 'dry-run' ? 'auto' : command.mode;
  const operation = commands.applyConfiguration(node, { data: text, mode, dryRun });
  if (!operation.done) {
    const paused = session.pacer.isPaused ? ' (time is paused: Space resumes)' : '';
    show([`waiting for ${command.node} to write the config to its STATE partition${paused}`, ...diagnostics], 'info');
  }
  operation.then(
    (reply) => show([...describeApplyReply(reply), ...describeDiagnostics(lint, reply.warnings)], 'good'),
    (error) => show([...describeApplyError(error), ...diagnostics], 'error'),
  );
}

function configText(session: UiSession, node: VirtualNode, path: string, asPatch: boolean): string {
  const text = readFileSync(resolveUserPath(session, path), 'utf8');
  if (!asPatch) return text;
  const patch = parseYaml(text) as unknown;
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new Error(`${path}: a patch is a YAML mapping (machine: ..., cluster: ...)`);
  const plan = session.cluster.planOf(node.name);
  const base = node.config?.text ?? (plan ? session.cluster.configTextFor(plan) : '');
  return applyPatches(base, [patch as Record<string, unknown>], node.talosVersion);
}

/** Typed option values from the form's text (empty fields are left out: the kind's default applies). */
export function optionValues(parameters: readonly FaultParameter[], values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(values)) {
    if (text.trim() === '') continue;
    const parameter = parameters.find((candidate) => candidate.name === name);
    if (!parameter) throw new Error(`unknown option "${name}" (options: ${parameters.map((candidate) => candidate.name).join(', ') || 'none'})`);
    if (parameter.type === 'number' || parameter.type === 'integer') {
      const value = Number(text);
      if (!Number.isFinite(value)) throw new Error(`option ${name}: expected a number, found "${text}"`);
      out[name] = value;
    } else if (parameter.type === 'boolean') out[name] = text === 'true';
    else out[name] = text;
  }
  return out;
}

export function describeError(error: unknown): string {
  if (error instanceof TalosApiError) return `rpc error: code = ${error.code} desc = ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
