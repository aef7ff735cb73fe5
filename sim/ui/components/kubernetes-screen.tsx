// The Kubernetes screen (`K`): nodes and pods as kubectl prints them now (kubernetes-view.ts),
// whether the API answers, scrollable and filterable with `/`.
import React from 'react';
import { Text } from 'ink';
import { Panel, panelInnerRows, panelInnerWidth } from './panel.tsx';
import { ScrollLines, type ColoredLine } from './scroll-lines.tsx';

export interface KubernetesScreenProps {
  width: number;
  height: number;
  lines: readonly ColoredLine[];
  nodes: number;
  notReady: number;
  cursor: number;
  filter: string;
}

export function KubernetesScreen({ width, height, lines, nodes, notReady, cursor, filter }: KubernetesScreenProps): React.JSX.Element {
  const title = `Kubernetes(${filter ? `/${filter}` : 'all'})[${nodes} nodes${notReady > 0 ? `, ${notReady} NotReady` : ''}]`;
  return (
    <Panel title={title} width={width} height={height}>
      {lines.length === 0 && <Text> </Text>}
      <ScrollLines lines={lines} cursor={cursor} following={false} rows={panelInnerRows(height)} width={panelInnerWidth(width)} markSelected={false} />
    </Panel>
  );
}
