// The fault panel: the catalogue (every kind, what it targets and does) and the faults active now
// (id, kind, nodes, since when in virtual time, options). Tab moves between the two lists;
// Enter on a kind opens the inject form, x heals the selected active fault.
import React from 'react';
import { Text } from 'ink';
import { Panel, panelInnerRows, panelInnerWidth } from './panel.tsx';
import { ScrollLines } from './scroll-lines.tsx';
import { useTheme } from '../theme.ts';
import { cell, formatStamp } from '../model/format.ts';
import type { ActiveFaultInfo, FaultKindInfo } from '../ui-session.ts';

export interface FaultPanelScreenProps {
  width: number;
  height: number;
  kinds: readonly FaultKindInfo[] | undefined;
  active: readonly ActiveFaultInfo[];
  focus: 'catalogue' | 'active';
  catalogueCursor: number;
  activeCursor: number;
}

export function FaultPanelScreen(props: FaultPanelScreenProps): React.JSX.Element {
  const theme = useTheme();
  const inner = panelInnerWidth(props.width);
  const rows = panelInnerRows(props.height);
  if (!props.kinds) {
    return (
      <Panel title="Faults" width={props.width} height={props.height}>
        <Text color={theme.muted}>{cell(' this session has no fault catalogue', inner)}</Text>
      </Panel>
    );
  }
  const activeRows = Math.max(3, Math.min(props.active.length + 2, Math.floor(rows / 3)));
  const catalogueRows = rows - activeRows - 1;
  const kindLines = props.kinds.map((kind) => ({ text: ` ${cell(kind.kind, 24)} ${kind.description}` }));
  const activeLines = props.active.map((fault) => ({
    text: ` ${cell(fault.id, 10)} ${cell(fault.kind, 22)} ${cell(fault.nodes.join(','), 14)} ${cell(formatStamp(fault.sinceMs), 10)} ${fault.summary}`,
    color: theme.bad,
  }));
  const heading = (label: string, focused: boolean) => (
    <Text bold color={focused ? theme.accent : theme.muted}>
      {cell(` ${label}${focused ? ' ◂' : ''}`, inner)}
    </Text>
  );
  return (
    <Panel title={`Faults[${props.active.length} active]`} width={props.width} height={props.height}>
      {heading(`Catalogue (${props.kinds.length}) · Enter injects on the target node`, props.focus === 'catalogue')}
      <ScrollLines lines={kindLines} cursor={props.catalogueCursor} following={false} rows={catalogueRows - 1} width={inner} markSelected={props.focus === 'catalogue'} />
      {Array.from({ length: Math.max(0, catalogueRows - 1 - kindLines.length) }, (_, index) => (
        <Text key={`gap-${index}`}> </Text>
      ))}
      {heading('Active · x heals', props.focus === 'active')}
      {props.active.length === 0 && <Text color={theme.muted}>{cell('  none', inner)}</Text>}
      <ScrollLines lines={activeLines} cursor={props.activeCursor} following={false} rows={activeRows - 1} width={inner} markSelected={props.focus === 'active'} />
    </Panel>
  );
}
