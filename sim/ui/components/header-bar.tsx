// The top lines: what is running (scenario or lesson, cluster), the virtual clock and whether it
// runs or is paused at what speed, how many nodes are ready, active faults; then where the
// talosconfig is, and the lesson's progress when there is one.
import React from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../theme.ts';
import { clip } from '../model/format.ts';

export interface HeaderProps {
  width: number;
  title: string;
  paused: boolean;
  speed: number;
  clock: string;
  nodes: number;
  ready: number;
  /** Nodes in maintenance mode: waiting for a config, not counted as ready. */
  maintenance: number;
  reconciling: number;
  faults: number;
  talosconfig: string | undefined;
  lessonLine: string | undefined;
}

export function HeaderBar(props: HeaderProps): React.JSX.Element {
  const theme = useTheme();
  const time = props.paused ? '‖ paused' : `▶ ${props.speed}x`;
  const counts = `ready ${props.ready}/${props.nodes}${props.maintenance > 0 ? ` · maintenance ${props.maintenance}` : ''}${props.reconciling > 0 ? ` · Reconciling ${props.reconciling}` : ''} · faults ${props.faults}`;
  const lead = clip(props.title, Math.max(8, props.width - counts.length - time.length - props.clock.length - 9));
  return (
    <Box flexDirection="column" width={props.width}>
      <Text>
        <Text bold color={theme.accent}>
          {lead}
        </Text>
        <Text> │ </Text>
        <Text color={props.paused ? theme.warn : theme.good} bold>
          {time}
        </Text>
        <Text> │ </Text>
        <Text bold>{props.clock}</Text>
        <Text> │ </Text>
        <Text>{clip(counts, Math.max(0, props.width - lead.length - time.length - props.clock.length - 9))}</Text>
      </Text>
      {props.talosconfig !== undefined && <Text color={theme.muted}>{clip(`talosconfig ${props.talosconfig}`, props.width)}</Text>}
      {props.lessonLine !== undefined && <Text color={theme.title}>{clip(props.lessonLine, props.width)}</Text>}
    </Box>
  );
}

/** Lines the header takes. */
export function headerRows(talosconfig: string | undefined, lessonLine: string | undefined): number {
  return 1 + (talosconfig !== undefined ? 1 : 0) + (lessonLine !== undefined ? 1 : 0);
}
