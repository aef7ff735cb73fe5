// cluster.ClusterService HealthCheck: `talosctl health` run server side on a control plane. The
// nodes come from the request's cluster_info or from discovery (every configured member the
// discovery service knows, reachable from this node or not); then each check of health-checks.ts is polled in virtual time at its interval, reporting
// `waiting for <check>: ...`, its current error, and `: OK` / `: SKIP`, until all pass or
// wait_timeout (virtual) runs out with DeadlineExceeded.
import { TalosApiError } from '../api-error.ts';
import type { ServiceImplementation, StreamHandler } from './api-contract.ts';
import type { NodeDirectory } from './node-directory.ts';
import { msFromDuration } from '../../proto/well-known.ts';
import { resolveTarget } from './apid-router.ts';
import { requireControlPlane } from './handler-support.ts';
import { virtualDelay } from './virtual-wait.ts';
import { DEFAULT_CLUSTER_CHECKS, SKIP, type HealthCheck, type HealthNode, type HealthView } from './health-checks.ts';

interface HealthCheckRequest {
  wait_timeout: { seconds: string; nanos: number } | null;
  cluster_info: { control_plane_nodes: string[]; worker_nodes: string[]; force_endpoint: string } | null;
}

function healthNodes(cluster: NodeDirectory, request: HealthCheckRequest): HealthNode[] {
  const info = request.cluster_info;
  if (info && (info.control_plane_nodes.length > 0 || info.worker_nodes.length > 0)) {
    const from = (ips: string[], controlPlane: boolean) => ips.map((ip) => ({ ip, node: resolveTarget(cluster, ip), controlPlane }));
    return [...from(info.control_plane_nodes, true), ...from(info.worker_nodes, false)];
  }
  return cluster.world
    .memberDirectory()
    .map((member) => ({ ip: member.addresses[0]!, node: cluster.nodes.get(member.name), controlPlane: member.machineType !== 'worker' }));
}

const timeoutError = () => new TalosApiError('DeadlineExceeded', 'context deadline exceeded');

/** Polls one check until it passes; reports each new status line. */
async function waitForCheck(check: HealthCheck, view: HealthView, deadlineMs: number, signal: AbortSignal, report: (line: string) => void): Promise<void> {
  const kernel = view.cluster.world.kernel;
  report(`waiting for ${check.name}: ...`);
  for (;;) {
    const outcome = check.assert(view);
    if (outcome === null || outcome === SKIP) {
      report(`waiting for ${check.name}: ${outcome ?? 'OK'}`);
      return;
    }
    report(`waiting for ${check.name}: ${outcome}`);
    const remainingMs = deadlineMs - kernel.now;
    if (remainingMs <= check.intervalMs) {
      await virtualDelay(kernel, Math.max(0, remainingMs), `health ${check.name}`, signal);
      throw timeoutError();
    }
    await virtualDelay(kernel, check.intervalMs, `health ${check.name}`, signal);
  }
}

const healthCheck: StreamHandler = async (request: HealthCheckRequest, { node, cluster, signal }, send) => {
  requireControlPlane(node, 'cluster health check');
  const waitMs = msFromDuration(request.wait_timeout);
  if (waitMs <= 0) throw timeoutError();
  const deadlineMs = cluster.world.kernel.now + waitMs;
  const view: HealthView = { cluster, checker: node, nodes: healthNodes(cluster, request) };
  send({ message: `discovered nodes: [${view.nodes.map((entry) => JSON.stringify(entry.ip)).join(' ')}]` });
  let lastLine = '';
  const report = (line: string) => {
    const trimmed = line.trim();
    if (trimmed === lastLine) return;
    lastLine = trimmed;
    send({ message: trimmed });
  };
  for (const check of DEFAULT_CLUSTER_CHECKS) await waitForCheck(check, view, deadlineMs, signal, report);
};

export const clusterService: ServiceImplementation = {
  service: 'cluster.ClusterService',
  unary: {},
  streams: { HealthCheck: healthCheck },
};
