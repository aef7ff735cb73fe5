// How one failure and one shrink read in words, shared by the pretty, JUnit and TAP reporters:
// `[class] file:line:col: name at 4m00.000s: detail`, and the lines that follow a failing case
// (replay command, trace file, minimal scenario).
import { formatTime } from '../scenario/run-scenario.ts';
import { formatDurationMs } from '../scenario/load-duration.ts';
import type { CaseReport, FailureReport, ShrinkReport } from './sweep-report.ts';

export function failureLine(failure: FailureReport): string {
  const where = failure.source ? `${failure.source.file}:${failure.source.line}:${failure.source.column}: ` : '';
  return `[${failure.failureClass}] ${where}${failure.name} at ${formatTime(failure.atMs)}: ${failure.detail}`;
}

/** The first failure in one line, for a JUnit `message` or a TAP `message`. */
export function failureHeadline(sweepCase: CaseReport): string {
  const failure = sweepCase.failures[0];
  if (!failure) return 'failed';
  const more = sweepCase.failures.length > 1 ? ` (and ${sweepCase.failures.length - 1} more)` : '';
  return `[${failure.failureClass}] ${failure.name} at ${formatTime(failure.atMs)}: ${failure.detail.split('\n')[0]}${more}`;
}

/** `replay: ...`, `trace: ...`, `minimal scenario: ...` for a failing case. */
export function followUpLines(sweepCase: CaseReport): string[] {
  return [
    `replay: ${sweepCase.replay}`,
    ...(sweepCase.traceFile ? [`trace: ${sweepCase.traceFile}`] : []),
    ...(sweepCase.minimalScenarioFile ? [`minimal scenario: ${sweepCase.minimalScenarioFile}`] : []),
  ];
}

/** `5 -> 2 nodes, 3 -> 0 steps, 3 -> 1 expectations, run 15m -> 4m`. */
export function shrinkSizeText(shrink: ShrinkReport): string {
  const { before, after } = shrink;
  const parts = [
    `${before.nodes} -> ${after.nodes} nodes`,
    `${before.steps} -> ${after.steps} steps`,
    `${before.expectations} -> ${after.expectations} expectations`,
    ...(before.faults > 0 ? [`${before.faults} -> ${after.faults} faults`] : []),
    `run ${formatDurationMs(before.durationMs)} -> ${formatDurationMs(after.durationMs)}`,
  ];
  return parts.join(', ');
}

/** Continuation lines of a multi-line text, indented under their first line. */
export function indentLines(text: string, indent: string): string {
  return text.split('\n').join(`\n${indent}`);
}
