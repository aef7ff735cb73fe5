// The prompt line: `/` edits the current screen's filter as you type (Enter keeps it, Esc clears
// it), `:` takes a command (Enter runs it, Esc drops it).
import type { KeyPress } from './key-press.ts';
import type { KeyContext } from './key-context.ts';
import { currentView, filterKey, type UiState } from './ui-state.ts';
import type { KeyOutcome } from './ui-state.ts';
import { runCommandLine } from './command-line.ts';

export function handlePromptKey(state: UiState, press: KeyPress, context: KeyContext): KeyOutcome {
  const prompt = state.prompt!;
  if (prompt.kind === 'filter') return filterPromptKey(state, press);
  if (press.name === 'escape') return { state: { ...state, prompt: undefined }, commands: [] };
  if (press.name === 'return') return runCommandLine({ ...state, prompt: undefined }, prompt.text, context);
  return { state: { ...state, prompt: { ...prompt, text: editText(prompt.text, press) } }, commands: [] };
}

function filterPromptKey(state: UiState, press: KeyPress): KeyOutcome {
  const key = filterKey(currentView(state));
  const prompt = state.prompt!;
  if (!key) return { state: { ...state, prompt: undefined }, commands: [] };
  if (press.name === 'escape') return { state: { ...state, prompt: undefined, filters: { ...state.filters, [key]: '' } }, commands: [] };
  if (press.name === 'return') return { state: { ...state, prompt: undefined }, commands: [] };
  const text = editText(prompt.text, press);
  return { state: { ...state, prompt: { ...prompt, text }, filters: { ...state.filters, [key]: text }, cursors: { ...state.cursors, [key]: 0 } }, commands: [] };
}

/** Typing into a one-line field: printable text appends, Backspace/Delete removes the last character, Ctrl-U clears. */
export function editText(text: string, press: KeyPress): string {
  if (press.name === 'backspace' || press.name === 'delete') return text.slice(0, -1);
  if (press.ctrl && press.text === 'u') return '';
  if (press.name || press.ctrl) return text;
  return text + press.text.replace(/[\r\n\t]/g, '');
}
