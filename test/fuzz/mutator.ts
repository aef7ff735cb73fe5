// A seeded input mutator for the fuzz suite: from a valid seed text (a generated machine config,
// a bundled scenario) it makes the inputs that broke or stalled the simulator before: YAML alias
// bombs, deep nesting, invalid UTF-8, wrong types, huge maps and values, truncation, duplicated
// keys, byte flips and (rarely) payloads of up to 32 MiB. Each case is a pure function of
// (seed text, case number), so a failing case is replayed by its number.
import seedrandom from 'seedrandom';

export interface FuzzCase {
  kind: string;
  data: Buffer;
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

function lines(text: string): string[] {
  return text.split('\n');
}

/** An indented key somewhere in the text, with its line number. */
function someKeyLine(random: Random, text: string): { index: number; indent: string } {
  const all = lines(text);
  for (let attempt = 0; attempt < 20; attempt++) {
    const index = between(random, 0, all.length - 1);
    const match = /^(\s*)[A-Za-z_][\w.-]*:/.exec(all[index]!);
    if (match) return { index, indent: match[1]! };
  }
  return { index: 0, indent: '' };
}

function insertAt(text: string, index: number, inserted: string): string {
  const all = lines(text);
  all.splice(index, 0, inserted);
  return all.join('\n');
}

const MUTATIONS: Record<string, (random: Random, text: string, large: boolean) => string | Buffer> = {
  'alias bomb': (random) => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    const depth = between(random, 3, 12);
    for (let level = 1; level <= depth; level++) bomb += `a${level}: &a${level} [${Array(9).fill(`*a${level - 1}`).join(', ')}]\n`;
    return bomb;
  },
  'deep nesting': (random, text) => {
    const depth = between(random, 100, 20_000);
    const { index, indent } = someKeyLine(random, text);
    return insertAt(text, index, `${indent}deep: ${'['.repeat(depth)}${']'.repeat(random() < 0.5 ? depth : 0)}`);
  },
  'invalid utf-8': (random, text) => {
    const bytes = Buffer.from(text);
    const at = between(random, 0, bytes.length);
    const junk = Buffer.from(pick(random, [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x90, 0x28, 0xbc], [0xed, 0xa0, 0x80]]));
    return Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]);
  },
  'wrong type': (random, text) => {
    const all = lines(text);
    const { index } = someKeyLine(random, text);
    const replacement = pick(random, ['[1, 2]', '{a: b}', '12345678901234567890123', '-1', 'true', 'null', '~', '"x"', '0x1F', '1e400', '.nan', '!!binary AAAA', '*undefined']);
    all[index] = all[index]!.replace(/:.*$/, `: ${replacement}`);
    return all.join('\n');
  },
  'huge map': (random, text, large) => {
    const count = large ? between(random, 10_000, 90_000) : between(random, 100, 3_000);
    const { index, indent } = someKeyLine(random, text);
    const entries = Array.from({ length: count }, (_, n) => `${indent}    k${n}: v${n}`).join('\n');
    return insertAt(text, index, `${indent}huge:\n${entries}`);
  },
  'huge value': (random, text, large) => {
    const size = large ? between(random, 1, 32) * 1024 * 1024 - 64 : between(random, 1_000, 200_000);
    const { index, indent } = someKeyLine(random, text);
    return insertAt(text, index, `${indent}blob: ${'z'.repeat(size)}`);
  },
  truncated: (random, text) => text.slice(0, between(random, 0, text.length)),
  'duplicated key': (random, text) => {
    const all = lines(text);
    const { index } = someKeyLine(random, text);
    all.splice(index + 1, 0, all[index]!);
    return all.join('\n');
  },
  'byte flips': (random, text) => {
    const bytes = Buffer.from(text);
    const flips = between(random, 1, 16);
    for (let flip = 0; flip < flips && bytes.length > 0; flip++) bytes[between(random, 0, bytes.length - 1)] = between(random, 0, 255);
    return bytes;
  },
  'line shuffle': (random, text) => {
    const all = lines(text);
    const a = between(random, 0, all.length - 1);
    const b = between(random, 0, all.length - 1);
    [all[a], all[b]] = [all[b]!, all[a]!];
    return all.join('\n');
  },
  'tab indent': (random, text) => text.replace(/^ {4}/m, '\t'),
  'control characters': (random, text) => insertAt(text, between(random, 0, lines(text).length), `x: "\u0000\u0007\u001b[31m\uFEFF\uD800"`),
};

export const MUTATION_KINDS = Object.keys(MUTATIONS);

/** Case `number` of the stream seeded by `seed`; one case in 50 may be large (up to 32 MiB). */
export function fuzzCase(seed: string, number: number, seedText: string, allowLarge = true): FuzzCase {
  const random = seedrandom(`${seed}/${number}`);
  const kind = pick(random, MUTATION_KINDS);
  const large = allowLarge && random() < 0.02;
  let output: string | Buffer = seedText;
  output = MUTATIONS[kind]!(random, seedText, large);
  if (random() < 0.3) {
    const second = pick(random, MUTATION_KINDS.filter((name) => name !== 'alias bomb'));
    if (typeof output === 'string') output = MUTATIONS[second]!(random, output, false);
  }
  return { kind, data: typeof output === 'string' ? Buffer.from(output) : output };
}
