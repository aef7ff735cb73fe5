// The middle of the screen: the open dialog if there is one (apply, inject), else the current
// screen, each given exactly the width and height it may draw in.
import React from 'react';
import type { FaultControl, UiSession } from '../ui-session.ts';
import type { UiState } from '../input/ui-state.ts';
import type { UiModels } from '../hooks/use-ui-models.ts';
import { overviewColumns } from '../model/overview-columns.ts';
import { panelInnerWidth } from './panel.tsx';
import { OverviewScreen } from './overview-screen.tsx';
import { NodeScreen } from './node-screen.tsx';
import { TimelineScreen } from './timeline-screen.tsx';
import { KubernetesScreen } from './kubernetes-screen.tsx';
import { FaultPanelScreen } from './fault-panel-screen.tsx';
import { LessonScreen } from './lesson-screen.tsx';
import { HelpScreen } from './help-screen.tsx';
import { ApplyDialogView } from './apply-dialog-view.tsx';
import { InjectDialogView } from './inject-dialog.tsx';

export interface ScreenBodyProps {
  session: UiSession;
  faultControl: FaultControl;
  state: UiState;
  models: UiModels;
  width: number;
  height: number;
}

export function ScreenBody({ session, faultControl, state, models, width, height }: ScreenBodyProps): React.JSX.Element {
  const dialog = state.dialog;
  if (dialog?.kind === 'apply') return <ApplyDialogView width={width} height={height} dialog={dialog} />;
  if (dialog?.kind === 'inject') {
    const kind = faultControl.kinds().find((info) => info.kind === dialog.faultKind);
    return <InjectDialogView width={width} height={height} dialog={dialog} kind={kind} />;
  }
  const view = models.view;
  switch (view.screen) {
    case 'overview': {
      const columns = overviewColumns(models.allRows, panelInnerWidth(width));
      return <OverviewScreen width={width} height={height} rows={models.rows} columns={columns} cursor={models.cursor} filter={models.filter} total={models.allRows.length} />;
    }
    case 'node': {
      const row = models.allRows.find((candidate) => candidate.name === view.node);
      return (
        <NodeScreen
          width={width}
          height={height}
          node={view.node}
          role={row?.role ?? ''}
          stage={row?.stage ?? ''}
          data={models.nodeData!}
          cursor={models.cursor}
          following={models.following}
          filter={models.filter}
        />
      );
    }
    case 'timeline':
      return <TimelineScreen width={width} height={height} lines={models.timeline} cursor={models.cursor} following={models.following} filter={models.filter} />;
    case 'kubernetes':
      return <KubernetesScreen width={width} height={height} lines={models.kubernetes?.lines ?? []} nodes={models.kubernetes?.nodes ?? 0} notReady={models.kubernetes?.notReady ?? 0} cursor={models.cursor} filter={models.filter} />;
    case 'faults':
      return (
        <FaultPanelScreen
          width={width}
          height={height}
          kinds={faultControl.kinds()}
          active={models.faults}
          focus={state.faultFocus}
          catalogueCursor={state.cursors['faults:catalogue'] ?? 0}
          activeCursor={state.cursors['faults:active'] ?? 0}
        />
      );
    case 'lesson':
      return models.lesson && session.lesson ? (
        <LessonScreen width={width} height={height} story={session.lesson.lesson.story} status={models.lesson} cursor={models.cursor} />
      ) : (
        <HelpScreen width={width} height={height} cursor={0} />
      );
    case 'help':
      return <HelpScreen width={width} height={height} cursor={models.cursor} commandsFirst={view.commandsFirst} connect={session.connect} />;
  }
}
