// 100 nodes: the overview draws only the rows that fit (exact lines at 80x24 and 100x40, the
// window following the cursor), rows that did not change keep their identity (so memoised rows
// skip rendering), and however many kernel events fire, the UI redraws at most ten times a second.
import { beforeAll, describe, expect, it } from 'vitest';
import { renderUi } from './ui-harness.tsx';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { generatedClusterPlan } from '../../sim/live/live-plan.ts';
import { RealTimePacer } from '../../sim/kernel/pacer.ts';
import { overviewRows } from '../../sim/ui/model/overview-model.ts';
import type { UiSession } from '../../sim/ui/ui-session.ts';

let cluster: SimCluster;
const sessionOf = (): UiSession => ({ cluster, pacer: new RealTimePacer(cluster.world.kernel, 1), nodeApis: [], title: 'up' });

beforeAll(() => {
  cluster = new SimCluster(generatedClusterPlan({ controlPlanes: 3, workers: 97, configured: true }), { seed: 'scale' });
});

describe('100 nodes', () => {
  it('80x24 shows the first 18 rows; G moves to the last and the window follows', async () => {
    const ui = await renderUi(sessionOf());
    const lines = ui.lines();
    expect(lines[0]).toBe('talsim up │ ▶ 1x │ 00:00:00 │ ready 0/100 · faults 0');
    expect(lines[1]).toBe('┌─ Nodes(all)[100] ────────────────────────────────────────────────────────────┐');
    expect(lines[2]).toBe('│ NODE      ROLE   ADDRESS STAGE       READY UNMET            UPTIME FAULTS    │');
    expect(lines[3]).toBe('│>cp-1      cp     -       off         -                      -                │');
    expect(lines[20]).toBe('│ worker-15 worker -       off         -                      -                │');
    expect(lines.filter((line) => /^│.(cp|worker)-\d+/.test(line))).toHaveLength(18);
    await ui.press('G');
    expect(ui.lines()[20]).toBe('│>worker-97 worker -       off         -                      -                │');
    expect(ui.lines()[3]).toBe('│ worker-80 worker -       off         -                      -                │');
    ui.unmount();
  });

  it('100x40 spells the role out and shows 34 rows', async () => {
    const ui = await renderUi(sessionOf(), { columns: 100, rows: 40 });
    expect(ui.lines()[2]).toBe('│ NODE      ROLE         ADDRESS STAGE         READY UNMET                   UPTIME FAULTS         │');
    expect(ui.lines()[3]).toBe('│>cp-1      controlplane -       off           -                             -                     │');
    expect(ui.lines().filter((line) => /^│.(cp|worker)-\d+/.test(line))).toHaveLength(34);
    ui.unmount();
  });

  it('unchanged rows keep their identity from one snapshot to the next', () => {
    const first = overviewRows(cluster, []);
    const second = overviewRows(cluster, [], first);
    expect(second.every((row, index) => row === first[index])).toBe(true);
    const withFault = overviewRows(cluster, [{ id: 'f1', kind: 'link-down', nodes: ['worker-5'], targets: 'worker-5', summary: '', sinceMs: 0 }], second);
    expect(withFault.filter((row, index) => row !== second[index]).map((row) => row.name)).toEqual(['worker-5']);
  });

  it('redraws at most 10 times a second while the kernel fires events as fast as it can', async () => {
    const ui = await renderUi(sessionOf());
    const kernel = cluster.world.kernel;
    for (let index = 0; index < 500_000; index++) kernel.schedule(index % 1_000, 'load', () => {});
    const framesBefore = ui.frameCount();
    const startedMs = performance.now();
    let fired = 0;
    while (performance.now() - startedMs < 1_000) {
      for (let step = 0; step < 5_000 && kernel.step(); step++) fired++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const elapsedSeconds = (performance.now() - startedMs) / 1000;
    await ui.refresh();
    expect(fired).toBeGreaterThan(10_000);
    expect(ui.frameCount() - framesBefore).toBeLessThanOrEqual(Math.ceil(elapsedSeconds * 10) + 2);
    expect(ui.frameCount() - framesBefore).toBeGreaterThan(0);
    ui.unmount();
  });
});
