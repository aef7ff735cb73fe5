// time.SyncController in miniature: once the node has an address and reaches its NTP servers, the
// first sync jumps the clock and the `time` condition clears. A node that cannot reach them keeps
// logging lookup failures and never syncs.
import type { ControllerContext, TimeControllerState } from './controller-context.ts';
import { RT } from '../resources/resource-types.ts';
import { goDuration } from '../go-format/duration.ts';
import { WAKE } from './controller-wakeups.ts';

/** First NTP answer after the network is up, ms (mean). */
const FIRST_SYNC_MEAN_MS = 1_500;
const FAILURE_LOG_EVERY_MS = 10_000;

/**
 * What it reads once the clock is synced: the time settings of the active config. Before that it
 * waits on the clock and the network, so it runs on every pass.
 */
export function timeInputs(node: ControllerContext): unknown[] | undefined {
  return node.timeSynced ? [node.networkSettings()] : undefined;
}

export function timeController(node: ControllerContext, state: TimeControllerState): void {
  const now = node.world.kernel.now;
  const settings = node.networkSettings();
  const disabled = settings.timeDisabled;
  const servers = settings.timeServers;
  if (!node.timeSynced && !disabled) {
    const reachable = node.world.network.upstreamReachable(node.name) && !node.faults.timeNeverSyncs;
    if (!reachable) {
      state.syncAtMs = undefined;
      if (node.addresses().length > 0 && now - state.lastFailureLogMs >= FAILURE_LOG_EVERY_MS) {
        state.lastFailureLogMs = now;
        node.controllerLog('time.SyncController', `failed looking up "${servers[0]}", ignored`, {
          error: `lookup ${servers[0]} on ${node.world.network.gateway}:53: dial udp ${node.world.network.gateway}:53: i/o timeout`,
        }, 'WARN');
        node.world.kernel.schedule(FAILURE_LOG_EVERY_MS, `ntp retry ${node.name}`, () => node.requestReconcile(WAKE.time));
      }
    } else if (state.syncAtMs === undefined) {
      state.syncAtMs = now + node.stream('ntp').durationMs(FIRST_SYNC_MEAN_MS, 0.5);
      node.world.kernel.scheduleAt(state.syncAtMs, `ntp sync ${node.name}`, () => node.requestReconcile(WAKE.time));
    } else if (now >= state.syncAtMs) {
      node.status.markTimeSynced();
      const offsetMs = -node.faults.clockSkewMs;
      node.controllerLog('time.SyncController', `adjusting time (jump) by ${goDuration(offsetMs || 0.011375)} via 162.159.200.1, state TIME_OK, status STA_NANO`);
    }
  }
  if (disabled) node.status.markTimeSynced();
  node.resources.put('runtime', RT.timeStatus, 'node', { epoch: 0, synced: node.timeSynced, syncDisabled: disabled });
  node.resources.put('network', RT.timeServerStatus, 'timeservers', { timeServers: servers });
}
