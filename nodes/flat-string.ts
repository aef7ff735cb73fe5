// Text a node keeps for long (log lines, machine event ids and messages, resource spec strings) is
// mostly built by concatenation: `a + b` and template literals of 13 characters or more give V8 a
// tree of "cons" strings, 32 bytes per join on top of every piece, and a line kept in a log buffer
// keeps its whole tree. Reading one character flattens the tree into one sequential string, and the
// next scavenge drops the tree: ~80 bytes fewer per typical log line, ~250 per event id. The text
// is the same string value either way; only its storage changes.

/** Shorter strings are never cons strings in V8 (they are copied flat when joined). */
const MIN_CONS_LENGTH = 13;

/** `text`, flattened in place when V8 stores it as a tree of joins (same value, less memory). */
export function flatString(text: string): string {
  if (text.length >= MIN_CONS_LENGTH) text.charCodeAt(0);
  return text;
}

/** Distinct texts a table keeps in its younger generation before it becomes the older one. */
export const TEXTS_PER_GENERATION = 8_192;

/**
 * Texts written on many nodes (the same log line, the same event message) kept once: `shared`
 * returns the copy the table already holds, or keeps `text` (flattened) as that copy. The table
 * holds two generations of at most TEXTS_PER_GENERATION texts each: a text seen again is carried
 * into the younger one, and when that fills the older one is dropped, so text that keeps being
 * written stays shared and the table stays bounded. Only storage changes: the value is the same.
 */
export class SharedTexts {
  private younger = new Map<string, string>();
  private older = new Map<string, string>();

  shared(text: string): string {
    const young = this.younger.get(text);
    if (young !== undefined) return young;
    const old = this.older.get(text);
    const kept = old ?? flatString(text);
    if (this.younger.size >= TEXTS_PER_GENERATION) {
      this.older = this.younger;
      this.younger = new Map();
    }
    this.younger.set(kept, kept);
    return kept;
  }
}

const textTables = new WeakMap<object, SharedTexts>();

/** The text table of everything that shares `clock` (the kernel of one cluster: its nodes' logs and events). */
export function sharedTextsFor(clock: object): SharedTexts {
  let table = textTables.get(clock);
  if (!table) textTables.set(clock, (table = new SharedTexts()));
  return table;
}
