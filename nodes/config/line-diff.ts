// The unified diff Talos prints under "Config diff:" and in "this config change can't be applied
// in immediate mode\ndiff:\n...": headers `--- a` / `+++ b`, hunks `@@ -start,len +start,len @@`
// with 3 lines of context, changes closer than 6 lines sharing a hunk (Talos' textdiff over
// neticdk/go-stdlib's unified formatter). The edit script comes from Myers' algorithm; when two
// alignments are equally short, the chosen one may differ from Talos'. Inputs over
// MAX_DIFF_LINES lines get Talos' "diff too large to display" hunk.

/** Talos' textdiff.MaxLines. */
export const MAX_DIFF_LINES = 75_000;
/** Beyond this many differing lines the diff is shown as "delete all, insert all". */
export const MAX_DIFF_EDIT_DISTANCE = 2_000;
const CONTEXT_LINES = 3;

type EditKind = 'equal' | 'delete' | 'insert';

interface Edit {
  kind: EditKind;
  text: string;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines;
}

/** Myers' greedy shortest edit script; null when it would exceed MAX_DIFF_EDIT_DISTANCE. */
function myersEdits(a: string[], b: string[]): Edit[] | null {
  const max = Math.min(a.length + b.length, MAX_DIFF_EDIT_DISTANCE);
  const offset = max + 1;
  const frontier = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let distance = 0; distance <= max; distance++) {
    trace.push(frontier.slice());
    for (let diagonal = -distance; diagonal <= distance; diagonal += 2) {
      const down = diagonal === -distance || (diagonal !== distance && frontier[offset + diagonal - 1] < frontier[offset + diagonal + 1]);
      let x = down ? frontier[offset + diagonal + 1] : frontier[offset + diagonal - 1] + 1;
      let y = x - diagonal;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      frontier[offset + diagonal] = x;
      if (x >= a.length && y >= b.length) return backtrack(trace, a, b, offset, distance);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], a: string[], b: string[], offset: number, finalDistance: number): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  for (let distance = finalDistance; distance > 0; distance--) {
    const frontier = trace[distance];
    const diagonal = x - y;
    const down = diagonal === -distance || (diagonal !== distance && frontier[offset + diagonal - 1] < frontier[offset + diagonal + 1]);
    const previousDiagonal = down ? diagonal + 1 : diagonal - 1;
    const previousX = frontier[offset + previousDiagonal];
    const snakeStartX = down ? previousX : previousX + 1;
    while (x > snakeStartX) {
      x--;
      y--;
      edits.push({ kind: 'equal', text: a[x] });
    }
    if (down) {
      y--;
      edits.push({ kind: 'insert', text: b[y] });
    } else {
      x--;
      edits.push({ kind: 'delete', text: a[x] });
    }
  }
  while (x > 0) {
    x--;
    edits.push({ kind: 'equal', text: a[x] });
  }
  return edits.reverse();
}

interface HunkRange {
  start: number;
  end: number;
}

function hunkRanges(edits: Edit[]): HunkRange[] {
  const changes = edits.flatMap((edit, index) => (edit.kind === 'equal' ? [] : [index]));
  if (changes.length === 0) return edits.length === 0 ? [] : [{ start: 0, end: edits.length }];
  const ranges: HunkRange[] = [];
  let groupStart = 0;
  for (let index = 1; index <= changes.length; index++) {
    if (index < changes.length && changes[index] - changes[index - 1] <= 2 * CONTEXT_LINES) continue;
    const start = Math.max(0, changes[groupStart] - CONTEXT_LINES);
    const end = Math.min(edits.length, changes[index - 1] + CONTEXT_LINES + 1);
    const previous = ranges[ranges.length - 1];
    if (previous !== undefined && start < previous.end) previous.end = Math.max(previous.end, end);
    else ranges.push({ start, end });
    groupStart = index;
  }
  return ranges;
}

/** Lines of a and of b before each edit (one pass, so a diff of many hunks stays linear). */
function linesBefore(edits: Edit[]): { a: Int32Array; b: Int32Array } {
  const a = new Int32Array(edits.length + 1);
  const b = new Int32Array(edits.length + 1);
  edits.forEach((edit, index) => {
    a[index + 1] = a[index]! + (edit.kind !== 'insert' ? 1 : 0);
    b[index + 1] = b[index]! + (edit.kind !== 'delete' ? 1 : 0);
  });
  return { a, b };
}

function hunkHeader(before: { a: Int32Array; b: Int32Array }, range: HunkRange): string {
  const aStart = before.a[range.start]! + 1;
  const bStart = before.b[range.start]! + 1;
  const aLength = before.a[range.end]! - before.a[range.start]!;
  const bLength = before.b[range.end]! - before.b[range.start]!;
  const aShown = aLength === 0 && aStart > 0 ? aStart - 1 : aStart;
  const bShown = bLength === 0 && bStart > 0 ? bStart - 1 : bStart;
  return `@@ -${aShown},${aLength} +${bShown},${bLength} @@`;
}

const PREFIX: Record<EditKind, string> = { equal: ' ', delete: '-', insert: '+' };

/** Talos' textdiff.Diff: '' when equal, else a unified diff with `--- a` / `+++ b` headers. */
export function unifiedDiff(before: string, after: string): string {
  if (before === after) return '';
  const beforeLineCount = (before.match(/\n/g) ?? []).length;
  const afterLineCount = (after.match(/\n/g) ?? []).length;
  if (beforeLineCount + afterLineCount > MAX_DIFF_LINES) {
    return `@@ -1,${beforeLineCount} +1,${afterLineCount} @@ diff too large to display\n`;
  }
  const a = splitLines(before);
  const b = splitLines(after);
  const edits = myersEdits(a, b) ?? [
    ...a.map((text): Edit => ({ kind: 'delete', text })),
    ...b.map((text): Edit => ({ kind: 'insert', text })),
  ];
  const lines = ['--- a', '+++ b'];
  const counts = linesBefore(edits);
  for (const range of hunkRanges(edits)) {
    lines.push(hunkHeader(counts, range));
    for (const edit of edits.slice(range.start, range.end)) lines.push(`${PREFIX[edit.kind]}${edit.text}`);
  }
  return `${lines.join('\n')}\n`;
}
