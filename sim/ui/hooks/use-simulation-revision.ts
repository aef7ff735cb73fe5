// Subscribes the UI to the simulated world: every kernel event and trace entry marks it dirty,
// and a new revision (which makes the App re-read its models) is published at most
// `maxUpdatesPerSecond` times a second, however fast virtual time runs. A slow poll also catches
// changes made while time is paused (API calls from talosctl). This is the UI edge: it reads the
// wall clock only to throttle redraws, never to decide anything about the simulation.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SimCluster } from '../../cluster/cluster.ts';

/** Redraws per second at most (the bound: flicker-free at 10/s with 100 nodes). */
export const MAX_UPDATES_PER_SECOND = 10;
/** How often a paused world is checked for changes made outside kernel events. */
const IDLE_POLL_MS = 1_000;

export function useSimulationRevision(cluster: SimCluster, maxUpdatesPerSecond = MAX_UPDATES_PER_SECOND): [number, () => void] {
  const [revision, setRevision] = useState(0);
  const bump = useCallback(() => setRevision((value) => value + 1), []);
  const dirty = useRef(false);
  useEffect(() => {
    const kernel = cluster.world.kernel;
    const trace = cluster.world.trace;
    const intervalMs = Math.ceil(1000 / maxUpdatesPerSecond);
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      if (!dirty.current) return;
      dirty.current = false;
      bump();
    };
    const mark = () => {
      dirty.current = true;
      timer ??= setTimeout(flush, intervalMs);
    };
    let seen = fingerprint(cluster);
    const poll = setInterval(() => {
      const now = fingerprint(cluster);
      if (now !== seen) mark();
      seen = now;
    }, IDLE_POLL_MS);
    const stopKernel = kernel.onAfterEvent(mark);
    const stopTrace = trace.subscribe(mark);
    return () => {
      stopKernel();
      stopTrace();
      clearInterval(poll);
      if (timer) clearTimeout(timer);
    };
  }, [cluster, maxUpdatesPerSecond, bump]);
  return [revision, bump];
}

function fingerprint(cluster: SimCluster): string {
  const kernel = cluster.world.kernel;
  return `${kernel.now}/${kernel.eventsFired}/${kernel.pendingEvents}/${cluster.world.trace.size}`;
}
