// The key bindings as pure functions: every binding the help screen lists does what it says,
// from (UI state, key, context) to the next state and the commands sent to the simulator. The
// frames tests show the same keys through ink; these pin down the edge cases (prompts, dialogs,
// cursors at the ends of lists, follow mode).
import { describe, expect, it } from 'vitest';
import { handleKey } from '../../sim/ui/input/handle-key.ts';
import { keyPress } from '../../sim/ui/input/key-press.ts';
import { initialUiState, currentView, type UiState } from '../../sim/ui/input/ui-state.ts';
import type { KeyContext } from '../../sim/ui/input/key-context.ts';
import { KEY_GROUPS, keyBindingLines } from '../../sim/ui/input/key-bindings.ts';
import { kindInfo } from '../../sim/ui/fault-control.ts';
import { FAULT_KINDS } from '../../sim/faults/fault-catalogue.ts';

const context: KeyContext = {
  nodes: ['cp-1', 'worker-1', 'worker-2'],
  visibleNodes: ['cp-1', 'worker-1', 'worker-2'],
  listLength: 3,
  pageRows: 10,
  paused: false,
  speed: 1,
  logSources: () => ['machined', 'etcd', 'kubelet'],
  faultKinds: FAULT_KINDS.map(kindInfo),
  activeFaultIds: ['f1', 'f2'],
  hasLesson: true,
};

/** Presses keys in order (`j`, `<enter>`, `<esc>`, `<ctrl-c>`...) and collects every command. */
function press(keys: string[], state: UiState = initialUiState(), given: Partial<KeyContext> = {}) {
  const commands = [];
  for (const key of keys) {
    const outcome = handleKey(state, keyPress(key), { ...context, ...given });
    state = outcome.state;
    commands.push(...outcome.commands);
  }
  return { state, commands, view: currentView(state) };
}

describe('everywhere', () => {
  it('? opens help, : the command line, / the filter; Esc goes back, q on the overview quits', () => {
    expect(press(['?']).view).toEqual({ screen: 'help' });
    expect(press([':']).state.prompt).toEqual({ kind: 'command', text: '' });
    expect(press(['/']).state.prompt).toEqual({ kind: 'filter', text: '' });
    expect(press(['?', '<esc>']).view).toEqual({ screen: 'overview' });
    expect(press(['t', 'q']).view).toEqual({ screen: 'overview' });
    expect(press(['q']).commands).toEqual([{ type: 'quit' }]);
    expect(press(['t', '<ctrl-c>']).commands).toEqual([{ type: 'quit' }]);
  });

  it('t, F, l open the timeline, the fault panel and the lesson (l says so when there is no lesson)', () => {
    expect(press(['t']).view).toEqual({ screen: 'timeline' });
    expect(press(['F']).view).toEqual({ screen: 'faults' });
    expect(press(['l']).view).toEqual({ screen: 'lesson' });
    expect(press(['l'], initialUiState(), { hasLesson: false }).state.message?.text).toBe('no lesson in this session (talsim learn starts one)');
  });

  it('j k arrows, PgUp PgDn, g G move the cursor and stop at the ends', () => {
    const cursor = (keys: string[], length = 3) => press(keys, initialUiState(), { listLength: length, pageRows: 10 }).state.cursors['overview'];
    expect(cursor(['j', 'j', 'j', 'j'])).toBe(2);
    expect(cursor(['j', '<up>', 'k', 'k'])).toBe(0);
    expect(cursor(['<pgdn>'], 50)).toBe(10);
    expect(cursor(['<pgdn>', '<pgdn>', '<pgup>'], 50)).toBe(10);
    expect(cursor(['G'], 50)).toBe(49);
    expect(cursor(['G', 'g'], 50)).toBe(0);
  });

  it('the / filter narrows as it is typed, Enter keeps it, Esc clears it; Esc on a filtered list clears it too', () => {
    let outcome = press(['/', 'w', 'o', 'r']);
    expect(outcome.state.filters['overview']).toBe('wor');
    outcome = press(['<enter>'], outcome.state);
    expect(outcome.state.prompt).toBeUndefined();
    expect(outcome.state.filters['overview']).toBe('wor');
    expect(press(['<esc>'], outcome.state).state.filters['overview']).toBe('');
    expect(press(['/', 'x', '<esc>']).state.filters['overview']).toBe('');
    expect(press(['/', 'x', 'y', '<bs>']).state.filters['overview']).toBe('x');
  });
});

