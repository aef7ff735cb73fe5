// One row of the overview table. Memoised: a row whose model object and layout did not change
// is not rendered again (the overview model reuses unchanged rows).
import React, { memo } from 'react';
import { Text } from 'ink';
import { stageColor, useTheme } from '../theme.ts';
import { cell } from '../model/format.ts';
import type { NodeRowModel } from '../model/overview-model.ts';
import { roleText, type OverviewColumns } from '../model/overview-columns.ts';

export interface NodeRowProps {
  row: NodeRowModel;
  columns: OverviewColumns;
  selected: boolean;
}

function NodeRowView({ row, columns, selected }: NodeRowProps): React.JSX.Element {
  const theme = useTheme();
  const ready = row.ready === undefined ? '-' : String(row.ready);
  const readyColor = row.ready === true ? theme.good : row.ready === false ? theme.bad : theme.muted;
  return (
    <Text inverse={selected}>
      <Text>{selected ? '>' : ' '}</Text>
      <Text bold>{cell(row.name, columns.name)}</Text>
      <Text> {cell(roleText(row.role, columns.shortRole), columns.role)} </Text>
      <Text>{cell(row.address, columns.address)} </Text>
      {columns.api > 0 && <Text>{cell(row.api, columns.api)} </Text>}
      <Text color={stageColor(theme, row.stage)}>{cell(row.stage, columns.stage)}</Text>
      <Text> </Text>
      <Text color={readyColor}>{cell(ready, columns.ready)}</Text>
      <Text> </Text>
      <Text color={theme.warn}>{cell(row.unmet.join(','), columns.unmet)}</Text>
      <Text> {cell(row.uptime, columns.uptime)} </Text>
      <Text color={theme.bad}>{cell(row.faults.join(','), columns.faults)}</Text>
    </Text>
  );
}

export const NodeRow = memo(NodeRowView);

export function overviewHeading(columns: OverviewColumns): string {
  return [
    ' ',
    cell('NODE', columns.name),
    ' ',
    cell('ROLE', columns.role),
    ' ',
    cell('ADDRESS', columns.address),
    ' ',
    ...(columns.api > 0 ? [cell('TALOS API', columns.api), ' '] : []),
    cell('STAGE', columns.stage),
    ' ',
    cell('READY', columns.ready),
    ' ',
    cell('UNMET', columns.unmet),
    ' ',
    cell('UPTIME', columns.uptime),
    ' ',
    cell('FAULTS', columns.faults),
  ].join('');
}
