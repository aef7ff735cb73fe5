// The node's active machine config, or the diff its last change made (`d` switches), with a note
// of the last apply (mode, virtual time) and of a staged config waiting for a reboot.
import React from 'react';
import { Text } from 'ink';
import { ScrollLines, type ColoredLine } from './scroll-lines.tsx';
import { useTheme, type Theme } from '../theme.ts';
import { cell } from '../model/format.ts';
import type { ConfigModel } from '../model/node-detail-model.ts';

export interface ConfigTabViewProps {
  config: ConfigModel;
  shows: 'config' | 'diff';
  cursor: number;
  rows: number;
  width: number;
}

export function ConfigTabView({ config, shows, cursor, rows, width }: ConfigTabViewProps): React.JSX.Element {
  const theme = useTheme();
  const lines = configLines(theme, config, shows);
  const last = config.lastApply ? `last apply ${config.lastApply}` : 'no apply since boot of the run';
  const staged = config.staged ? ' · a staged config waits for a reboot' : '';
  const heading = shows === 'config' ? ` machine config · ${last}${staged} · d: diff` : ` diff of the last change · ${last}${staged} · d: config`;
  return (
    <>
      <Text color={theme.muted}>{cell(heading, width)}</Text>
      <ScrollLines lines={lines} cursor={cursor} following={false} rows={rows - 1} width={width} markSelected={false} />
    </>
  );
}

export function configLines(theme: Theme, config: ConfigModel, shows: 'config' | 'diff'): ColoredLine[] {
  if (shows === 'config') {
    if (config.text === '') return [{ text: ' no config: the node waits in maintenance mode', color: theme.warn }];
    return config.text.replace(/\n$/, '').split('\n').map((text) => ({ text: ` ${text}` }));
  }
  if (config.diff === '') return [{ text: ' no change applied yet', color: theme.muted }];
  return config.diff.replace(/\n$/, '').split('\n').map((text) => ({
    text: ` ${text}`,
    color: text.startsWith('+') ? theme.good : text.startsWith('-') ? theme.bad : text.startsWith('@@') ? theme.accent : undefined,
  }));
}
