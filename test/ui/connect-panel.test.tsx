// How to reach the cluster, inside the UI (issue 14 item 6): the banner `talsim up` prints before
// the UI takes the screen says how to stop it and where to find it again; the `?` screen opens
// with it (export TALOSCONFIG, the nodes and their Talos API listeners, commands to try); a wide
// overview has a TALOS API column.
import { describe, expect, it } from 'vitest';
import { Box, Text, renderToString } from 'ink';
import { renderBanner, type BannerFacts } from '../../sim/live/banner.ts';
import { overviewColumns, API_COLUMN_MIN_WIDTH } from '../../sim/ui/model/overview-columns.ts';
import { overviewRows } from '../../sim/ui/model/overview-model.ts';
import { NodeRow, overviewHeading } from '../../sim/ui/components/node-row.tsx';
import { lessonSession, renderUi } from './ui-harness.tsx';

const facts: BannerFacts = {
  clusterName: 'talsim',
  warpPoint: 'every node running and ready',
  warpedVirtualMs: 120_000,
  warpWallMs: 1_500,
  talosconfigPath: '.talsim/talosconfig',
  controlplanePath: '.talsim/controlplane.yaml',
  nodes: [
    { name: 'cp-1', role: 'controlplane', address: '10.5.0.2', apiAddress: '127.0.0.2', apiPort: 50000 },
    { name: 'worker-1', role: 'worker', address: '10.5.0.3', apiAddress: '127.0.0.3', apiPort: 50000 },
  ],
  unconfigured: false,
  speed: 1,
};

describe('connect information in the UI', () => {
  it('the banner before the UI says q stops the cluster and ? shows it again; without the UI it stays as it was', () => {
    expect(renderBanner({ ...facts, ui: true }).trimEnd().split('\n').at(-1)).toBe('  Ctrl-C stops the cluster (q in the UI; its ? screen shows these lines again).');
    expect(renderBanner(facts).trimEnd().split('\n').at(-1)).toBe('  Ctrl-C stops the cluster.');
  });

  it('? opens with the connect lines: export TALOSCONFIG, the nodes with their listeners, commands to try', async () => {
    const { session } = lessonSession('02-fix-stuck-reconciling.yaml');
    const ui = await renderUi({ ...session, connect: renderBanner({ ...facts, ui: true }).trimEnd().split('\n') });
    await ui.press('?');
    const lines = ui.lines();
    expect(lines[3]).toMatch(/^┌─ Help /);
    expect(lines[4]).toMatch(/^│ Connect\s+│$/);
    expect(lines.join('\n')).toContain('export TALOSCONFIG=.talsim/talosconfig');
    expect(lines.some((line) => /cp-1\s+controlplane\s+10\.5\.0\.2\s+127\.0\.0\.2:50000/.test(line))).toBe(true);
    ui.unmount();
  });

  it('without connect lines (a scenario or lesson run without the API) ? starts with the keys', async () => {
    const { session } = lessonSession('02-fix-stuck-reconciling.yaml');
    const ui = await renderUi(session);
    await ui.press('?');
    expect(ui.lines()[4]).not.toMatch(/Connect/);
    ui.unmount();
  });

  it(`a wide overview (${API_COLUMN_MIN_WIDTH}+ columns) shows each node's TALOS API listener; a narrow one does not`, () => {
    const { session } = lessonSession('02-fix-stuck-reconciling.yaml');
    const rows = overviewRows(session.cluster, [], [], new Map(session.nodeApis.map((entry) => [entry.node, entry.apiEndpoint])));
    expect(overviewColumns(rows, 78).api).toBe(0);
    const columns = overviewColumns(rows, 138);
    expect(columns.api).toBeGreaterThan(0);
    const text = renderToString(
      <Box flexDirection="column" width={138}>
        <Text>{overviewHeading(columns)}</Text>
        {rows.map((row) => (
          <NodeRow key={row.name} row={row} columns={columns} selected={false} />
        ))}
      </Box>,
      { columns: 140 },
    );
    const [heading, cp, worker] = text.split('\n');
    expect(heading).toMatch(/ADDRESS\s+TALOS API\s+STAGE/);
    expect(cp).toMatch(/cp-1 .* 10\.5\.0\.2\s+127\.0\.0\.2:50000 /);
    expect(worker).toMatch(/worker-1 .*127\.0\.0\.3:50000 /);
  });
});