describe('time', () => {
  it('Space pauses or resumes; + and - step through 1x, 10x, 100x; . steps one event', () => {
    expect(press(['<space>']).commands).toEqual([{ type: 'pause' }]);
    expect(press(['<space>'], initialUiState(), { paused: true }).commands).toEqual([{ type: 'resume' }]);
    expect(press(['+']).commands).toEqual([{ type: 'speed', speed: 10 }]);
    expect(press(['+'], initialUiState(), { speed: 10 }).commands).toEqual([{ type: 'speed', speed: 100 }]);
    expect(press(['+'], initialUiState(), { speed: 100 }).commands).toEqual([{ type: 'speed', speed: 100 }]);
    expect(press(['-'], initialUiState(), { speed: 100 }).commands).toEqual([{ type: 'speed', speed: 10 }]);
    expect(press(['-'], initialUiState(), { speed: 2 }).commands).toEqual([{ type: 'speed', speed: 1 }]);
    expect(press(['.']).commands).toEqual([{ type: 'step', events: 1 }]);
  });
});

describe('nodes', () => {
  it('Enter opens the selected node; a opens the apply dialog for it; b and R ask first, y confirms, anything else cancels', () => {
    expect(press(['j', '<enter>']).view).toEqual({ screen: 'node', node: 'worker-1', tab: 'summary' });
    expect(press(['j', 'a']).state.dialog).toMatchObject({ kind: 'apply', node: 'worker-1', mode: 'auto', asPatch: false });
    expect(press(['b']).state.dialog).toMatchObject({ kind: 'confirm', question: 'Bootstrap etcd on cp-1? (y/N)' });
    expect(press(['b', 'y']).commands).toEqual([{ type: 'bootstrap', node: 'cp-1' }]);
    expect(press(['b', 'n']).commands).toEqual([]);
    expect(press(['j', 'R', 'y']).commands).toEqual([{ type: 'reboot', node: 'worker-1' }]);
    expect(press(['j', 'W', 'y']).commands).toEqual([{ type: 'wipe', node: 'worker-1' }]);
    expect(press(['e']).commands).toEqual([{ type: 'export-config', node: 'cp-1' }]);
    expect(press(['j', 'i']).state).toMatchObject({ faultTarget: 'worker-1', views: [{ screen: 'overview' }, { screen: 'faults' }] });
  });

  it('on the node screen: 1-6, Tab, arrows switch tabs; s cycles log sources; d toggles the diff; Enter opens a resource', () => {
    const opened = press(['<enter>']).state;
    expect(press(['3'], opened).view).toMatchObject({ tab: 'resources' });
    expect(press(['<tab>', '<tab>'], opened).view).toMatchObject({ tab: 'resources' });
    expect(press(['<left>'], opened).view).toMatchObject({ tab: 'dmesg' });
    expect(press(['<right>'], opened).view).toMatchObject({ tab: 'services' });
    expect(press(['5', 's', 's'], opened).state.logSources['cp-1']).toBe('kubelet');
    expect(press(['5', 's', 's', 's'], opened).state.logSources['cp-1']).toBe('machined');
    expect(press(['4', 'd'], opened).state.configShows).toBe('diff');
    expect(press(['3', '<enter>'], opened).state.resourceOpen).toBe(true);
    expect(press(['3', '<enter>', '<esc>'], opened).state).toMatchObject({ resourceOpen: false, views: [{ screen: 'overview' }, { screen: 'node' }] });
  });

  it('f toggles following on logs and the timeline; moving up stops following, G follows again', () => {
    const logs = press(['<enter>', '5'], initialUiState(), { listLength: 40 }).state;
    const key = 'node:cp-1:logs:machined';
    expect(press(['f'], logs).state.following[key]).toBe(false);
    expect(press(['k'], logs, { listLength: 40 }).state).toMatchObject({ following: { [key]: false }, cursors: { [key]: 38 } });
    expect(press(['k', 'G'], logs, { listLength: 40 }).state.following[key]).toBe(true);
    expect(press(['t', 'f']).state.following['timeline']).toBe(false);
  });
});

