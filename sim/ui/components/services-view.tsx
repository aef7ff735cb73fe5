// The node's services, as `talosctl services` lists them: state, health, since when (the virtual
// clock's time of the last event, written as the header's clock writes it, not as a duration) and
// what that event said.
import React from 'react';
import { Text } from 'ink';
import { ScrollLines, type ColoredLine } from './scroll-lines.tsx';
import { serviceStateColor, useTheme } from '../theme.ts';
import { cell, formatClock } from '../model/format.ts';
import type { ServiceRow } from '../model/node-detail-model.ts';

export interface ServicesViewProps {
  services: readonly ServiceRow[];
  cursor: number;
  rows: number;
  width: number;
}

export function ServicesView({ services, cursor, rows, width }: ServicesViewProps): React.JSX.Element {
  const theme = useTheme();
  const heading = ` ${cell('SERVICE', 11)} ${cell('STATE', 11)} ${cell('HEALTH', 7)} ${cell('SINCE', 10)} LAST EVENT`;
  const lines: ColoredLine[] = services.map((service) => ({
    text: ` ${cell(service.id, 11)} ${cell(service.state, 11)} ${cell(service.health, 7)} ${cell(formatClock(service.sinceMs), 10)} ${service.lastEvent}`,
    color: serviceStateColor(theme, service.state),
  }));
  return (
    <>
      <Text bold color={theme.accent}>
        {cell(heading, width)}
      </Text>
      {services.length === 0 && <Text color={theme.muted}> no service has started yet</Text>}
      <ScrollLines lines={lines} cursor={cursor} following={false} rows={rows - 1} width={width} />
    </>
  );
}
