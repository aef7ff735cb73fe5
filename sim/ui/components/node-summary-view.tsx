// The node's summary, like `talosctl dashboard`'s summary pane: identity, stage, readiness and
// unmet conditions, the apply state, where its API listens, then its hardware: each disk and link
// with its state (an injected device fault shows here).
import React from 'react';
import { ScrollLines, type ColoredLine } from './scroll-lines.tsx';
import { stageColor, useTheme, type Theme } from '../theme.ts';
import { cell } from '../model/format.ts';
import type { DeviceRow, NodeSummaryModel } from '../model/node-detail-model.ts';

export interface NodeSummaryViewProps {
  summary: NodeSummaryModel;
  disks: readonly DeviceRow[];
  links: readonly DeviceRow[];
  api: string | undefined;
  cursor: number;
  rows: number;
  width: number;
}

export function NodeSummaryView(props: NodeSummaryViewProps): React.JSX.Element {
  const theme = useTheme();
  const lines = summaryLines(theme, props);
  return <ScrollLines lines={lines} cursor={props.cursor} following={false} rows={props.rows} width={props.width} markSelected={false} />;
}

function pair(label: string, value: string, label2: string, value2: string): string {
  return ` ${cell(label, 10)} ${cell(value, 24)} ${cell(label2, 8)} ${value2}`;
}

export function summaryLines(theme: Theme, props: NodeSummaryViewProps): ColoredLine[] {
  const s = props.summary;
  const apply = s.applyReason ? `${s.applyState}: ${s.applyReason}` : s.applyState;
  const lines: ColoredLine[] = [
    { text: pair('Hostname', s.hostname, 'Stage', s.stage), color: stageColor(theme, s.stage) },
    { text: pair('Role', s.role, 'Ready', s.ready), color: s.ready === 'true' ? theme.good : s.ready === 'false' ? theme.bad : undefined },
    { text: pair('Talos', s.talosVersion, 'Uptime', s.uptime) },
    { text: ` ${cell('Addresses', 10)} ${s.addresses}` },
    { text: ` ${cell('Apply', 10)} ${apply}`, color: s.applyState === 'stuck' ? theme.bad : s.applyState === 'Reconciling' ? theme.warn : undefined },
    { text: ` ${cell('API', 10)} ${props.api ?? 'not served in this session (node commands only)'}` },
    { text: ` ${cell('Machine', 10)} ${s.cpus} CPUs, ${s.memory}, ${s.firmware}` },
  ];
  if (s.unmet.length > 0) {
    lines.push({ text: ' Unmet conditions', bold: true });
    for (const condition of s.unmet) lines.push({ text: `   ${cell(condition.name, 10)} ${condition.reason}`, color: theme.warn });
  }
  lines.push({ text: ' Disks', bold: true });
  for (const disk of props.disks) lines.push(deviceLine(theme, disk));
  lines.push({ text: ' Links', bold: true });
  for (const link of props.links) lines.push(deviceLine(theme, link));
  return lines;
}

function deviceLine(theme: Theme, device: DeviceRow): ColoredLine {
  return { text: `   ${cell(device.name, 10)} ${cell(device.state, 18)} ${device.detail}`, color: device.healthy ? undefined : theme.bad };
}
