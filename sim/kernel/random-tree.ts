// One seed, a tree of named generators: every node and subsystem draws from its own stream,
// derived from the root seed and its path, so adding a node or a fault shifts nobody else's draws.
import seedrandom from 'seedrandom';

export class RandomStream {
  private readonly generator: seedrandom.PRNG;

  constructor(
    readonly seed: string,
    readonly path: string,
  ) {
    this.generator = seedrandom(`${seed}/${path}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.generator.quick();
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
    return new RandomStream(this.seed, `${this.path}/${name}`);
  }
}

export class RandomTree {
  constructor(readonly seed: string) {}

  stream(path: string): RandomStream {
    return new RandomStream(this.seed, path);
  }
}
