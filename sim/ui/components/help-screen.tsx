// The help screen (`?`): how to connect to the cluster from outside (the banner `talsim up`
// printed before the UI took the screen: export TALOSCONFIG, the nodes and their Talos API
// listeners, commands to try), every key binding by group, and the `:` commands (first when
// `:help` opened it, as that reader asked about commands).
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
  connect?: readonly string[];
}

export function helpLines(commandsFirst = false, connect: readonly string[] = []): ColoredLine[] {
  const reach: ColoredLine[] = connect.length === 0 ? [] : [{ text: ' Connect', bold: true }, ...connect.map((text) => ({ text: ` ${text}` })), { text: '' }];
  const keys: ColoredLine[] = [];
  for (const group of KEY_GROUPS) {
    keys.push({ text: ` ${group.title}`, bold: true });
    for (const binding of group.bindings) keys.push({ text: `   ${binding.keys.padEnd(12)} ${binding.action}` });
  }
  const commands: ColoredLine[] = [{ text: ' Commands', bold: true }, ...COMMAND_HELP.map((text) => ({ text: `   ${text}` }))];
  return commandsFirst ? [...commands, ...reach, ...keys] : [...reach, ...keys, ...commands];
}

export function HelpScreen({ width, height, cursor, commandsFirst, connect }: HelpScreenProps): React.JSX.Element {
  return (
    <Panel title="Help" width={width} height={height}>
      <ScrollLines lines={helpLines(commandsFirst, connect)} cursor={cursor} following={false} rows={panelInnerRows(height)} width={panelInnerWidth(width)} markSelected={false} />
    </Panel>
  );
}
