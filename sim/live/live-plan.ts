// The cluster `talsim up` builds when no scenario is given: `--control-planes` nodes named
// cp-1.., `--workers` nodes named worker-1.., every node on the default hardware profile with the
// generated config of its role (or none, with `--unconfigured`). Same defaults as a scenario file's
// cluster, so `talsim up` and a scenario with the same node groups build the same world.
import type { ClusterPlan, NodePlan, NodeRole } from '../scenario/plan.ts';
import { MAX_CLUSTER_NODES } from '../scenario/cluster-limits.ts';
import { DEFAULT_CLUSTER_NAME, DEFAULT_HARDWARE_PROFILE, DEFAULT_SUBNET, DEFAULT_TALOS_VERSION } from '../scenario/load-cluster.ts';
import { LiveOptionError } from './live-errors.ts';

export interface GeneratedPlanRequest {
  controlPlanes: number;
  workers: number;
  /** false: every node boots from ISO into maintenance mode. */
  configured: boolean;
  name?: string;
  talosVersion?: string;
}

/**
 * Most nodes `talsim up` builds. Past a scenario's limit (its /24 subnet) the LAN widens to a /20
 * starting at the same address, so clusters that fit a /24 are built exactly as before.
 */
export const MAX_LIVE_NODES = 4_000;
const WIDE_SUBNET = '10.5.0.0/20';

/** Where generated nodes say they come from (they have no scenario file). */
const GENERATED_SOURCE = { file: '<talsim up>', line: 1, column: 1 };

export function generatedClusterPlan(request: GeneratedPlanRequest): ClusterPlan {
  checkCount('--control-planes', request.controlPlanes, 1);
  checkCount('--workers', request.workers, 0);
  const total = request.controlPlanes + request.workers;
  if (total > MAX_LIVE_NODES) {
    throw new LiveOptionError('--control-planes + --workers', `at most ${MAX_LIVE_NODES} nodes`, String(total));
  }
  const group = (prefix: string, role: NodeRole, count: number): NodePlan[] =>
    Array.from({ length: count }, (_, index) => ({
      name: `${prefix}-${index + 1}`,
      role,
      hardware: { profile: DEFAULT_HARDWARE_PROFILE },
      config: { source: 'generated', patches: [] },
      configured: request.configured,
      source: GENERATED_SOURCE,
    }));
  return {
    name: request.name ?? DEFAULT_CLUSTER_NAME,
    endpoint: '',
    subnet: total > MAX_CLUSTER_NODES ? WIDE_SUBNET : DEFAULT_SUBNET,
    talosVersion: request.talosVersion ?? DEFAULT_TALOS_VERSION,
    nodes: [...group('cp', 'controlplane', request.controlPlanes), ...group('worker', 'worker', request.workers)],
  };
}

function checkCount(option: string, count: number, minimum: number): void {
  if (!Number.isInteger(count) || count < minimum) throw new LiveOptionError(option, `a whole number >= ${minimum}`, String(count));
}
