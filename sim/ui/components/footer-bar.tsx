// The bottom line: the open prompt (`:` command or `/` filter, with a cursor), else the last
// status message, else the keys of the current screen.
import React from 'react';
import { Text } from 'ink';
import { useTheme } from '../theme.ts';
import { clip } from '../model/format.ts';
import type { StatusMessage } from '../input/ui-state.ts';

export interface FooterProps {
  width: number;
  prompt: { kind: 'filter' | 'command'; text: string } | undefined;
  message: StatusMessage | undefined;
  question: string | undefined;
  hints: string;
}

export function FooterBar({ width, prompt, message, question, hints }: FooterProps): React.JSX.Element {
  const theme = useTheme();
  if (prompt) {
    const sign = prompt.kind === 'command' ? ':' : '/';
    return (
      <Text>
        <Text bold color={theme.accent}>
          {sign}
        </Text>
        <Text>{clip(prompt.text, width - 2)}</Text>
        <Text inverse> </Text>
      </Text>
    );
  }
  if (question) return <Text bold color={theme.warn}>{clip(question, width)}</Text>;
  if (message) {
    const color = message.tone === 'error' ? theme.bad : message.tone === 'good' ? theme.good : undefined;
    return <Text color={color}>{clip(message.text, width)}</Text>;
  }
  return <Text color={theme.muted}>{clip(hints, width)}</Text>;
}
