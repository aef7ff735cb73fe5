// A value sent from the config-decode worker to the main thread in bounded pieces. postMessage
// clones a value in one go on the receiving side: a decoded config with 87,381 node labels (one
// dictionary-mode object) took ~0.2 s of the main thread to receive, during which no node answered.
// Here the worker splits the value so that no piece holds more than PIECE_WEIGHT values (objects,
// arrays and leaves counted alike): a container heavier than that is sent as a placeholder, its
// entries in pieces of their own, each serialized apart (v8.serialize, the structured-clone
// format: undefined, Maps, typed arrays and dates come back as postMessage would give them) into
// a transferred buffer. The main thread deserializes one piece per macrotask (setImmediate, so
// sockets are served between pieces) and fills the containers in the original key order; a string
// longer than STRING_PIECE_CHARS goes in slices joined at the end. An
// object reached twice (shared or cyclic) is sent once and both references get the same object.
// The keys of every object filled from pieces are remembered (nodes/object-keys.ts), so the
// first reader that lists them (the node-label sync) does not list 87k keys in one go.
import { deserialize, serialize } from 'node:v8';
import { rememberKeys } from '../object-keys.ts';

/** Most values one piece carries (and so what one deserialization and fill step costs). */
export const PIECE_WEIGHT = 4_096;

const MARK = '\u0000talsim-container';

/** Most characters of a string one piece carries (a longer one is sent in slices). */
export const STRING_PIECE_CHARS = 256 * 1024;

/** Stands for a container (or a long string) sent in pieces of its own. */
interface Placeholder {
  [MARK]: number;
  array: boolean;
  string?: true;
}

/** Entries of one container: object keys with their values, or an array's items from `start`; or a slice of a long string. */
interface Piece {
  id: number;
  array: boolean;
  keys?: string[];
  start?: number;
  values: unknown[];
  text?: string;
}

export interface ChunkedValue {
  /** The value with its heavy or shared containers replaced by placeholders, serialized. */
  root: ArrayBuffer;
  /** Pieces in the order they fill their containers, each serialized. */
  pieces: ArrayBuffer[];
}

