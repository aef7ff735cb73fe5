// The node screen: its tabs, and the open tab's view (summary and hardware, services, resources,
// config, logs, dmesg). Gets the open tab's data only; the App reads nothing for closed tabs.
import React from 'react';
import { Panel, panelInnerRows, panelInnerWidth } from './panel.tsx';
import { TabBar } from './tab-bar.tsx';
import { NodeSummaryView } from './node-summary-view.tsx';
import { ServicesView } from './services-view.tsx';
import { ResourcesView } from './resources-view.tsx';
import { ConfigTabView } from './config-tab-view.tsx';
import { LogTabView } from './log-tab-view.tsx';
import { NODE_TABS } from '../input/ui-state.ts';
import type { NodeTabData } from '../model/node-tab-data.ts';

export interface NodeScreenProps {
  width: number;
  height: number;
  node: string;
  role: string;
  stage: string;
  data: NodeTabData;
  cursor: number;
  following: boolean;
  filter: string;
}

export function NodeScreen({ width, height, node, role, stage, data, cursor, following, filter }: NodeScreenProps): React.JSX.Element {
  const inner = panelInnerWidth(width);
  const rows = panelInnerRows(height) - 1;
  return (
    <Panel title={`${node} · ${role} · ${stage}`} width={width} height={height}>
      <TabBar tabs={NODE_TABS} active={data.tab} />
      {data.tab === 'summary' && <NodeSummaryView summary={data.summary} disks={data.disks} links={data.links} api={data.api} cursor={cursor} rows={rows} width={inner} />}
      {data.tab === 'services' && <ServicesView services={data.services} cursor={cursor} rows={rows} width={inner} />}
      {data.tab === 'resources' && <ResourcesView resources={data.resources} yaml={data.yaml} cursor={cursor} rows={rows} width={inner} filter={filter} />}
      {data.tab === 'config' && <ConfigTabView config={data.config} shows={data.shows} cursor={cursor} rows={rows} width={inner} />}
      {(data.tab === 'logs' || data.tab === 'dmesg') && (
        <LogTabView source={data.source} sources={data.sources} lines={data.lines} cursor={cursor} following={following} rows={rows} width={inner} filter={filter} />
      )}
    </Panel>
  );
}
