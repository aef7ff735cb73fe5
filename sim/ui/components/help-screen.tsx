// The help screen (`?`): every key binding by group, and the `:` commands.
import React from 'react';
import { Panel, panelInnerRows, panelInnerWidth } from './panel.tsx';
import { ScrollLines, type ColoredLine } from './scroll-lines.tsx';
import { KEY_GROUPS } from '../input/key-bindings.ts';
import { COMMAND_HELP } from '../input/command-line.ts';

export interface HelpScreenProps {
  width: number;
  height: number;
  cursor: number;
}

export function helpLines(): ColoredLine[] {
  const lines: ColoredLine[] = [];
  for (const group of KEY_GROUPS) {
    lines.push({ text: ` ${group.title}`, bold: true });
    for (const binding of group.bindings) lines.push({ text: `   ${binding.keys.padEnd(12)} ${binding.action}` });
  }
  lines.push({ text: ' Commands', bold: true }, ...COMMAND_HELP.map((text) => ({ text: `   ${text}` })));
  return lines;
}

export function HelpScreen({ width, height, cursor }: HelpScreenProps): React.JSX.Element {
  return (
    <Panel title="Help" width={width} height={height}>
      <ScrollLines lines={helpLines()} cursor={cursor} following={false} rows={panelInnerRows(height)} width={panelInnerWidth(width)} markSelected={false} />
    </Panel>
  );
}
