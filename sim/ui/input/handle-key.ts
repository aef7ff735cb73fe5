// The key bindings: one pure function from (state, key, context) to the next state and the
// commands to send to the simulator. Precedence: Ctrl-C, the open prompt, the open dialog, the
// current screen's own keys, then the keys that work everywhere (help, command, filter, back,
// time controls, screen switches). The list of bindings shown by `?` is in key-bindings.ts.
import type { KeyPress } from './key-press.ts';
import type { KeyContext } from './key-context.ts';
import { nextSpeed } from './key-context.ts';
import { currentView, filterKey, popView, pushView, type KeyOutcome, type UiCommand, type UiState } from './ui-state.ts';
import { handlePromptKey } from './prompt-keys.ts';
import { handleDialogKey } from './dialog-keys.ts';
import { handleScreenKey } from './screen-keys.ts';

export function handleKey(state: UiState, press: KeyPress, context: KeyContext): KeyOutcome {
  if (press.ctrl && press.text === 'c') return { state, commands: [{ type: 'quit' }] };
  if (state.prompt) return handlePromptKey(state, press, context);
  if (state.dialog) return handleDialogKey(state, press, context);
  const cleared = state.message ? { ...state, message: undefined } : state;
  return handleScreenKey(cleared, press, context) ?? handleGlobalKey(cleared, press, context);
}

export { popView, pushView, type KeyOutcome };

function handleGlobalKey(state: UiState, press: KeyPress, context: KeyContext): KeyOutcome {
  const done = (next: UiState, commands: UiCommand[] = []): KeyOutcome => ({ state: next, commands });
  const view = currentView(state);
  if (press.name === 'escape' || press.text === 'q') {
    const filter = filterKey(view);
    if (press.name === 'escape' && filter && state.filters[filter]) return done({ ...state, filters: { ...state.filters, [filter]: '' } });
    if (state.views.length > 1) return done(popView(state));
    return press.text === 'q' ? done(state, [{ type: 'quit' }]) : done(state);
  }
  switch (press.text) {
    case '?':
      return done(pushView(state, { screen: 'help' }));
    case ':':
      return done({ ...state, prompt: { kind: 'command', text: '' } });
    case '/': {
      const filter = filterKey(view);
      return filter ? done({ ...state, prompt: { kind: 'filter', text: state.filters[filter] ?? '' } }) : done(state);
    }
    case ' ':
      return done(state, [{ type: context.paused ? 'resume' : 'pause' }]);
    case '+':
    case '>':
      return done(state, [{ type: 'speed', speed: nextSpeed(context.speed, 1) }]);
    case '-':
    case '<':
      return done(state, [{ type: 'speed', speed: nextSpeed(context.speed, -1) }]);
    case '.':
      return done(state, [{ type: 'step', events: 1 }]);
    case 't':
      return done(pushView(state, { screen: 'timeline' }));
    case 'F':
      return done(pushView(state, { screen: 'faults' }));
    case 'K':
      return done(pushView(state, { screen: 'kubernetes' }));
    case 'l':
      return context.hasLesson ? done(pushView(state, { screen: 'lesson' })) : done({ ...state, message: { text: 'no lesson in this session (talsim learn starts one)', tone: 'info' } });
    default:
      return done(state);
  }
}
