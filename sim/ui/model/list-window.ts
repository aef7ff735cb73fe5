// Which slice of a list fits on the screen: the selected row kept in view (centred when the list
// is longer than the screen), or the newest rows when the list follows its end.

export interface ListWindow {
  start: number;
  end: number;
  /** Index of the selected row (clamped to the list). */
  selected: number;
}

export function listWindow(length: number, cursor: number, following: boolean, rows: number): ListWindow {
  const last = Math.max(0, length - 1);
  const selected = following ? last : Math.max(0, Math.min(cursor, last));
  if (length <= rows) return { start: 0, end: length, selected };
  const start = following ? length - rows : Math.max(0, Math.min(selected - Math.floor(rows / 2), length - rows));
  return { start, end: start + rows, selected };
}
