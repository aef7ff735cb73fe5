// The node's resources, as `talosctl get` across every type: type, namespace, id and version;
// Enter shows the selected one as YAML (`talosctl get <type> <id> -o yaml`).
import React from 'react';
import { Text } from 'ink';
import { ScrollLines, plainLines } from './scroll-lines.tsx';
import { useTheme } from '../theme.ts';
import { cell } from '../model/format.ts';
import type { ResourceRow } from '../model/node-detail-model.ts';

export interface ResourcesViewProps {
  resources: readonly ResourceRow[];
  cursor: number;
  rows: number;
  width: number;
  /** YAML of the selected resource when it is open. */
  yaml: string[] | undefined;
  filter: string;
}

export function ResourcesView({ resources, cursor, rows, width, yaml, filter }: ResourcesViewProps): React.JSX.Element {
  const theme = useTheme();
  if (yaml) {
    return (
      <>
        <Text color={theme.muted}>{cell(' Enter closes', width)}</Text>
        <ScrollLines lines={plainLines(yaml.map((line) => ` ${line}`))} cursor={0} following={false} rows={rows - 1} width={width} markSelected={false} />
      </>
    );
  }
  const heading = ` ${cell('TYPE', 30)} ${cell('NAMESPACE', 9)} ${cell('ID', 24)} VERSION`;
  const lines = resources.map((row) => ({ text: ` ${cell(row.type, 30)} ${cell(row.namespace, 9)} ${cell(row.id, 24)} ${row.version}` }));
  return (
    <>
      <Text bold color={theme.accent}>
        {cell(heading, width)}
      </Text>
      {resources.length === 0 && <Text color={theme.muted}> {filter ? `no resource matches /${filter}` : 'no resources yet'}</Text>}
      <ScrollLines lines={lines} cursor={cursor} following={false} rows={rows - 1} width={width} />
    </>
  );
}
