// The end of talsim's start, told to bin/talsim.js. While `talsim run` or `talsim up` starts from
// the bundle, bin/talsim.js holds V8 flags for a short process (the young generation at its
// initial size, TurboFan's interrupt budget raised; why: holdStartUpFlags there) and lends this
// hook to give V8 its defaults back once the start is over: `up`'s ready banner, the start of a
// sweep, a cluster too large to be a start. From the sources or the ES module build nothing lends
// it, and calling it does nothing.
export const START_UP_OVER = Symbol.for('talsim.startUpOver');

/**
 * The most nodes a cluster may have for its build and run (`talsim run`) or warp (`talsim up`) to
 * count as talsim's start. Held, a small young generation paid for itself at 5 to 60 nodes (run
 * 0.92-0.94x CPU) but not at 240 (1.02x): a large cluster keeps more alive than it holds, and a
 * young generation that cannot grow promotes it to the old one sooner.
 */
export const START_UP_MAX_NODES = 100;

export function startUpOver(): void {
  const release = (globalThis as Record<symbol, unknown>)[START_UP_OVER] as (() => void) | undefined;
  release?.();
}

/** Ends the start before a cluster of `nodes` nodes is built, when it has more than START_UP_MAX_NODES. */
export function startUpOverForLargeCluster(nodes: number): void {
  if (nodes > START_UP_MAX_NODES) startUpOver();
}