describe('fault panel and lesson', () => {
  it('Enter on a kind opens its form aimed at the selected node, Enter injects; Tab then x heals the selected active fault', () => {
    const panel = press(['j', 'i']).state;
    const linkDown = press(['j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', '<enter>'], panel, { listLength: 27 });
    expect(linkDown.state.dialog).toMatchObject({ kind: 'inject', faultKind: 'link-down', targets: 'worker-1', values: { link: '' } });
    expect(press(['<enter>'], linkDown.state).commands).toEqual([{ type: 'inject', faultKind: 'link-down', targets: 'worker-1', values: { link: '' } }]);
    const partition = press(['G', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', '<enter>'], panel, { listLength: 27 });
    expect(partition.state.dialog).toMatchObject({ faultKind: 'partition', targets: 'worker-1->cp-1,worker-2', values: { symmetric: 'true' } });
    expect(press(['<down>', '<space>'], partition.state).state.dialog).toMatchObject({ values: { symmetric: 'false' } });
    expect(press(['<tab>', 'j', 'x'], panel, { listLength: 2 }).commands).toEqual([{ type: 'heal', id: 'f2' }]);
  });

  it('the inject form: typing edits the targets, Esc cancels', () => {
    const form = press(['F', '<enter>']).state;
    expect(form.dialog).toMatchObject({ faultKind: 'etcd-commit-delay', targets: '', values: { commitDelayMs: '6000' } });
    expect(press(['<down>', '<bs>', '<bs>', '<bs>'], form).state.dialog).toMatchObject({ values: { commitDelayMs: '6' } });
    expect(press(['<esc>'], form).state.dialog).toBeUndefined();
  });

  it('h on the lesson screen reveals a hint', () => {
    expect(press(['l', 'h']).commands).toEqual([{ type: 'hint' }]);
  });
});

describe('the command line', () => {
  const run = (line: string) => press([':', line, '<enter>']);
  it('screens, time and node commands with their arguments; mistakes are reported', () => {
    expect(run('node worker-2 dmesg').view).toEqual({ screen: 'node', node: 'worker-2', tab: 'dmesg' });
    expect(run('timeline').view).toEqual({ screen: 'timeline' });
    expect(run('speed 42').commands).toEqual([{ type: 'speed', speed: 42 }]);
    expect(run('step 3').commands).toEqual([{ type: 'step', events: 3 }]);
    expect(run('bootstrap cp-1').commands).toEqual([{ type: 'bootstrap', node: 'cp-1' }]);
    expect(run('apply worker-1 patch.yaml staged patch').commands).toEqual([{ type: 'apply', node: 'worker-1', path: 'patch.yaml', asPatch: true, mode: 'staged' }]);
    expect(run('inject partition cp-1->worker-1 symmetric=false').commands).toEqual([{ type: 'inject', faultKind: 'partition', targets: 'cp-1->worker-1', values: { symmetric: 'false' } }]);
    expect(run('inject etcd-commit-delay commitDelayMs=9000').commands).toEqual([{ type: 'inject', faultKind: 'etcd-commit-delay', targets: '', values: { commitDelayMs: '9000' } }]);
    expect(run('heal all').commands).toEqual([{ type: 'heal', id: 'f1' }, { type: 'heal', id: 'f2' }]);
    expect(run('node nowhere').state.message).toEqual({ text: 'usage: :node NAME [summary|services|resources|config|logs|dmesg]', tone: 'error' });
    expect(run('frobnicate').state.message).toEqual({ text: 'unknown command :frobnicate (:help lists them)', tone: 'error' });
    expect(run('quit').commands).toEqual([{ type: 'quit' }]);
  });
});

describe('the list the help screen shows', () => {
  it('names every group and binding once', () => {
    const lines = keyBindingLines();
    expect(lines.filter((line) => !line.startsWith(' ') && line !== '')).toEqual(KEY_GROUPS.map((group) => group.title));
    expect(lines).toContain('  Space        pause / resume');
  });
});
