// Moving through a list: arrows and j/k, page up/down, g/G and Home/End. A list that follows its
// newest line (logs, the timeline) stops following when the cursor moves up and follows again at
// the end. Cursors are clamped to the list as it is now.
import type { KeyPress } from './key-press.ts';
import type { UiState } from './ui-state.ts';

export interface ListMove {
  cursor: number;
  following: boolean;
}

/** The cursor a key moves to, or undefined when the key is not a movement. */
export function moveInList(press: KeyPress, cursor: number, following: boolean, length: number, pageRows: number): ListMove | undefined {
  const last = Math.max(0, length - 1);
  const from = following ? last : Math.min(cursor, last);
  const to = (index: number): ListMove => {
    const clamped = Math.max(0, Math.min(last, index));
    return { cursor: clamped, following: clamped === last && following };
  };
  if (press.name === 'up' || press.text === 'k') return { ...to(from - 1), following: false };
  if (press.name === 'down' || press.text === 'j') return to(from + 1);
  if (press.name === 'pageUp' || (press.ctrl && press.text === 'u')) return { ...to(from - Math.max(1, pageRows)), following: false };
  if (press.name === 'pageDown' || (press.ctrl && press.text === 'd')) return to(from + Math.max(1, pageRows));
  if (press.name === 'home' || press.text === 'g') return { cursor: 0, following: false };
  if (press.name === 'end' || press.text === 'G') return { cursor: last, following: true };
  return undefined;
}

export function cursorOf(state: UiState, key: string): number {
  return state.cursors[key] ?? 0;
}

/** Lists that follow their newest line start out following. */
export function isFollowing(state: UiState, key: string): boolean {
  return state.following[key] ?? true;
}

export function withCursor(state: UiState, key: string, move: ListMove): UiState {
  return { ...state, cursors: { ...state.cursors, [key]: move.cursor }, following: { ...state.following, [key]: move.following } };
}
