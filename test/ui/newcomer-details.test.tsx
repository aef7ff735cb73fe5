// The UI details a new user tripped over (issue 14 item 13): `.` says so when nothing is
// scheduled; the header does not count nodes in maintenance as ready (it counts them apart); a
// cluster-wide fault shows in every node's FAULTS column; fault descriptions carry no internal
// model names; lesson 04 opens with no goal ticked. (SINCE as a clock time and the lesson panel's
// single elapsed time are in the frames of screens.test.tsx and actions.test.tsx.)
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { RealTimePacer } from '../../sim/kernel/pacer.ts';
import { generatedClusterPlan } from '../../sim/live/live-plan.ts';
import { performCommand } from '../../sim/ui/ui-commands.ts';
import { faultControlFor } from '../../sim/ui/fault-control.ts';
import { faultRegistryOf } from '../../sim/faults/active-faults.ts';
import { FAULT_KINDS } from '../../sim/faults/fault-catalogue.ts';
import { clusterSummary, overviewRows } from '../../sim/ui/model/overview-model.ts';
import type { UiSession } from '../../sim/ui/ui-session.ts';
import type { StatusMessage } from '../../sim/ui/input/ui-state.ts';
import { lessonSession, renderUi } from './ui-harness.tsx';
import { startLesson } from './lesson-harness.ts';

function sessionOf(cluster: SimCluster): UiSession {
  return { cluster, pacer: new RealTimePacer(cluster.world.kernel, 1), nodeApis: [] };
}

describe('UI details for the first hour', () => {
  it('`.` with nothing scheduled says the world is quiescent', () => {
    const cluster = new SimCluster(generatedClusterPlan({ controlPlanes: 1, workers: 0, configured: true }), { seed: 'quiet' });
    expect(cluster.world.kernel.pendingEvents).toBe(0);
    const session = sessionOf(cluster);
    const messages: StatusMessage[] = [];
    performCommand(session, { type: 'step', events: 1 }, { message: (m) => messages.push(m), applyResult: () => {}, quit: () => {} }, { faults: faultControlFor(faultRegistryOf(cluster)), lesson: undefined });
    expect(messages).toEqual([{ text: 'nothing left to happen: the world is quiescent', tone: 'info' }]);
    expect(session.pacer.isPaused).toBe(true);
  });

  it('nodes in maintenance are counted apart, not as ready', async () => {
    const cluster = new SimCluster(generatedClusterPlan({ controlPlanes: 1, workers: 1, configured: false }), { seed: 'maint' });
    cluster.powerOnAll();
    cluster.world.kernel.runUntil(5 * 60_000);
    const rows = overviewRows(cluster, []);
    expect(rows.map((row) => row.stage)).toEqual(['maintenance', 'maintenance']);
    expect(rows.some((row) => row.ready === true)).toBe(true); // MachineStatus says ready in maintenance
    expect(clusterSummary(rows)).toMatchObject({ nodes: 2, ready: 0, maintenance: 2 });
    const ui = await renderUi({ ...sessionOf(cluster), title: 'maintenance' });
    expect(ui.lines()[0]).toMatch(/│ ready 0\/2 · maintenance 2 · faults 0$/);
    ui.unmount();
  });

  it('a cluster-wide fault shows in every node\'s FAULTS column', async () => {
    const { session } = lessonSession('02-fix-stuck-reconciling.yaml');
    const ui = await renderUi(session);
    const control = faultControlFor(faultRegistryOf(session.cluster));
    control.inject('etcd-commit-delay', '', {});
    expect(overviewRows(session.cluster, control.active()).map((row) => row.faults)).toEqual([['etcd-commit-delay'], ['etcd-commit-delay']]);
    await ui.refresh();
    expect(ui.lines()[0]).toMatch(/faults 1$/);
    const rows = ui.lines().filter((line) => /│.(cp-1|worker-1) /.test(line));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/ etcd-comm/);
    ui.unmount();
  });

  it('fault descriptions name no internal model fields', () => {
    for (const kind of FAULT_KINDS) expect(kind.description, kind.kind).not.toMatch(/\b[A-Z][A-Za-z]*(Faults|Nic|Network)\.[a-zA-Z]/);
  });

  it('lesson 04 opens with no goal ticked', () => {
    const lesson = startLesson('04-ca-mismatch.yaml');
    const status = lesson.tracker.status();
    expect(status.goals.map((goal) => goal.met)).toEqual([false, false]);
  });
});
