// The help screen (`?`): every key binding by group, and the `:` commands (first when `:help`
// opened it, as that reader asked about commands).
import React from 'react';
import { Panel, panelInnerRows, panelInnerWidth } from './panel.tsx';
import { ScrollLines, type ColoredLine } from './scroll-lines.tsx';
import { KEY_GROUPS } from '../input/key-bindings.ts';
import { COMMAND_HELP } from '../input/command-line.ts';

export interface HelpScreenProps {
  width: number;
  height: number;
  cursor: number;
  commandsFirst?: boolean;
}

export function helpLines(commandsFirst = false): ColoredLine[] {
  const keys: ColoredLine[] = [];
  for (const group of KEY_GROUPS) {
    keys.push({ text: ` ${group.title}`, bold: true });
    for (const binding of group.bindings) keys.push({ text: `   ${binding.keys.padEnd(12)} ${binding.action}` });
  }
  const commands: ColoredLine[] = [{ text: ' Commands', bold: true }, ...COMMAND_HELP.map((text) => ({ text: `   ${text}` }))];
  return commandsFirst ? [...commands, ...keys] : [...keys, ...commands];
}

export function HelpScreen({ width, height, cursor, commandsFirst }: HelpScreenProps): React.JSX.Element {
  return (
    <Panel title="Help" width={width} height={height}>
      <ScrollLines lines={helpLines(commandsFirst)} cursor={cursor} following={false} rows={panelInnerRows(height)} width={panelInnerWidth(width)} markSelected={false} />
    </Panel>
  );
}
