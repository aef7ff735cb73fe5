// The lesson: its story, each goal ticked when the live cluster meets it (with what is seen when
// not), the hints revealed so far, virtual time against the limit and the score.
import React from 'react';
import { Text } from 'ink';
import { Panel, panelInnerRows, panelInnerWidth } from './panel.tsx';
import { ScrollLines, type ColoredLine } from './scroll-lines.tsx';
import { useTheme, type Theme } from '../theme.ts';
import { cell, formatSpan, wrap } from '../model/format.ts';
import type { LessonStatus } from '../lesson-tracker.ts';

export interface LessonScreenProps {
  width: number;
  height: number;
  story: string;
  status: LessonStatus;
  cursor: number;
}

export function LessonScreen({ width, height, story, status, cursor }: LessonScreenProps): React.JSX.Element {
  const theme = useTheme();
  const inner = panelInnerWidth(width);
  const lines = lessonLines(theme, story, status, inner);
  return (
    <Panel title={`Lesson: ${status.title}`} width={width} height={height}>
      <Text bold color={status.passed ? theme.good : status.overTime ? theme.bad : theme.accent}>
        {cell(` ${lessonSummary(status)}`, inner)}
      </Text>
      <ScrollLines lines={lines} cursor={cursor} following={false} rows={panelInnerRows(height) - 1} width={inner} markSelected={false} />
    </Panel>
  );
}

/** One line: passed or not, goals met, hints used, time against the limit, score. */
export function lessonSummary(status: LessonStatus): string {
  // One elapsed time (since the lesson began, as the header shows it), not the run's clock too.
  const verdict = status.passed ? 'PASSED' : 'in progress';
  const limit = status.timeLimitMs === undefined ? '' : ` of ${formatSpan(status.timeLimitMs)}${status.overTime ? ' (over)' : ''}`;
  return `${verdict} · goals ${status.goalsMet}/${status.goals.length} · hints ${status.hintsShown.length}/${status.hintsTotal} · ${formatSpan(status.elapsedMs)}${limit} · score ${status.score}`;
}

export function lessonLines(theme: Theme, story: string, status: LessonStatus, width: number): ColoredLine[] {
  const lines: ColoredLine[] = wrap(story, width - 2).map((text) => ({ text: ` ${text}` }));
  lines.push({ text: '' }, { text: ' Goals', bold: true });
  for (const goal of status.goals) {
    lines.push({ text: ` ${goal.met ? '[x]' : '[ ]'} ${goal.name}`, color: goal.met ? theme.good : undefined });
    if (!goal.met && goal.detail) lines.push({ text: `     seen: ${goal.detail}`, color: theme.muted });
  }
  lines.push({ text: '' }, { text: ` Hints (h reveals the next; each costs score): ${status.hintsShown.length}/${status.hintsTotal}`, bold: true });
  status.hintsShown.forEach((hint, index) => {
    wrap(hint, width - 6).forEach((text, line) => lines.push({ text: `${line === 0 ? ` ${index + 1}. ` : '    '}${text}`, color: theme.warn }));
  });
  return lines;
}
