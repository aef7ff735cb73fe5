// The `yaml` parser and every walk over what it builds are recursive: a document nested a few
// thousand levels deep (`[[[[...`, or a deep flow sequence after a large block) runs the
// JavaScript stack out, and where that happens depends on the stack the process was given. Go's
// decoder refuses such input with an error at a line; so do we, whatever the stack size: a
// RangeError from a parse or a walk becomes an error at the line where the nesting is deepest.

/** Where the nesting of a YAML text is deepest, 1-based; 1:1 when nothing is nested. */
export interface NestingPoint {
  line: number;
  column: number;
  /** Flow levels (`[` and `{`) open at that point, or the indentation when the text has no flow nesting. */
  depth: number;
}

/** The error texts give the reason in these words. */
export const TOO_DEEP_REASON = 'nesting too deep to decode';

/** True for the RangeError a JavaScript engine throws when the call stack runs out. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/**
 * Runs `parse`; a stack overflow inside it becomes the error `refuse` makes for the deepest point
 * of `text`. Any other error passes through unchanged.
 */
export function guardYamlStack<T>(text: string, parse: () => T, refuse: (point: NestingPoint) => Error): T {
  try {
    return parse();
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    throw refuse(deepestNesting(text));
  }
}

/**
 * One linear pass: flow brackets outside quoted scalars and comments, and, when there are none,
 * the most indented line. Good enough to point a user at the place, which is all it is for.
 */
export function deepestNesting(text: string): NestingPoint {
  let line = 1;
  let column = 1;
  let depth = 0;
  let quote: '"' | "'" | null = null;
  let comment = false;
  let lineStart = true;
  let indent = 0;
  let best: NestingPoint = { line: 1, column: 1, depth: 0 };
  let deepestIndent: NestingPoint = { line: 1, column: 1, depth: 0 };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === '\n') {
      line++;
      column = 1;
      comment = false;
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (char === ' ') {
        indent++;
      } else {
        lineStart = false;
        if (indent > deepestIndent.depth) deepestIndent = { line, column, depth: indent };
      }
    }
    if (!comment) {
      if (quote !== null) {
        if (char === quote && text[index - 1] !== '\\') quote = null;
      } else if (char === '"' || char === "'") {
        quote = char;
      } else if (char === '#' && (index === 0 || /\s/.test(text[index - 1]!))) {
        comment = true;
      } else if (char === '[' || char === '{') {
        depth++;
        if (depth > best.depth) best = { line, column, depth };
      } else if ((char === ']' || char === '}') && depth > 0) {
        depth--;
      }
    }
    column++;
  }
  return best.depth > 0 ? best : deepestIndent;
}
