// The event timeline in virtual time: stage changes, applies, service states, etcd and Kubernetes
// milestones, faults, as the trace records them; follows the newest event until moved (`f`).
import React from 'react';
import { Text } from 'ink';
import { Panel, panelInnerRows, panelInnerWidth } from './panel.tsx';
import { ScrollLines, type ColoredLine } from './scroll-lines.tsx';
import { useTheme } from '../theme.ts';
import { cell } from '../model/format.ts';

export interface TimelineScreenProps {
  width: number;
  height: number;
  lines: readonly ColoredLine[];
  cursor: number;
  following: boolean;
  filter: string;
}

export function TimelineScreen({ width, height, lines, cursor, following, filter }: TimelineScreenProps): React.JSX.Element {
  const theme = useTheme();
  const inner = panelInnerWidth(width);
  const title = `Timeline(${filter ? `/${filter}` : 'all'})[${lines.length}]`;
  return (
    <Panel title={title} width={width} height={height}>
      <Text color={theme.muted}>{cell(` virtual time · follow ${following ? 'on' : 'off'} (f)`, inner)}</Text>
      {lines.length === 0 && <Text color={theme.muted}> nothing has happened yet</Text>}
      <ScrollLines lines={lines} cursor={cursor} following={following} rows={panelInnerRows(height) - 1} width={inner} />
    </Panel>
  );
}
