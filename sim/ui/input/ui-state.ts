// The UI's own state, separate from the simulated world it shows: which screen is open (a stack,
// Esc goes back), cursors and filters per list, the prompt (`/` filter, `:` command), an open
// dialog (apply a config, inject a fault, confirm) and the status message. Plain data; the key
// handlers turn (state, key) into a new state and the commands to send to the simulator.
import { APPLY_MODES, type ApplyMode } from '../../../nodes/vocabulary.ts';

export const NODE_TABS = ['summary', 'services', 'resources', 'config', 'logs', 'dmesg'] as const;
export type NodeTab = (typeof NODE_TABS)[number];

export type View =
  | { screen: 'overview' }
  | { screen: 'node'; node: string; tab: NodeTab }
  | { screen: 'timeline' }
  /** Nodes and pods as kubectl prints them. */
  | { screen: 'kubernetes' }
  | { screen: 'faults' }
  | { screen: 'lesson' }
  /** `commandsFirst`: opened by `:help`, so the `:` commands come before the keys. */
  | { screen: 'help'; commandsFirst?: boolean };

export type ApplyModeChoice = ApplyMode | 'dry-run';
export const APPLY_MODE_CHOICES: ApplyModeChoice[] = [...APPLY_MODES, 'dry-run'];

export interface ApplyDialog {
  kind: 'apply';
  node: string;
  path: string;
  asPatch: boolean;
  mode: ApplyModeChoice;
  /** 0 file, 1 as, 2 mode. */
  field: number;
  /** Lines describing the last attempt: waiting, the reply, warnings, diagnostics, or the error. */
  result: string[];
  resultTone: 'info' | 'good' | 'error';
}

export interface InjectDialog {
  kind: 'inject';
  faultKind: string;
  /** Targets as typed: node names, a role or `all`; `from->to` for a link; ignored for a cluster-wide kind. */
  targets: string;
  /** Option values as typed, by option name. */
  values: Record<string, string>;
  /** 0 targets, then one per option. */
  field: number;
  error: string;
}

export interface ConfirmDialog {
  kind: 'confirm';
  question: string;
  command: UiCommand;
}

export type Dialog = ApplyDialog | InjectDialog | ConfirmDialog;

/** What a key asks of the simulator; the App performs these (ui-commands.ts). */
export type UiCommand =
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'speed'; speed: number }
  | { type: 'step'; events: number }
  | { type: 'quit' }
  | { type: 'bootstrap'; node: string }
  | { type: 'reboot'; node: string }
  /** From the machine's console, not the API: reset without grace and reboot (back to maintenance). */
  | { type: 'wipe'; node: string }
  | { type: 'export-config'; node: string }
  | { type: 'apply'; node: string; path: string; asPatch: boolean; mode: ApplyModeChoice }
  | { type: 'inject'; faultKind: string; targets: string; values: Record<string, string> }
  | { type: 'heal'; id: string }
  | { type: 'hint' };

export interface StatusMessage {
  text: string;
  tone: 'info' | 'good' | 'error';
}

export interface UiState {
  views: View[];
  /** Selected row per list, by list key (`overview`, `node:cp-1:services`, `timeline`...). */
  cursors: Record<string, number>;
  /** Whether a log-like list sticks to its newest line, by list key (default: it does). */
  following: Record<string, boolean>;
  /** Filter text per screen key. */
  filters: Record<string, string>;
  prompt: { kind: 'filter' | 'command'; text: string } | undefined;
  dialog: Dialog | undefined;
  /** Log source per node. */
  logSources: Record<string, string>;
  /** Config tab: the config or the diff of its last change. */
  configShows: 'config' | 'diff';
  /** Resources tab: the selected resource's YAML is open. */
  resourceOpen: boolean;
  /** Fault panel: which list has the cursor. */
  faultFocus: 'catalogue' | 'active';
  /** The node the fault panel's inject form targets by default (the node last selected or open). */
  faultTarget: string | undefined;
  message: StatusMessage | undefined;
}

export function initialUiState(): UiState {
  return {
    views: [{ screen: 'overview' }],
    cursors: {},
    following: {},
    filters: {},
    prompt: undefined,
    dialog: undefined,
    logSources: {},
    configShows: 'config',
    resourceOpen: false,
    faultFocus: 'catalogue',
    faultTarget: undefined,
    message: undefined,
  };
}

export function currentView(state: UiState): View {
  return state.views[state.views.length - 1]!;
}

/** The key of the list the current view scrolls (cursor and follow are kept per list). */
export function listKey(view: View, state: UiState): string {
  switch (view.screen) {
    case 'node':
      return view.tab === 'logs' ? `node:${view.node}:logs:${state.logSources[view.node] ?? 'machined'}` : `node:${view.node}:${view.tab}`;
    case 'faults':
      return `faults:${state.faultFocus}`;
    default:
      return view.screen;
  }
}

/** Screens with a `/` filter, and the key their filter is kept under. */
export function filterKey(view: View): string | undefined {
  if (view.screen === 'overview' || view.screen === 'timeline' || view.screen === 'kubernetes') return view.screen;
  if (view.screen === 'node' && ['logs', 'dmesg', 'resources'].includes(view.tab)) return `node:${view.node}:${view.tab}`;
  return undefined;
}

/** What a key handler returns: the next state and the commands to send to the simulator. */
export interface KeyOutcome {
  state: UiState;
  commands: UiCommand[];
}

/** Opens a view on top of the stack (a screen already on top stays; node views stack). */
export function pushView(state: UiState, view: View): UiState {
  const top = currentView(state);
  if (top.screen === view.screen && view.screen !== 'node') return state;
  return { ...state, views: [...state.views, view], resourceOpen: false };
}

/** Esc: back to the view below (the first view stays). */
export function popView(state: UiState): UiState {
  if (state.views.length <= 1) return state;
  return { ...state, views: state.views.slice(0, -1), resourceOpen: false };
}
