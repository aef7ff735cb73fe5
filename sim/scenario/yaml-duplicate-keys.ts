// Duplicate keys in a YAML document, found in one pass over its maps. The yaml package's own check
// (its `uniqueKeys` option) compares each key with every earlier key of the same map, so a map of
// n keys costs n²/2 comparisons: a 15,000-key map in a scenario held the event loop for seconds
// (fuzz case 789). Same rule as that check's default: two scalar keys are the same when their
// values are; any other key (a map or a sequence used as a key) never equals another. Walks with
// its own stack, so a deep document does not recurse.
import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/** Offset of the first key (in document order) that repeats an earlier key of its map, if any. */
export function firstDuplicateKeyOffset(document: Document): number | undefined {
  let first: number | undefined;
  const pending: unknown[] = [document.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        if (isScalar(key)) {
          if (seen.has(key.value) && key.range && (first === undefined || key.range[0] < first)) first = key.range[0];
          seen.add(key.value);
        } else if (key) pending.push(key);
        pending.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    }
  }
  return first;
}
