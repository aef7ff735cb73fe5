// The human reporter of a sweep: only what needs reading — each failing case with its failures,
// replay command and trace file, each shrink with its minimal scenario and replay command — then
// the `N passed, M failed` line alone. Identical failures print once, then one line with their
// count and seeds (failure-groups.ts). The run command prints the case lines as the cases finish
// (in order); a merged report prints them all at once.
import { failureLine, followUpLines, indentLines, shrinkSizeText } from './failure-text.ts';
import { formatTime } from '../scenario/run-scenario.ts';
import { FailureGroups } from './failure-groups.ts';
import { summaryLine, type CaseReport, type ShrinkReport, type SweepReport } from './sweep-report.ts';

/** Lines for one case: nothing for a pass. */
export function prettyCaseText(sweepCase: CaseReport): string {
  if (sweepCase.passed) return '';
  const lines = [
    `FAIL ${sweepCase.scenario} seed=${sweepCase.seed} (${formatTime(sweepCase.virtualMs)} virtual, ${sweepCase.wallSeconds.toFixed(2)} s wall, trace ${sweepCase.traceDigest.slice(0, 12)})`,
    ...sweepCase.failures.map((failure) => `  ✗ ${indentLines(failureLine(failure), '    ')}`),
    ...followUpLines(sweepCase).map((line) => `  ${line}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function prettyShrinkText(shrink: ShrinkReport): string {
  const what = `${shrink.scenario} seed=${shrink.seed} [${shrink.failureClass}] ${shrink.failureName}`;
  if (shrink.error !== undefined) return `could not shrink ${what}: ${shrink.error}\n`;
  return [
    `shrunk ${what}: ${shrinkSizeText(shrink)} (${shrink.runsUsed} runs)`,
    `  minimal scenario: ${shrink.minimalScenarioFile}`,
    `  replay: ${shrink.replay}`,
    '',
  ].join('\n');
}

/** The closing lines: a sentence on what ran, then the summary line alone. */
export function prettySummaryText(report: SweepReport): string {
  const files = new Set(report.cases.map((sweepCase) => sweepCase.file)).size;
  const shards = report.shards.length === 1 && report.shards[0]!.count === 1 ? '' : `, shards ${report.shards.map((shard) => `${shard.index}/${shard.count}`).join(' ')}`;
  return `\n${report.summary.total} runs of ${files} scenario file${files === 1 ? '' : 's'} in ${report.summary.elapsedSeconds.toFixed(1)} s wall${shards}\n${summaryLine(report)}\n`;
}

export function renderPretty(report: SweepReport): string {
  const groups = new FailureGroups();
  const cases = report.cases.filter((sweepCase) => !sweepCase.passed && groups.add(sweepCase)).map(prettyCaseText);
  return [...cases, groups.summaryText(), ...report.shrinks.map(prettyShrinkText), prettySummaryText(report)].join('');
}
