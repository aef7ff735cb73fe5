// A log of the node (`talosctl logs <id>`) or its kernel ring buffer (`talosctl dmesg`), stamped
// in virtual time, following the newest line until the cursor moves up (`f` toggles).
import React from 'react';
import { Text } from 'ink';
import { ScrollLines, plainLines } from './scroll-lines.tsx';
import { useTheme } from '../theme.ts';
import { cell } from '../model/format.ts';

export interface LogTabViewProps {
  source: string;
  sources: readonly string[];
  lines: readonly string[];
  cursor: number;
  following: boolean;
  rows: number;
  width: number;
  filter: string;
}

export function LogTabView({ source, sources, lines, cursor, following, rows, width, filter }: LogTabViewProps): React.JSX.Element {
  const theme = useTheme();
  const others = source === 'dmesg' ? '' : ` · s: next (${sources.join(' ')})`;
  const heading = ` ${source}${filter ? ` /${filter}` : ''} · ${lines.length} lines · follow ${following ? 'on' : 'off'} (f)${others}`;
  return (
    <>
      <Text color={theme.muted}>{cell(heading, width)}</Text>
      {lines.length === 0 && <Text color={theme.muted}> {filter ? `no line matches /${filter}` : 'nothing logged yet'}</Text>}
      <ScrollLines lines={plainLines(lines)} cursor={cursor} following={following} rows={rows - 1} width={width} />
    </>
  );
}
