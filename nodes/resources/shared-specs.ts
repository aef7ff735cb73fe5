// Resource specs shared between the nodes of one cluster: most of what a node stores is the same on
// every node of its role (a VolumeStatus, a MountStatus, every Member of the directory, a Service in
// the same state), so a stored spec is deep-frozen and every store that writes the same content
// under the same type and id gets the same object. Nothing may change a stored spec (it is frozen:
// a write throws), which also lets `put` keep a caller's spec that is deep-frozen already.
// For each type and id the table remembers the last few distinct specs written (most recent
// first): a write is compared with those only, so a spec unique to one node (its addresses) costs
// a few comparisons that fail on the first differing field, and the table holds at most
// CANDIDATES_PER_ID specs per type and id, live or not. Sharing changes storage only: the content,
// key order included, is exactly what the writer gave.
import { flatString } from '../flat-string.ts';

/** Distinct specs remembered per type and id. */
export const CANDIDATES_PER_ID = 4;
/** Ids remembered per type before the type's table starts afresh (ids that come and go, e.g. OOM actions). */
export const IDS_PER_TYPE = 100_000;

/** Exactly the same content: same keys in the same order, same values (0 and -0 differ). */
export function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || Object.is(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return typeof a === 'number' && Number.isNaN(a) && Number.isNaN(b as number);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameContent(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const prototype = Object.getPrototypeOf(b);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  for (let i = 0; i < aKeys.length; i++) {
    const key = aKeys[i]!;
    if (key !== bKeys[i] || !sameContent((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** Deep-frozen plain data (what `frozenCopy` makes). */
function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return typeof value !== 'function' && typeof value !== 'symbol' && typeof value !== 'bigint';
  if (!Object.isFrozen(value)) return false;
  if (Array.isArray(value)) return value.every(isDeepFrozen);
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key of Object.keys(value)) if (!isDeepFrozen((value as Record<string, unknown>)[key])) return false;
  return true;
}

/** Set by `frozenCopy` when it met something that is not plain data (the copy is then not used). */
let copyNotPlain = false;

/**
 * A deep-frozen copy of plain data (objects whose prototype is Object.prototype or null, arrays,
 * primitives) with flat strings (flat-string.ts); anything else sets `copyNotPlain`.
 */
function frozenCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'string') return flatString(value) as T;
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') copyNotPlain = true;
    return value;
  }
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as T;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    copyNotPlain = true;
    return value;
  }
  // A spread copy keeps the writer's object shape (its keys in place, in the same order); adding
  // the keys one by one would leave an object of more than ~16 keys in V8's slow dictionary mode
  // (a DiscoveredVolume's 20 keys: ~0.8 KB more, five of them per node). Only existing keys are
  // rewritten below, which keeps the shape.
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key in out) out[key] = frozenCopy(out[key]);
  return Object.freeze(out) as T;
}

export class SharedSpecs {
  /** kind key -> id -> the last distinct specs written for it, most recent first. */
  private readonly kinds = new Map<string, Map<string, object[]>>();

  /** How many specs the table remembers (for tests and benchmarks). */
  get size(): number {
    let n = 0;
    for (const ids of this.kinds.values()) for (const candidates of ids.values()) n += candidates.length;
    return n;
  }

  /**
   * The stored form of `spec` written as `id` of the kind `kind`: a deep-frozen object with the
   * same content, the one other stores of the cluster hold when they wrote the same; `undefined`
   * when the spec is not an object (a string spec is stored as it is) or not plain data (a Buffer,
   * a Date: the caller copies it as before).
   */
  hold<T>(kind: string, id: string, spec: T): T | undefined {
    if (typeof spec !== 'object' || spec === null) return undefined;
    let ids = this.kinds.get(kind);
    if (!ids) this.kinds.set(kind, (ids = new Map()));
    let candidates = ids.get(id);
    if (candidates) {
      for (let i = 0; i < candidates.length; i++) {
        const candidate = candidates[i]!;
        if (candidate !== spec && !sameContent(candidate, spec)) continue;
        if (i > 0) {
          candidates.splice(i, 1);
          candidates.unshift(candidate);
        }
        return candidate as T;
      }
    }
    // Deep-frozen plain data cannot change under us: kept as it is, no copy.
    copyNotPlain = false;
    const stored = Object.isFrozen(spec) && isDeepFrozen(spec) ? spec : frozenCopy(spec);
    if (copyNotPlain) return undefined;
    if (!candidates) {
      if (ids.size >= IDS_PER_TYPE) ids.clear();
      ids.set(id, (candidates = []));
    }
    candidates.unshift(stored as object);
    if (candidates.length > CANDIDATES_PER_ID) candidates.length = CANDIDATES_PER_ID;
    return stored;
  }
}

const tables = new WeakMap<object, SharedSpecs>();

/**
 * The table of the stores that share `clock` (the kernel of one cluster): the nodes of a cluster
 * share specs, and the table goes with the cluster.
 */
export function sharedSpecsFor(clock: object): SharedSpecs {
  let table = tables.get(clock);
  if (!table) tables.set(clock, (table = new SharedSpecs()));
  return table;
}