const isContainer = (value: unknown): value is object => {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

function buffer(value: unknown): ArrayBuffer {
  const bytes = serialize(value);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Splits `value` for transfer (the worker's side). Transfer `[root, ...pieces]`. */
export function packChunked(value: unknown): ChunkedValue {
  // Objects seen more than once are always sent apart, so both references can share one object.
  const seen = new Set<object>();
  const shared = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!isContainer(item)) continue;
    if (seen.has(item)) {
      shared.add(item);
      continue;
    }
    seen.add(item);
    for (const child of Array.isArray(item) ? item : Object.values(item)) if (isContainer(child)) stack.push(child);
  }

  const ids = new Map<object, number>();
  const pieces: ArrayBuffer[] = [];
  const stringPieces: ArrayBuffer[] = [];
  let strings = 0;
  const placeholder = (container: object): Placeholder => {
    let id = ids.get(container);
    if (id === undefined) ids.set(container, (id = ids.size));
    return { [MARK]: id, array: Array.isArray(container) };
  };
  // Containers to send in pieces, in order; each is handled once.
  const queue: object[] = [];
  const queued = new Set<object>();
  const sendApart = (container: object): Placeholder => {
    if (!queued.has(container)) {
      queued.add(container);
      queue.push(container);
    }
    return placeholder(container);
  };

  // Sent apart: shared objects, heavy containers, and an object that has the placeholder's own key
  // (a piece carries keys in a list, so only a placeholder has that key where values are read).
  const apart = (item: object, depth: number): boolean =>
    shared.has(item) || (!Array.isArray(item) && Object.hasOwn(item, MARK)) || (depth > 0 && countAtMost(item, PIECE_WEIGHT) > PIECE_WEIGHT);

  // A long string goes in slices of its own, each its own piece (deserializing 1.5 MB of string is ~6 CPU ms).
  const sendString = (text: string): Placeholder => {
    const placeholderId = -1 - strings++;
    for (let at = 0; at < text.length; at += STRING_PIECE_CHARS) stringPieces.push(buffer({ id: placeholderId, array: false, values: [], text: text.slice(at, at + STRING_PIECE_CHARS) } satisfies Piece));
    return { [MARK]: placeholderId, array: false, string: true };
  };

  /** A copy of `item` light enough for one piece (heavy or shared containers inside it become placeholders), and its weight. */
  const light = (item: unknown, depth: number): { value: unknown; weight: number } => {
    if (typeof item === 'string' && item.length > STRING_PIECE_CHARS) return { value: sendString(item), weight: 1 };
    if (!isContainer(item)) return { value: item, weight: 1 };
    if (apart(item, depth)) return { value: sendApart(item), weight: 1 };
    const entries = Array.isArray(item) ? item.map((child, index) => [index, child] as const) : Object.entries(item);
    const copy: Record<string, unknown> | unknown[] = Array.isArray(item) ? new Array(item.length) : Object.getPrototypeOf(item) === null ? Object.create(null) : {};
    let weight = 1;
    for (const [key, child] of entries) {
      const part = light(child, depth + 1);
      weight += part.weight;
      setOwn(copy as Record<string, unknown>, String(key), part.value);
    }
    return { value: copy, weight };
  };

  const rootValue = isContainer(value) && apart(value, 1) ? sendApart(value) : light(value, 0).value;
  const rootStringPieces = stringPieces.splice(0);
  for (let index = 0; index < queue.length; index++) {
    const container = queue[index]!;
    const id = ids.get(container)!;
    const array = Array.isArray(container);
    const keys = array ? undefined : Object.keys(container);
    const count = array ? container.length : keys!.length;
    let piece: Piece = { id, array, ...(array ? { start: 0 } : { keys: [] }), values: [] };
    let weight = 0;
    for (let at = 0; at < count; at++) {
      const key = array ? at : keys![at]!;
      const part = light((container as Record<string | number, unknown>)[key], 1);
      if (weight > 0 && weight + part.weight > PIECE_WEIGHT) {
        pieces.push(buffer(piece));
        piece = { id, array, ...(array ? { start: at } : { keys: [] }), values: [] };
        weight = 0;
      }
      if (!array) piece.keys!.push(key as string);
      piece.values.push(part.value);
      weight += part.weight;
    }
    if (piece.values.length > 0 || count === 0) pieces.push(buffer(piece));
    pieces.push(...stringPieces.splice(0));
  }
  return { root: buffer(rootValue), pieces: [...rootStringPieces, ...pieces] };
}

/** Values in `container` (itself included), counting stops past `limit`. */
function countAtMost(container: object, limit: number): number {
  let count = 0;
  const stack: unknown[] = [container];
  while (stack.length > 0 && count <= limit) {
    const item = stack.pop();
    count++;
    if (!isContainer(item)) continue;
    if (Array.isArray(item)) {
      if (count + item.length > limit) return limit + 1;
      for (const child of item) stack.push(child);
    } else {
      const values = Object.values(item);
      if (count + values.length > limit) return limit + 1;
      for (const child of values) stack.push(child);
    }
  }
  return count;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

const isPlaceholder = (value: unknown): value is Placeholder =>
  value !== null && typeof value === 'object' && Object.hasOwn(value, MARK);

/** What the main thread has received so far: one container per id, and where placeholders stand. */
class Assembly {
  readonly containers = new Map<number, Record<string, unknown> | unknown[]>();
  readonly keys = new Map<number, string[]>();
  /** Slices of long strings by id, and where each string goes once whole. */
  readonly strings = new Map<number, string[]>();
  readonly stringSlots: Array<{ id: number; into: Record<string, unknown> | unknown[]; key: string | number }> = [];

  container(id: number, array: boolean): Record<string, unknown> | unknown[] {
    let container = this.containers.get(id);
    if (!container) this.containers.set(id, (container = array ? [] : {}));
    return container;
  }

  /** `value` with its placeholders replaced by their containers (a light value: walking it is bounded); a long string's slot is noted. */
  resolve(value: unknown, into?: Record<string, unknown> | unknown[], key?: string | number): unknown {
    if (isPlaceholder(value)) {
      if (!value.string) return this.container(value[MARK], value.array);
      if (into !== undefined) this.stringSlots.push({ id: value[MARK], into, key: key! });
      return '';
    }
    if (!isContainer(value)) return value;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) value[index] = this.resolve(value[index], value, index);
    } else {
      for (const name of Object.keys(value)) setOwn(value as Record<string, unknown>, name, this.resolve((value as Record<string, unknown>)[name], value as Record<string, unknown>, name));
    }
    return value;
  }

  fill(piece: Piece): void {
    if (piece.text !== undefined) {
      let slices = this.strings.get(piece.id);
      if (!slices) this.strings.set(piece.id, (slices = []));
      slices.push(piece.text);
      return;
    }
    const container = this.container(piece.id, piece.array);
    if (piece.array) {
      const items = container as unknown[];
      for (let index = 0; index < piece.values.length; index++) items[piece.start! + index] = this.resolve(piece.values[index], items, piece.start! + index);
      return;
    }
    const object = container as Record<string, unknown>;
    const keys = piece.keys!;
    for (let index = 0; index < keys.length; index++) setOwn(object, keys[index]!, this.resolve(piece.values[index], object, keys[index]!));
    let known = this.keys.get(piece.id);
    if (!known) this.keys.set(piece.id, (known = []));
    for (const key of keys) known.push(key);
  }

  /** Puts each long string, joined, where it goes (the root's own, if the root is one, is returned). */
  finish(root: unknown, rawRoot: unknown): unknown {
    const whole = (id: number) => (this.strings.get(id) ?? []).join('');
    for (const slot of this.stringSlots) {
      if (Array.isArray(slot.into)) slot.into[slot.key as number] = whole(slot.id);
      else setOwn(slot.into, slot.key as string, whole(slot.id));
    }
    return isPlaceholder(rawRoot) && rawRoot.string ? whole(rawRoot[MARK]) : root;
  }
}

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Rebuilds a packed value one piece per macrotask (the main thread's side); `runStep` runs each step (tests time them). */
export async function unpackChunked(packed: ChunkedValue, runStep: (step: () => void) => void = (step) => step()): Promise<unknown> {
  const assembly = new Assembly();
  let rawRoot: unknown;
  let root: unknown;
  runStep(() => {
    rawRoot = deserialize(Buffer.from(packed.root));
    root = assembly.resolve(rawRoot);
  });
  for (const bytes of packed.pieces) {
    await nextMacrotask();
    runStep(() => assembly.fill(deserialize(Buffer.from(bytes)) as Piece));
  }
  await nextMacrotask();
  let whole: unknown;
  runStep(() => {
    whole = assembly.finish(root, rawRoot);
    for (const [id, keys] of assembly.keys) rememberKeys(assembly.containers.get(id) as object, keys);
  });
  return whole;
}

/** The same rebuild in one go (tests compare it with the original). */
export function unpackChunkedNow(packed: ChunkedValue): unknown {
  const assembly = new Assembly();
  const rawRoot = deserialize(Buffer.from(packed.root)) as unknown;
  const root = assembly.resolve(rawRoot);
  for (const bytes of packed.pieces) assembly.fill(deserialize(Buffer.from(bytes)) as Piece);
  return assembly.finish(root, rawRoot);
}
