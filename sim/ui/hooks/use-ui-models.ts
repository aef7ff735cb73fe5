// Reads what the current screen shows from the simulated world, once per revision (at most ten
// times a second), and only for the open screen: the overview rows (unchanged rows keep their
// identity), the open node tab, the timeline, the Kubernetes view, the faults, the lesson's status. Also gathers the
// context the key handlers need.
import { useMemo, useRef } from 'react';
import type { UiSession, ActiveFaultInfo, FaultControl } from '../ui-session.ts';
import type { UiState, View } from '../input/ui-state.ts';
import { currentView, filterKey, listKey } from '../input/ui-state.ts';
import type { KeyContext } from '../input/key-context.ts';
import type { LessonTracker, LessonStatus } from '../lesson-tracker.ts';
import { overviewRows, rowMatches, clusterSummary, type NodeRowModel } from '../model/overview-model.ts';
import { nodeTabData, nodeTabLength, type NodeTabData } from '../model/node-tab-data.ts';
import { formatTimelineLine, type TimelineBuffer } from '../model/timeline-buffer.ts';
import { logSources } from '../model/node-detail-model.ts';
import { cursorOf, isFollowing } from '../input/list-keys.ts';
import type { ColoredLine } from '../components/scroll-lines.tsx';
import { lessonLines } from '../components/lesson-screen.tsx';
import { helpLines } from '../components/help-screen.tsx';
import type { Theme } from '../theme.ts';
import { kubernetesView, type KubernetesView } from '../model/kubernetes-view.ts';

export interface UiModels {
  view: View;
  allRows: NodeRowModel[];
  rows: NodeRowModel[];
  summary: ReturnType<typeof clusterSummary>;
  faults: ActiveFaultInfo[];
  nodeData: NodeTabData | undefined;
  timeline: ColoredLine[];
  kubernetes: KubernetesView | undefined;
  lesson: LessonStatus | undefined;
  listLength: number;
  following: boolean;
  cursor: number;
  filter: string;
}

export interface ModelSources {
  session: UiSession;
  faultControl: FaultControl;
  timeline: TimelineBuffer;
  tracker: LessonTracker | undefined;
  theme: Theme;
}

export function useUiModels(sources: ModelSources, state: UiState, revision: number, bodyWidth: number): UiModels {
  const { session, faultControl, timeline, tracker, theme } = sources;
  const previousRows = useRef<NodeRowModel[]>([]);
  const view = currentView(state);
  const faults = useMemo(() => faultControl.active(), [faultControl, revision]);
  const allRows = useMemo(() => {
    const rows = overviewRows(session.cluster, faults, previousRows.current, new Map(session.nodeApis.map((entry) => [entry.node, entry.apiEndpoint])));
    previousRows.current = rows;
    return rows;
  }, [session, revision, faults]);
  const filter = state.filters[filterKey(view) ?? ''] ?? '';
  const overviewFilter = state.filters['overview'] ?? '';
  const rows = useMemo(() => allRows.filter((row) => rowMatches(row, overviewFilter)), [allRows, overviewFilter]);
  const key = listKey(view, state);
  const cursor = cursorOf(state, key);
  const nodeData = useMemo(() => {
    if (view.screen !== 'node') return undefined;
    const api = session.nodeApis.find((entry) => entry.node === view.node);
    return nodeTabData(session.cluster, {
      node: view.node,
      tab: view.tab,
      logSource: state.logSources[view.node] ?? 'machined',
      filter,
      cursor,
      resourceOpen: state.resourceOpen,
      configShows: state.configShows,
      api: api ? `${api.apiEndpoint} (talosctl -n ${api.address})` : undefined,
    });
  }, [session, revision, view, state.logSources, filter, cursor, state.resourceOpen, state.configShows]);
  const timelineLines = useMemo(() => (view.screen === 'timeline' ? timelineColoredLines(timeline, filter, theme) : []), [view, timeline, timeline.revision, filter, theme]);
  const kubernetes = useMemo(() => (view.screen === 'kubernetes' ? kubernetesView(session.cluster, theme, filter) : undefined), [session, revision, view, filter, theme]);
  const lesson = useMemo(() => tracker?.status(), [tracker, revision, state.message]);
  const listLength = listLengthOf(view, state, { rows, nodeData, timeline: timelineLines, kubernetes, lesson, session, faultControl, faults, theme, bodyWidth });
  const following = (view.screen === 'timeline' || (view.screen === 'node' && (view.tab === 'logs' || view.tab === 'dmesg'))) && isFollowing(state, key);
  return { view, allRows, rows, summary: clusterSummary(allRows), faults, nodeData, timeline: timelineLines, kubernetes, lesson, listLength, following, cursor, filter };
}

function timelineColoredLines(timeline: TimelineBuffer, filter: string, theme: Theme): ColoredLine[] {
  const needle = filter.toLowerCase();
  return timeline
    .all()
    .map((line) => ({ line, text: formatTimelineLine(line) }))
    .filter(({ text }) => needle === '' || text.toLowerCase().includes(needle))
    .map(({ line, text }) => ({
      text,
      color: line.kind.startsWith('fault') ? theme.bad : line.kind === 'stage' || line.kind.startsWith('apply') ? theme.accent : line.kind.startsWith('k8s') || line.kind.startsWith('etcd') ? theme.good : undefined,
    }));
}

interface LengthSources {
  rows: NodeRowModel[];
  nodeData: NodeTabData | undefined;
  timeline: ColoredLine[];
  kubernetes: KubernetesView | undefined;
  lesson: LessonStatus | undefined;
  session: UiSession;
  faultControl: FaultControl;
  faults: ActiveFaultInfo[];
  theme: Theme;
  bodyWidth: number;
}

function listLengthOf(view: View, state: UiState, sources: LengthSources): number {
  switch (view.screen) {
    case 'overview':
      return sources.rows.length;
    case 'node':
      return sources.nodeData ? nodeTabLength(sources.nodeData) : 0;
    case 'timeline':
      return sources.timeline.length;
    case 'kubernetes':
      return sources.kubernetes?.lines.length ?? 0;
    case 'faults':
      return state.faultFocus === 'catalogue' ? sources.faultControl.kinds().length : sources.faults.length;
    case 'lesson':
      return sources.lesson && sources.session.lesson ? lessonLines(sources.theme, sources.session.lesson.lesson.story, sources.lesson, sources.bodyWidth - 2).length : 0;
    case 'help':
      return helpLines(false, sources.session.connect).length;
  }
}

export function keyContext(session: UiSession, faultControl: FaultControl, models: UiModels, pageRows: number): KeyContext {
  return {
    nodes: [...session.cluster.nodes.keys()],
    visibleNodes: models.rows.map((row) => row.name),
    listLength: models.listLength,
    pageRows,
    paused: session.pacer.isPaused,
    speed: session.pacer.speed,
    logSources: (node) => logSources(session.cluster.node(node)),
    faultKinds: faultControl.kinds(),
    activeFaultIds: models.faults.map((fault) => fault.id),
    hasLesson: session.lesson !== undefined,
  };
}
