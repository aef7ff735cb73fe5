// TAP version 13: a plan line, one `ok` / `not ok` line per run named `<scenario> seed=<n>`, and
// under each failing run a YAML block with its failures, replay command and files. Shrinks and
// the summary line follow as comments.
import { stringify } from 'yaml';
import { failureHeadline } from './failure-text.ts';
import { prettyShrinkText } from './pretty-reporter.ts';
import { summaryLine, type CaseReport, type SweepReport } from './sweep-report.ts';

export function renderTap(report: SweepReport): string {
  const lines = ['TAP version 13', `1..${report.cases.length}`];
  report.cases.forEach((sweepCase, position) => {
    const description = `${sweepCase.scenario} seed=${sweepCase.seed}`.replace(/#/g, '\\#');
    lines.push(`${sweepCase.passed ? 'ok' : 'not ok'} ${position + 1} - ${description}`);
    if (!sweepCase.passed) lines.push(...diagnostics(sweepCase));
  });
  for (const shrink of report.shrinks) lines.push(...prettyShrinkText(shrink).trimEnd().split('\n').map((line) => `# ${line}`));
  lines.push(`# ${summaryLine(report)}`);
  return `${lines.join('\n')}\n`;
}

function diagnostics(sweepCase: CaseReport): string[] {
  const block = {
    message: failureHeadline(sweepCase),
    severity: 'fail',
    file: sweepCase.file,
    seed: sweepCase.seed,
    failures: sweepCase.failures.map((failure) => ({
      class: failure.failureClass,
      name: failure.name,
      atMs: failure.atMs,
      detail: failure.detail,
      ...(failure.source ? { at: `${failure.source.file}:${failure.source.line}:${failure.source.column}` } : {}),
    })),
    replay: sweepCase.replay,
    duration_ms: Math.round(sweepCase.wallSeconds * 1000),
    traceDigest: sweepCase.traceDigest,
    ...(sweepCase.traceFile ? { trace: sweepCase.traceFile } : {}),
    ...(sweepCase.minimalScenarioFile ? { minimalScenario: sweepCase.minimalScenarioFile } : {}),
  };
  const yaml = stringify(block, { lineWidth: 0 }).trimEnd();
  return ['  ---', ...yaml.split('\n').map((line) => `  ${line}`), '  ...'];
}
