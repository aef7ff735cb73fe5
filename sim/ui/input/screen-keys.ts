// Keys that belong to one screen: moving through its list, opening what is selected, and the
// node actions (apply, bootstrap, reboot, export) on the overview and the node screen. Returns
// undefined when the screen does not use the key, so the global bindings get it.
import type { KeyPress } from './key-press.ts';
import type { KeyContext } from './key-context.ts';
import { currentView, listKey, NODE_TABS, type NodeTab, type UiCommand, type UiState, type View, type KeyOutcome, pushView } from './ui-state.ts';
import { cursorOf, isFollowing, moveInList, withCursor } from './list-keys.ts';
import { defaultTargets } from '../fault-control.ts';

type Outcome = KeyOutcome | undefined;
const done = (state: UiState, commands: UiCommand[] = []): KeyOutcome => ({ state, commands });

export function handleScreenKey(state: UiState, press: KeyPress, context: KeyContext): Outcome {
  const view = currentView(state);
  const moved = moveCursor(state, view, press, context);
  if (moved) return moved;
  switch (view.screen) {
    case 'overview':
      return overviewKey(state, press, context);
    case 'node':
      return nodeKey(state, view, press, context);
    case 'timeline':
      return press.text === 'f' ? toggleFollow(state, 'timeline') : undefined;
    case 'faults':
      return faultsKey(state, press, context);
    case 'lesson':
      return press.text === 'h' ? done(state, [{ type: 'hint' }]) : undefined;
    default:
      return undefined;
  }
}

/** Lists that stick to their newest line until the cursor moves up. */
function follows(view: View): boolean {
  return view.screen === 'timeline' || (view.screen === 'node' && (view.tab === 'logs' || view.tab === 'dmesg'));
}

function moveCursor(state: UiState, view: View, press: KeyPress, context: KeyContext): Outcome {
  const key = listKey(view, state);
  const following = follows(view) && isFollowing(state, key);
  const move = moveInList(press, cursorOf(state, key), following, context.listLength, context.pageRows);
  if (!move) return undefined;
  const next = withCursor(state, key, follows(view) ? move : { ...move, following: false });
  if (view.screen === 'overview') return done({ ...next, faultTarget: context.visibleNodes[move.cursor] });
  return done(next);
}

function toggleFollow(state: UiState, key: string): KeyOutcome {
  return done({ ...state, following: { ...state.following, [key]: !isFollowing(state, key) } });
}

/** Keys that act on one node, from the overview (selected row) or its own screen. */
function nodeActionKey(state: UiState, node: string | undefined, press: KeyPress): Outcome {
  if (!node) return undefined;
  switch (press.text) {
    case 'a':
      return done({ ...state, dialog: { kind: 'apply', node, path: '', asPatch: false, mode: 'auto', field: 0, result: [], resultTone: 'info' } });
    case 'b':
      return done({ ...state, dialog: { kind: 'confirm', question: `Bootstrap etcd on ${node}? (y/N)`, command: { type: 'bootstrap', node } } });
    case 'R':
      return done({ ...state, dialog: { kind: 'confirm', question: `Reboot ${node}? (y/N)`, command: { type: 'reboot', node } } });
    case 'W':
      return done({ ...state, dialog: { kind: 'confirm', question: `Wipe ${node} from its console (reset: STATE and EPHEMERAL wiped, back to maintenance)? (y/N)`, command: { type: 'wipe', node } } });
    case 'e':
      return done(state, [{ type: 'export-config', node }]);
    case 'i':
      return done({ ...pushView(state, { screen: 'faults' }), faultTarget: node });
    default:
      return undefined;
  }
}

function overviewKey(state: UiState, press: KeyPress, context: KeyContext): Outcome {
  const node = context.visibleNodes[Math.min(cursorOf(state, 'overview'), context.visibleNodes.length - 1)];
  if (press.name === 'return' && node) return done({ ...pushView(state, { screen: 'node', node, tab: 'summary' }), faultTarget: node });
  return nodeActionKey(state, node, press);
}

function withTab(state: UiState, view: Extract<View, { screen: 'node' }>, tab: NodeTab): KeyOutcome {
  return done({ ...state, views: [...state.views.slice(0, -1), { ...view, tab }], resourceOpen: false });
}

function nodeKey(state: UiState, view: Extract<View, { screen: 'node' }>, press: KeyPress, context: KeyContext): Outcome {
  const index = NODE_TABS.indexOf(view.tab);
  if (press.name === 'tab' || press.name === 'right') return withTab(state, view, NODE_TABS[(index + (press.shift ? NODE_TABS.length - 1 : 1)) % NODE_TABS.length]!);
  if (press.name === 'left') return withTab(state, view, NODE_TABS[(index + NODE_TABS.length - 1) % NODE_TABS.length]!);
  if (/^[1-6]$/.test(press.text)) return withTab(state, view, NODE_TABS[Number(press.text) - 1]!);
  if (press.text === 'f' && follows(view)) return toggleFollow(state, listKey(view, state));
  if (press.text === 's' && view.tab === 'logs') {
    const sources = context.logSources(view.node);
    const current = sources.indexOf(state.logSources[view.node] ?? 'machined');
    return done({ ...state, logSources: { ...state.logSources, [view.node]: sources[(current + 1) % sources.length] ?? 'machined' } });
  }
  if (press.text === 'd' && view.tab === 'config') return done({ ...state, configShows: state.configShows === 'config' ? 'diff' : 'config' });
  if (view.tab === 'resources' && (press.name === 'return' || (press.name === 'escape' && state.resourceOpen))) return done({ ...state, resourceOpen: !state.resourceOpen });
  return nodeActionKey(state, view.node, press);
}

function faultsKey(state: UiState, press: KeyPress, context: KeyContext): Outcome {
  if (press.name === 'tab') return done({ ...state, faultFocus: state.faultFocus === 'catalogue' ? 'active' : 'catalogue' });
  const cursor = cursorOf(state, listKey(currentView(state), state));
  if (state.faultFocus === 'catalogue' && press.name === 'return') {
    const kind = context.faultKinds?.[cursor];
    if (!kind) return undefined;
    const values = Object.fromEntries(kind.parameters.map((parameter) => [parameter.name, parameter.default === undefined ? '' : String(parameter.default)]));
    const targets = defaultTargets(kind, state.faultTarget, context.nodes);
    return done({ ...state, dialog: { kind: 'inject', faultKind: kind.kind, targets, values, field: 0, error: '' } });
  }
  if (state.faultFocus === 'active' && (press.text === 'x' || press.text === 'h' || press.name === 'delete')) {
    const id = context.activeFaultIds[cursor];
    return id ? done(state, [{ type: 'heal', id }]) : undefined;
  }
  return undefined;
}
