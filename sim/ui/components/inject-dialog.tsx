// The inject form of the fault panel: the target nodes and each option of the kind with its type,
// default and description, the focused field marked. Enter injects, Esc cancels.
import React from 'react';
import { Text } from 'ink';
import { Panel, panelInnerWidth } from './panel.tsx';
import { useTheme } from '../theme.ts';
import { cell, clip } from '../model/format.ts';
import type { FaultKindInfo } from '../ui-session.ts';
import type { InjectDialog } from '../input/ui-state.ts';

export interface InjectDialogViewProps {
  width: number;
  height: number;
  dialog: InjectDialog;
  kind: FaultKindInfo | undefined;
}

function targetsNote(kind: FaultKindInfo | undefined): string {
  if (kind?.targets === 'link') return 'FROM->TO: node names or client, comma-separated';
  if (kind?.targets === 'cluster') return 'acts on the whole cluster';
  return 'node names (comma-separated), a role or all';
}

export function InjectDialogView({ width, height, dialog, kind }: InjectDialogViewProps): React.JSX.Element {
  const theme = useTheme();
  const inner = panelInnerWidth(width);
  const field = (index: number, label: string, value: string, note: string) => (
    <Text key={label} inverse={dialog.field === index}>
      {cell(` ${cell(label, 22)} ${cell(value + (dialog.field === index ? '▏' : ''), 24)} ${note}`, inner)}
    </Text>
  );
  return (
    <Panel title={`Inject ${dialog.faultKind}`} width={width} height={height}>
      <Text color={theme.muted}>{clip(` ${kind?.description ?? 'unknown kind'}`, inner)}</Text>
      <Text> </Text>
      {field(0, 'targets', kind?.targets === 'cluster' ? '(the whole cluster)' : dialog.targets, targetsNote(kind))}
      {(kind?.parameters ?? []).map((parameter, index) =>
        field(index + 1, parameter.name, dialog.values[parameter.name] ?? '', `${parameter.type === 'enum' ? (parameter.choices ?? []).join('|') : parameter.type}${parameter.description ? ` · ${parameter.description}` : ''}`),
      )}
      <Text> </Text>
      <Text color={theme.muted}>{cell(' ↑↓ field · type to edit · Space/←→ toggle or cycle · Enter inject · Esc cancel', inner)}</Text>
      {dialog.error !== '' && <Text color={theme.bad}>{clip(` ${dialog.error}`, inner)}</Text>}
    </Panel>
  );
}
