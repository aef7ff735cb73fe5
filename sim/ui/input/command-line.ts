// The `:` command line, k9s style: screen names jump to a screen, the rest are the actions the
// keys give, spelled out with their arguments (`:speed 10`, `:apply worker-1 patch.yaml auto patch`,
// `:inject link-down worker-1`, `:heal all`). Unknown commands say so on the status line.
import type { KeyContext } from './key-context.ts';
import { APPLY_MODE_CHOICES, NODE_TABS, type ApplyModeChoice, type NodeTab, type UiCommand, type UiState, type KeyOutcome, pushView } from './ui-state.ts';

export const COMMAND_HELP = [
  ':nodes  :node NAME [TAB]  :timeline  :kube  :faults  :lesson  :help  :quit',
  ':pause  :resume  :speed N  :step [N]  :hint',
  ':apply NODE FILE [MODE] [patch]  :bootstrap NODE  :reboot NODE  :wipe NODE  :export NODE',
  ':inject KIND [NODE,..|FROM->TO] [option=value ...]  :heal ID|all',
];

export function runCommandLine(state: UiState, line: string, context: KeyContext): KeyOutcome {
  const [verb = '', ...args] = line.trim().split(/\s+/).filter(Boolean);
  const done = (next: UiState, commands: UiCommand[] = []): KeyOutcome => ({ state: next, commands });
  const fail = (text: string): KeyOutcome => done({ ...state, message: { text, tone: 'error' } });
  switch (verb) {
    case '':
      return done(state);
    case 'q':
    case 'quit':
      return done(state, [{ type: 'quit' }]);
    case 'nodes':
    case 'overview':
      return done({ ...state, views: [state.views[0]!] });
    case 'node':
      return openNode(state, args, context) ?? fail(`usage: :node NAME [${NODE_TABS.join('|')}]`);
    case 'timeline':
    case 'events':
      return done(pushView(state, { screen: 'timeline' }));
    case 'kube':
    case 'kubernetes':
    case 'kubectl':
      return done(pushView(state, { screen: 'kubernetes' }));
    case 'faults':
      return done(pushView(state, { screen: 'faults' }));
    case 'lesson':
      return context.hasLesson ? done(pushView(state, { screen: 'lesson' })) : fail('no lesson in this session');
    case 'help':
      return done(pushView(state, { screen: 'help', commandsFirst: true }));
    case 'pause':
    case 'resume':
    case 'hint':
      return done(state, [{ type: verb }]);
    case 'speed':
      return speedCommand(state, args[0]) ?? fail('usage: :speed N (a positive number; 1 = wall-clock pace)');
    case 'step':
      return done(state, [{ type: 'step', events: Math.max(1, Number.parseInt(args[0] ?? '1', 10) || 1) }]);
    default:
      return nodeCommand(state, verb, args, context) ?? fail(`unknown command :${verb} (:help lists them)`);
  }
}

function openNode(state: UiState, args: string[], context: KeyContext): KeyOutcome | undefined {
  const [node, tab = 'summary'] = args;
  if (!node || !context.nodes.includes(node) || !NODE_TABS.includes(tab as NodeTab)) return undefined;
  return { state: pushView(state, { screen: 'node', node, tab: tab as NodeTab }), commands: [] };
}

function speedCommand(state: UiState, text: string | undefined): KeyOutcome | undefined {
  const speed = Number(text);
  if (!Number.isFinite(speed) || speed <= 0) return undefined;
  return { state, commands: [{ type: 'speed', speed }] };
}

function nodeCommand(state: UiState, verb: string, args: string[], context: KeyContext): KeyOutcome | undefined {
  const known = (node: string | undefined): node is string => node !== undefined && context.nodes.includes(node);
  const fail = (text: string): KeyOutcome => ({ state: { ...state, message: { text, tone: 'error' } }, commands: [] });
  switch (verb) {
    case 'bootstrap':
    case 'reboot':
    case 'wipe':
    case 'export':
      if (!known(args[0])) return fail(`usage: :${verb} NODE`);
      return { state, commands: [{ type: verb === 'export' ? 'export-config' : verb, node: args[0] }] };
    case 'apply':
      return applyCommand(state, args, known) ?? fail(`usage: :apply NODE FILE [${APPLY_MODE_CHOICES.join('|')}] [patch]`);
    case 'inject': {
      const [kind, ...rest] = args;
      if (!kind) return fail('usage: :inject KIND [TARGETS] [option=value ...]');
      const targets = rest[0] !== undefined && !rest[0].includes('=') ? rest.shift()! : '';
      const values = Object.fromEntries(rest.map((pair) => pair.split('=')).map(([key, ...value]) => [key!, value.join('=')]));
      return { state, commands: [{ type: 'inject', faultKind: kind, targets, values }] };
    }
    case 'heal':
      if (!args[0]) return fail('usage: :heal ID|all');
      return { state, commands: (args[0] === 'all' ? context.activeFaultIds : [args[0]]).map((id) => ({ type: 'heal', id })) };
    default:
      return undefined;
  }
}

function applyCommand(state: UiState, args: string[], known: (node: string | undefined) => node is string): KeyOutcome | undefined {
  const [node, path, ...flags] = args;
  if (!known(node) || !path) return undefined;
  const mode = (flags.find((flag) => APPLY_MODE_CHOICES.includes(flag as ApplyModeChoice)) ?? 'auto') as ApplyModeChoice;
  const asPatch = flags.includes('patch');
  const dialog = { kind: 'apply' as const, node, path, asPatch, mode, field: 0, result: [], resultTone: 'info' as const };
  return { state: { ...state, dialog }, commands: [{ type: 'apply', node, path, asPatch, mode }] };
}
