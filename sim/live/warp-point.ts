// Where `talsim up` stops fast-forwarding and starts keeping time with the wall clock: `ready`
// (every configured node's MachineStatus `running` and ready, every unconfigured node waiting in
// maintenance), `none` (watch the whole boot in real time), a span of virtual time (`--warp 10m`),
// or, with `--scenario`, the end of the scenario's timeline up to the `--until` step. Each point
// comes with the most virtual time the warp may take: a cluster that does not get there in time is
// reported, never waited on forever.
import type { SimCluster } from '../cluster/cluster.ts';
import type { ScenarioPlan } from '../scenario/plan.ts';
import { checkCondition, type CheckResult } from '../scenario/condition-checker.ts';
import type { StateCondition } from '../scenario/plan.ts';
import { formatDurationMs, parseDurationMs } from '../scenario/load-duration.ts';
import { LiveOptionError } from './live-errors.ts';

export type WarpPoint =
  | { kind: 'none' }
  | { kind: 'ready' }
  | { kind: 'duration'; virtualMs: number }
  | { kind: 'timeline'; untilStep?: string };

/** Most virtual time the `ready` warp runs: a healthy 3-node boot takes about two minutes. */
export const READY_WARP_LIMIT_MS = 30 * 60_000;

/** Longest span `--warp <duration>` accepts (one virtual week: a few minutes of wall time for three nodes). */
export const MAX_WARP_DURATION_MS = 7 * 24 * 3_600_000;

/** Parses `--warp`: `ready`, `none` or a duration such as `90s`, `10m`, `1h30m`. */
export function parseWarpPoint(text: string): WarpPoint {
  if (text === 'ready') return { kind: 'ready' };
  if (text === 'none') return { kind: 'none' };
  const virtualMs = parseDurationMs(text);
  if (virtualMs === undefined || virtualMs > MAX_WARP_DURATION_MS) {
    throw new LiveOptionError('--warp', `ready, none or a duration up to ${formatDurationMs(MAX_WARP_DURATION_MS)} (90s, 10m, 1h30m)`, JSON.stringify(text));
  }
  return { kind: 'duration', virtualMs };
}

/** The warp point of a scenario run: its timeline, up to `untilStep` when given (which must name a step). */
export function timelineWarpPoint(scenario: ScenarioPlan, untilStep: string | undefined): WarpPoint {
  if (untilStep !== undefined && !scenario.steps.some((step) => step.name === untilStep)) {
    const names = scenario.steps.flatMap((step) => (step.name ? [step.name] : []));
    throw new LiveOptionError('--until', `the name of a step of ${scenario.file} (${names.join(', ') || 'it names none'})`, JSON.stringify(untilStep));
  }
  return { kind: 'timeline', untilStep };
}

/**
 * Whether every node has settled as `talsim up` promises: configured nodes `running` and ready,
 * unconfigured ones in `maintenance`. The detail names the first node that has not.
 */
export function clusterSettled(cluster: SimCluster): CheckResult {
  const names = (configured: boolean) => cluster.plan.nodes.filter((node) => node.configured === configured).map((node) => node.name);
  const running = checkCondition(cluster, { nodes: { kind: 'names', names: names(true) }, stage: 'running', ready: true });
  if (!running.ok) return running;
  return checkCondition(cluster, { nodes: { kind: 'names', names: names(false) }, stage: 'maintenance' });
}

/**
 * `clusterSettled(cluster).ok` as a warp condition, asked after every kernel event: it first asks
 * the node that held the cluster back last time (one node, not every node, while that node has
 * not settled), and only when that one has settled looks at every node again. Same answer as
 * `clusterSettled` at every call; a warp of n nodes costs O(n) per change of blocker instead of
 * O(n) per event (a 1,000-worker boot: ~130,000 events).
 */
export function clusterSettledCondition(cluster: SimCluster): () => boolean {
  const conditions = cluster.plan.nodes.map((node): StateCondition => ({
    nodes: { kind: 'names', names: [node.name] },
    ...(node.configured ? { stage: 'running', ready: true } : { stage: 'maintenance' }),
  }));
  const settled = (index: number) => checkCondition(cluster, conditions[index]!).ok;
  let blocker = 0;
  return () => {
    if (conditions.length === 0) return true;
    if (!settled(blocker)) return false;
    for (let index = 0; index < conditions.length; index++) {
      if (!settled(index)) {
        blocker = index;
        return false;
      }
    }
    return true;
  };
}

/** How the banner names the warp point that was reached. */
export function describeWarpPoint(point: WarpPoint, unconfigured: boolean): string {
  switch (point.kind) {
    case 'none':
      return 'booting in real time (--warp none)';
    case 'ready':
      return unconfigured ? 'every node waiting in maintenance mode' : 'every node running and ready';
    case 'duration':
      return `${formatDurationMs(point.virtualMs)} of virtual time`;
    case 'timeline':
      return point.untilStep ? `scenario step "${point.untilStep}"` : 'end of the scenario\'s steps';
  }
}
