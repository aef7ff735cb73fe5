// The cluster overview: a row per node (name, role, address, stage or phase, ready, unmet
// conditions, uptime in virtual time, fault badges), as `talosctl get machinestatus` across the
// cluster would show it. Only the rows that fit are rendered.
import React from 'react';
import { Text } from 'ink';
import { Panel, panelInnerRows, panelInnerWidth } from './panel.tsx';
import { NodeRow, overviewHeading } from './node-row.tsx';
import { useTheme } from '../theme.ts';
import type { NodeRowModel } from '../model/overview-model.ts';
import type { OverviewColumns } from '../model/overview-columns.ts';
import { listWindow } from '../model/list-window.ts';
import { clip } from '../model/format.ts';

export interface OverviewScreenProps {
  width: number;
  height: number;
  rows: readonly NodeRowModel[];
  columns: OverviewColumns;
  cursor: number;
  filter: string;
  total: number;
}

export function OverviewScreen({ width, height, rows, columns, cursor, filter, total }: OverviewScreenProps): React.JSX.Element {
  const theme = useTheme();
  const visibleRows = panelInnerRows(height) - 1;
  const window = listWindow(rows.length, cursor, false, visibleRows);
  const title = `Nodes(${filter ? `/${filter}` : 'all'})[${rows.length}${filter ? `/${total}` : ''}]`;
  return (
    <Panel title={title} width={width} height={height}>
      <Text bold color={theme.accent}>
        {clip(overviewHeading(columns), panelInnerWidth(width))}
      </Text>
      {rows.length === 0 && <Text color={theme.muted}> no node matches /{filter}</Text>}
      {rows.slice(window.start, window.end).map((row, offset) => (
        <NodeRow key={row.name} row={row} columns={columns} selected={window.start + offset === window.selected} />
      ))}
    </Panel>
  );
}
