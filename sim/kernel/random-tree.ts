// One seed, a tree of named generators: every node and subsystem draws from its own stream,
// derived from the root seed and its path, so adding a node or a fault shifts nobody else's draws.
// A stream is counter-based: its n-th number is a hash of (the stream's 64-bit key, n), so making
// a stream costs two string hashes (a child continues its parent's hash with its own name) and
// a draw a few integer multiplications; no key schedule, no state table.

export class RandomStream {
  // The hashes and keys are kept as signed 32-bit integers (`| 0`): V8 stores those inline, where
  // an unsigned value past 2^31 would be a boxed heap number of its own (four per stream). Every
  // use goes through mix32, xor or Math.imul, which read them modulo 2^32 either way.
  /** FNV-1a state over `${seed}/${path}` (its 32-bit hash, also the keyed draws' seed). */
  private readonly fnv: number;
  /** A second, independent 32-bit hash of the same text: with `fnv`, the stream's 64-bit key. */
  private readonly alt: number;
  /** Mixed keys, fixed per stream. */
  private readonly keyA: number;
  private readonly keyB: number;
  /** Numbers drawn so far. */
  private counter = 0;
  /** The path once made: a child's is built from its parent's and its name when first asked for. */
  private madePath: string | undefined;
  private readonly parent: RandomStream | undefined;
  private readonly name: string | undefined;

  constructor(seed: string, path: string);
  constructor(seed: string, path: undefined, child: { parent: RandomStream; name: string; fnv: number; alt: number });
  constructor(
    readonly seed: string,
    path: string | undefined,
    child?: { parent: RandomStream; name: string; fnv: number; alt: number },
  ) {
    if (child) {
      this.parent = child.parent;
      this.name = child.name;
      this.fnv = child.fnv | 0;
      this.alt = child.alt | 0;
    } else {
      const text = `${seed}/${path}`;
      this.madePath = path;
      this.fnv = continueFnv(0x811c9dc5, text) | 0;
      this.alt = continueAlt(0x9747b28c, text) | 0;
    }
    this.keyA = mix32(this.fnv ^ 0x5bd1e995) | 0;
    this.keyB = mix32(this.alt + 0x27d4eb2f) | 0;
  }

  /** The stream's name from the root, `node/cp-1/boot` (made on first use: only errors read it). */
  get path(): string {
    return (this.madePath ??= `${this.parent!.path}/${this.name!}`);
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number {
    // Two rounds of the murmur3 finaliser (a bijection of 32-bit words): distinct counters give
    // distinct numbers, and every bit of the key and counter reaches every bit of the result.
    const x = mix32(mix32((this.counter++ ^ this.keyA) >>> 0) + this.keyB);
    return x / 0x1_0000_0000;
  }

  /**
   * Uniform in [0, 1) for `key` (and `salt`): the same numbers whatever else was drawn and however
   * often it is asked, and it moves nobody's stream. For a quantity sampled at a virtual time
   * (key = the millisecond) that several readers look at: reading it more often changes nothing.
   */
  at(key: number, salt = 0): number {
    const low = key >>> 0;
    const high = Math.floor(key / 0x1_0000_0000) >>> 0;
    let x = mix32(this.fnv ^ mix32(salt + 0x632be5ab));
    x = mix32(x ^ low);
    x = mix32(x ^ high ^ 0x85ebca6b);
    return x / 0x1_0000_0000;
  }

  /** A whole number of milliseconds around `meanMs` as durationMs() draws it, keyed as at() is. */
  durationMsAt(key: number, salt: number, meanMs: number, spreadRatio = 0.25): number {
    return Math.max(0, Math.round(meanMs * (1 + spreadRatio * (2 * this.at(key, salt) - 1))));
  }

  /** The most durationMs() or durationMsAt() can answer for `meanMs` and `spreadRatio` (draws nothing). */
  durationMsMax(meanMs: number, spreadRatio = 0.25): number {
    return Math.max(0, Math.round(meanMs * (1 + spreadRatio)));
  }

  /** Uniform in [min, max]. */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max]. */
  integer(min: number, max: number): number {
    return Math.floor(this.uniform(min, max + 1 - Number.EPSILON));
  }

  /** A whole number of milliseconds spread evenly around `meanMs` by `spreadRatio` (0.2 = +-20%). */
  durationMs(meanMs: number, spreadRatio = 0.25): number {
    return Math.max(0, Math.round(meanMs * (1 + spreadRatio * (2 * this.next() - 1))));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError(`pick from empty list in stream ${this.path}`);
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Lower-case hex string of `length` characters (ids, serials, MACs). */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }

  /** A UUID v4 shaped string (actor ids). */
  uuid(): string {
    const h = this.hex(32);
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  child(name: string): RandomStream {
    const fnv = continueFnv(continueFnv(this.fnv, '/'), name);
    const alt = continueAlt(continueAlt(this.alt, '/'), name);
    return new RandomStream(this.seed, undefined, { parent: this, name, fnv, alt });
  }
}

/** FNV-1a over UTF-16 code units, 32 bits: a salt or seed from a name. */
export function hashText(text: string): number {
  return continueFnv(0x811c9dc5, text);
}

/** FNV-1a from `state` on over `text` (hashing a text in two pieces gives the hash of the whole). */
function continueFnv(state: number, text: string): number {
  let hash = state;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

/** Another streaming 32-bit hash (multiply-rotate, murmur-style constants), independent of FNV. */
function continueAlt(state: number, text: string): number {
  let hash = state;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0xcc9e2d51);
    hash = (hash << 15) | (hash >>> 17);
  }
  return hash >>> 0;
}

/** The murmur3 finaliser: a well-mixed 32-bit value from another (pure integer arithmetic, same on every platform). */
function mix32(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

export class RandomTree {
  constructor(readonly seed: string) {}

  stream(path: string): RandomStream {
    return new RandomStream(this.seed, path);
  }
}
