// The keys of an immutable object (a config's maps are replaced whole, never edited), listed once.
// A config can hold a map of tens of thousands of keys (machine.nodeLabels); Object.keys of it in
// one go holds the event loop for tens of ms. Whoever built such an object in bounded steps (the
// API edge receiving a decoded config in pieces, nodes/api/chunked-transfer.ts) hands over its
// keys as it collected them, and readers list them from here.
const known = new WeakMap<object, readonly string[]>();

/** Records the keys of `object`, in its own order (the caller built it with exactly these). */
export function rememberKeys(object: object, keys: readonly string[]): void {
  known.set(object, keys);
}

/** Object.keys of `object`, listed once per object. */
export function keysOnce(object: Readonly<Record<string, unknown>>): readonly string[] {
  let keys = known.get(object);
  if (!keys) known.set(object, (keys = Object.keys(object)));
  return keys;
}
