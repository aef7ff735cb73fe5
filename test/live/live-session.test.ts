// The live session in-process, with the calendar pinned: the warp fast-forwards the same modelled
// boot `talsim run` would (same seed, same trace), then places it on the calendar so virtual "now"
// is the calendar's now and the boot reads as minutes that just ended; the CAs were minted before
// virtual zero, so nothing the cluster signed is dated in the future.
import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLiveSession, type LiveIo } from '../../sim/live/live-session.ts';
import { generatedClusterPlan } from '../../sim/live/live-plan.ts';
import { clusterSettled } from '../../sim/live/warp-point.ts';
import { systemWallClock } from '../../sim/kernel/pacer.ts';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { bootstrap } from '../../nodes/node-commands.ts';
import { readTalosconfig } from '../../nodes/pki/index.ts';
import { readFileSync } from 'node:fs';

const CALENDAR_MS = Date.UTC(2031, 4, 6, 12, 0, 0);

function pinnedIo(output: string[]): LiveIo {
  return { calendarNowMs: () => CALENDAR_MS, wall: systemWallClock, print: (text) => output.push(text), warn: (text) => output.push(text) };
}

/** The same boot without any of the live machinery: the kernel run to the same point, bootstrapping as a person would. */
function bootInVirtualTime(seed: string): SimCluster {
  const cluster = new SimCluster(generatedClusterPlan({ controlPlanes: 1, workers: 2, configured: true }), { seed });
  const controlPlane = cluster.node('cp-1');
  let bootstrapped = false;
  cluster.world.kernel.onAfterEvent(() => {
    if (bootstrapped || controlPlane.services.state('etcd') !== 'Preparing' || !controlPlane.timeSynced) return;
    bootstrapped = true;
    bootstrap(controlPlane);
  });
  cluster.powerOnAll();
  cluster.world.kernel.runUntilCondition(() => clusterSettled(cluster).ok, { maxTimeMs: 30 * 60_000 });
  return cluster;
}

describe('live session', () => {
  it('warps through the modelled boot unchanged and settles virtual now onto the calendar', async () => {
    const output: string[] = [];
    const stateDir = mkdtempSync(join(tmpdir(), 'talsim-live-'));
    const session = await startLiveSession(
      { seed: '9', controlPlanes: 1, workers: 2, unconfigured: false, speed: 1, stateDir, baseAddress: '127.0.25.2' },
      pinnedIo(output),
    );
    try {
      const { cluster, warp } = session;
      const reference = bootInVirtualTime('9');
      expect(warp.reached).toBe(true);
      expect(warp.warpedVirtualMs).toBe(reference.world.kernel.now);
      expect(cluster.world.trace.digest()).toBe(reference.world.trace.digest());

      expect(cluster.world.epochWallMs + warp.warpedVirtualMs).toBe(CALENDAR_MS);
      const kmsg = cluster.node('cp-1').logs.kmsg.all();
      const bootStartedWallMs = cluster.world.epochWallMs + kmsg[0]!.timeMs;
      expect(CALENDAR_MS - bootStartedWallMs).toBeGreaterThan(60_000);
      expect(CALENDAR_MS - bootStartedWallMs).toBeLessThan(15 * 60_000);

      const talosconfig = readTalosconfig(readFileSync(session.files.talosconfig, 'utf8'));
      const caValidFromMs = Date.parse(new X509Certificate(talosconfig.caPem).validFrom);
      const clientValidFromMs = Date.parse(new X509Certificate(talosconfig.crtPem).validFrom);
      expect(caValidFromMs).toBeLessThanOrEqual(cluster.world.epochWallMs);
      expect(clientValidFromMs).toBeLessThanOrEqual(CALENDAR_MS);
      expect(output.join('')).toContain('talsim: cluster "talsim": every node running and ready');
    } finally {
      await session.close();
    }
  });
});
