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
