// The footer's key hints per screen, and the header's one-line lesson progress.
import type { View } from '../input/ui-state.ts';
import type { LessonStatus } from '../lesson-tracker.ts';
import { formatSpan } from '../model/format.ts';

export function footerHints(view: View): string {
  switch (view.screen) {
    case 'overview':
      return 'enter open  a apply  b bootstrap  i fault  t timeline  F faults  K kube  ? help';
    case 'node':
      return '1-6 tabs  a apply  b bootstrap  R reboot  e export  i fault  f follow  esc back';
    case 'timeline':
      return 'f follow  / filter  j/k scroll  space pause  . step  esc back';
    case 'kubernetes':
      return '/ filter  j/k scroll  space pause  . step  esc back';
    case 'faults':
      return 'tab catalogue/active  enter inject  x heal  esc back';
    case 'lesson':
      return 'h next hint (costs score)  esc back';
    case 'help':
      return 'j/k scroll  esc back';
  }
}

export function lessonHeaderLine(status: LessonStatus): string {
  const verdict = status.passed ? 'PASSED' : `goals ${status.goalsMet}/${status.goals.length}`;
  const limit = status.timeLimitMs === undefined ? '' : `/${formatSpan(status.timeLimitMs)}`;
  return `${verdict} · hints ${status.hintsShown.length}/${status.hintsTotal} · ${formatSpan(status.elapsedMs)}${limit} · score ${status.score} · l: lesson ${status.title}`;
}
