// One key press as the UI's handlers see it: the printable text, or a named key, with modifiers.
// Converted once from ink's Key so the handlers are pure functions a test can call directly.
import type { Key } from 'ink';

export type KeyName =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'return'
  | 'escape'
  | 'tab'
  | 'backspace'
  | 'delete';

export interface KeyPress {
  /** Printable text ('' for a named key). */
  text: string;
  name?: KeyName;
  ctrl: boolean;
  shift: boolean;
}

const NAMED: Array<[keyof Key, KeyName]> = [
  ['upArrow', 'up'],
  ['downArrow', 'down'],
  ['leftArrow', 'left'],
  ['rightArrow', 'right'],
  ['pageUp', 'pageUp'],
  ['pageDown', 'pageDown'],
  ['home', 'home'],
  ['end', 'end'],
  ['return', 'return'],
  ['escape', 'escape'],
  ['tab', 'tab'],
  ['backspace', 'backspace'],
  ['delete', 'delete'],
];

/**
 * The presses one read from the terminal holds. Keys typed faster than the UI reads them (key
 * repeat, tmux send-keys, a paste) arrive as one chunk of text: each character is its own press,
 * with Enter, Tab and Backspace inside the chunk named.
 */
export function keyPressesFromInk(input: string, key: Key): KeyPress[] {
  const named = NAMED.find(([flag]) => key[flag] === true)?.[1];
  if (named || key.ctrl || input.length <= 1) return [{ text: named ? '' : input, name: named, ctrl: key.ctrl, shift: key.shift }];
  return [...input].map((character): KeyPress => {
    const inChunk = CHUNK_KEYS[character];
    return inChunk ? { text: '', name: inChunk, ctrl: false, shift: false } : { text: character, ctrl: false, shift: false };
  });
}

const CHUNK_KEYS: Record<string, KeyName> = { '\r': 'return', '\n': 'return', '\t': 'tab', '\u007F': 'backspace', '\b': 'backspace' };

/** A key press from text, for tests: `j`, `<space>`, `<up>`, `<esc>`, `<enter>`, `<ctrl-c>`, `<shift-tab>`. */
export function keyPress(spec: string): KeyPress {
  const match = /^<(ctrl-|shift-)?([a-zA-Z]+)>$/.exec(spec);
  if (!match) return { text: spec, ctrl: false, shift: false };
  const [, modifier, name] = match;
  if (modifier === 'ctrl-') return { text: name!, ctrl: true, shift: false };
  if (name === 'space') return { text: ' ', ctrl: false, shift: false };
  const aliases: Record<string, KeyName> = { esc: 'escape', enter: 'return', pgup: 'pageUp', pgdn: 'pageDown', bs: 'backspace' };
  return { text: '', name: aliases[name!] ?? (name as KeyName), ctrl: false, shift: modifier === 'shift-' };
}
