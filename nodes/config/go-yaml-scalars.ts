// How Talos' YAML library (go-yaml v4) reads a scalar into a Go field, so that values mean in
// talsim what they mean on a real node: a plain `0644` is octal 420, `yes` is a bool only when
// the field is a bool, and a string field keeps the text exactly as written (`version: 1.10`
// stays "1.10"). Leaves out: timestamps, base-60 numbers, merge keys and custom tags beyond
// !!str/!!int/!!bool/!!null/!!float.

export type GoResolvedTag = '!!null' | '!!bool' | '!!int' | '!!float' | '!!str';

export interface GoScalar {
  /** The scalar's text as go-yaml's Node.Value holds it (plain: as written; quoted: unescaped). */
  text: string;
  /** The tag go-yaml resolves it to. */
  tag: GoResolvedTag;
  /** The resolved value: null, boolean, bigint (ints), number (floats) or string. */
  value: null | boolean | bigint | number | string;
}

const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUE_WORDS = new Set(['true', 'True', 'TRUE']);
const FALSE_WORDS = new Set(['false', 'False', 'FALSE']);
const YAML11_TRUE_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const YAML11_FALSE_WORDS = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOATS: Record<string, number> = {
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity,
  '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
};

/** Go's strconv.ParseInt(s, 0, 64)/ParseUint: sign, 0x/0o/0b prefixes and leading-0 octal. */
export function parseGoInteger(text: string): bigint | null {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (match === null) return null;
  const sign = match[1] === '-' ? -1n : 1n;
  let digits = match[2];
  if (/^0[0-7]+$/.test(digits)) digits = `0o${digits.slice(1)}`;
  const magnitude = BigInt(digits.replace(/^0[oO]/, '0o').replace(/^0[xX]/, '0x').replace(/^0[bB]/, '0b'));
  const value = sign * magnitude;
  if (value < -(2n ** 63n) || value > 2n ** 64n - 1n) return null;
  return value;
}

/** Resolves a plain (unquoted) scalar like go-yaml does without a target type. */
export function resolvePlainScalar(text: string): GoScalar {
  if (NULL_WORDS.has(text)) return { text, tag: '!!null', value: null };
  if (TRUE_WORDS.has(text)) return { text, tag: '!!bool', value: true };
  if (FALSE_WORDS.has(text)) return { text, tag: '!!bool', value: false };
  if (text in SPECIAL_FLOATS) return { text, tag: '!!float', value: SPECIAL_FLOATS[text] };
  if (text === '-0' || text === '-0.0') return { text, tag: '!!float', value: -0 };
  const first = text[0];
  if (first === '.' || first === '+' || first === '-' || (first >= '0' && first <= '9')) {
    const plain = text.replaceAll('_', '');
    const integer = parseGoInteger(plain);
    if (integer !== null) return { text, tag: '!!int', value: integer };
    if (YAML_STYLE_FLOAT.test(plain)) return { text, tag: '!!float', value: Number(plain) };
  }
  return { text, tag: '!!str', value: text };
}

/** A quoted or block scalar is always a string. */
export function quotedScalar(text: string): GoScalar {
  return { text, tag: '!!str', value: text };
}

/** YAML 1.1 words go-yaml accepts only when the target field is a bool. */
export function yaml11Bool(text: string): boolean | null {
  if (YAML11_TRUE_WORDS.has(text)) return true;
  if (YAML11_FALSE_WORDS.has(text)) return false;
  return null;
}

/** How go-yaml shows a scalar in "cannot construct !!str `abc` into bool" (long values cut at 7). */
export function describeScalarForError(scalar: GoScalar): string {
  const shown = scalar.text.length > 10 ? `${scalar.text.slice(0, 7)}...` : scalar.text;
  return `${scalar.tag} \`${shown}\``;
}
