// The apply dialog: which file, whether it is a whole config or a patch over the node's config,
// the apply mode; then the outcome as talosctl would print it (mode, details, warnings, or the
// error) and talsim's lint diagnostics of what was sent.
import React from 'react';
import { Text } from 'ink';
import { Panel, panelInnerRows, panelInnerWidth } from './panel.tsx';
import { useTheme } from '../theme.ts';
import { cell, wrap } from '../model/format.ts';
import { APPLY_MODE_CHOICES, type ApplyDialog } from '../input/ui-state.ts';

export interface ApplyDialogViewProps {
  width: number;
  height: number;
  dialog: ApplyDialog;
}

export function ApplyDialogView({ width, height, dialog }: ApplyDialogViewProps): React.JSX.Element {
  const theme = useTheme();
  const inner = panelInnerWidth(width);
  const modes = APPLY_MODE_CHOICES.map((mode) => (mode === dialog.mode ? `[${mode}]` : mode)).join(' ');
  const field = (index: number, label: string, value: string) => (
    <Text inverse={dialog.field === index}>{cell(` ${cell(label, 6)} ${value}${dialog.field === index && index === 0 ? '▏' : ''}`, inner)}</Text>
  );
  const resultColor = dialog.resultTone === 'error' ? theme.bad : dialog.resultTone === 'good' ? theme.good : undefined;
  const resultRows = Math.max(0, panelInnerRows(height) - 6);
  const result = dialog.result.flatMap((line) => (line.length <= inner - 2 ? [line] : wrap(line, inner - 2))).slice(0, resultRows);
  return (
    <Panel title={`Apply config to ${dialog.node}`} width={width} height={height}>
      {field(0, 'File', dialog.path)}
      {field(1, 'As', dialog.asPatch ? "patch over the node's config" : 'whole machine config')}
      {field(2, 'Mode', modes)}
      <Text color={theme.muted}>{cell(' ↑↓ field · type the path · Space/←→ change · Enter apply · Esc close', inner)}</Text>
      <Text> </Text>
      {result.map((line, index) => (
        <Text key={index} color={line.startsWith('lint') ? theme.warn : resultColor}>
          {cell(` ${line}`, inner)}
        </Text>
      ))}
    </Panel>
  );
}
