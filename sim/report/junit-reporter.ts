// JUnit XML as GitHub Actions test reporters, GitLab and Jenkins read it: <testsuites>, one
// <testsuite> per scenario file, one <testcase name="<scenario> seed=<n>"> per run with its wall
// time in seconds, its seed and trace digest as properties, and for a failing run a <failure>
// whose type is the failure class and whose text holds every failure, the replay command and
// the files saved. The trace is named as a `[[ATTACHMENT|...]]` (GitLab, Jenkins attachments).
import { xmlAttributes, xmlText } from './xml-text.ts';
import { failureHeadline, failureLine, followUpLines } from './failure-text.ts';
import type { CaseReport, SweepReport } from './sweep-report.ts';

/** Longest `message` attribute: the full text is in the element. */
const MAX_MESSAGE_CHARACTERS = 500;

export function renderJunit(report: SweepReport): string {
  const byFile = new Map<string, CaseReport[]>();
  for (const sweepCase of report.cases) byFile.set(sweepCase.file, [...(byFile.get(sweepCase.file) ?? []), sweepCase]);
  const suites = [...byFile].map(([file, cases]) => testsuite(file, cases, report));
  const attributes = xmlAttributes({
    name: 'talsim',
    tests: report.summary.total,
    failures: report.summary.failed,
    errors: 0,
    skipped: 0,
    time: seconds(report.summary.elapsedSeconds),
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attributes}>\n${suites.join('')}</testsuites>\n`;
}

function testsuite(file: string, cases: CaseReport[], report: SweepReport): string {
  const failed = cases.filter((sweepCase) => !sweepCase.passed).length;
  const attributes = xmlAttributes({
    name: file,
    tests: cases.length,
    failures: failed,
    errors: 0,
    skipped: 0,
    time: seconds(cases.reduce((total, sweepCase) => total + sweepCase.wallSeconds, 0)),
  });
  const properties = [
    property('scenario', cases[0]!.scenario),
    property('seeds', report.sweep.seeds ?? 'the scenario seed'),
    property('shards', report.shards.map((shard) => `${shard.index}/${shard.count}`).join(' ')),
  ];
  return `  <testsuite${attributes}>\n    <properties>\n${properties.map((line) => `      ${line}\n`).join('')}    </properties>\n${cases.map(testcase).join('')}  </testsuite>\n`;
}

function testcase(sweepCase: CaseReport): string {
  const attributes = xmlAttributes({
    name: `${sweepCase.scenario} seed=${sweepCase.seed}`,
    classname: `talsim.${sweepCase.scenario}`,
    file: sweepCase.file,
    time: seconds(sweepCase.wallSeconds),
  });
  const properties = [
    property('seed', sweepCase.seed),
    property('traceDigest', sweepCase.traceDigest),
    property('virtualMs', String(sweepCase.virtualMs)),
    property('eventsFired', String(sweepCase.eventsFired)),
  ];
  const lines = [`    <testcase${attributes}>`, '      <properties>', ...properties.map((line) => `        ${line}`), '      </properties>'];
  if (!sweepCase.passed) lines.push(failure(sweepCase));
  if (sweepCase.traceFile) lines.push(`      <system-out>${xmlText(`[[ATTACHMENT|${sweepCase.traceFile}]]`)}</system-out>`);
  lines.push('    </testcase>');
  return `${lines.join('\n')}\n`;
}

function failure(sweepCase: CaseReport): string {
  const headline = failureHeadline(sweepCase);
  const message = headline.length > MAX_MESSAGE_CHARACTERS ? `${headline.slice(0, MAX_MESSAGE_CHARACTERS - 3)}...` : headline;
  const type = sweepCase.failures[0]?.failureClass ?? 'crash';
  const body = [...sweepCase.failures.map(failureLine), ...followUpLines(sweepCase)].join('\n');
  return `      <failure${xmlAttributes({ message, type })}>${xmlText(body)}</failure>`;
}

function property(name: string, value: string): string {
  return `<property${xmlAttributes({ name, value })}/>`;
}

function seconds(value: number): string {
  return value.toFixed(3);
}
