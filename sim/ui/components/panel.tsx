// A bordered panel with its title in the top border, k9s style (`┌ Nodes(all)[3] ───┐`), exactly
// `width` x `height` cells. Children are the content lines (height - 2 of them at most).
import React from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../theme.ts';

export interface PanelProps {
  title: string;
  width: number;
  height: number;
  children?: React.ReactNode;
}

export function Panel({ title, width, height, children }: PanelProps): React.JSX.Element {
  const theme = useTheme();
  const label = ` ${title} `.slice(0, Math.max(0, width - 4));
  const rule = '─'.repeat(Math.max(0, width - 3 - label.length));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text>
        <Text color={theme.muted}>┌─</Text>
        <Text color={theme.title} bold>
          {label}
        </Text>
        <Text color={theme.muted}>{rule}┐</Text>
      </Text>
      <Box flexDirection="column" width={width} height={height - 1} borderStyle="single" borderTop={false} borderColor={theme.muted} overflow="hidden">
        {children}
      </Box>
    </Box>
  );
}

/** Content width inside a panel of `width`. */
export function panelInnerWidth(width: number): number {
  return width - 2;
}

/** Content rows inside a panel of `height`. */
export function panelInnerRows(height: number): number {
  return height - 2;
}
