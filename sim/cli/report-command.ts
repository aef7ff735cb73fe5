// `talsim report merge <reports...>`: joins the JSON reports of a sharded sweep into one report,
// written with any reporter to `--out` (or stdout). Exit 0 when every case passed, 1 when one
// failed, 2 when a file cannot be read or the reports do not belong to one sweep.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseSweepReport } from '../report/json-reporter.ts';
import { mergeSweepReports } from '../report/merge-reports.ts';
import { isReporterName, renderReport, REPORTER_NAMES } from '../report/render-report.ts';
import { ReportError } from '../report/report-error.ts';
import { summaryLine } from '../report/sweep-report.ts';

export interface ReportMergeOptions {
  out?: string;
  reporter: string;
}

export function registerReportCommand(program: Command, setExitCode: (code: number) => void): void {
  const report = program.command('report').description('work with the reports of swarm runs');
  report
    .command('merge')
    .description('join the JSON reports of the shards of one sweep (talsim run --shard i/N --reporter json) into one report')
    .argument('<reports...>', 'JSON report files')
    .option('--out <file>', 'write the merged report here instead of stdout')
    .option('--reporter <name>', `format of the merged report: ${REPORTER_NAMES.join('|')}`, 'json')
    .action((files: string[], options: ReportMergeOptions) => {
      setExitCode(reportMergeCommand(files, options));
    });
}

export function reportMergeCommand(files: string[], options: ReportMergeOptions): number {
  if (!isReporterName(options.reporter)) {
    process.stderr.write(`talsim: --reporter: expected one of ${REPORTER_NAMES.join(', ')}, found ${JSON.stringify(options.reporter)}\n`);
    return 2;
  }
  try {
    const reports = files.map((file) => ({ file, report: parseSweepReport(readReportFile(file), file) }));
    const { report, warnings } = mergeSweepReports(reports);
    for (const warning of warnings) process.stderr.write(`talsim: warning: ${warning}\n`);
    const text = renderReport(report, options.reporter);
    if (options.out === undefined) process.stdout.write(text);
    else writeFileSync(options.out, text);
    process.stderr.write(`talsim: merged ${files.length} reports${options.out === undefined ? '' : ` into ${options.out}`}: ${summaryLine(report)}\n`);
    return report.summary.failed > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof ReportError)) throw error;
    process.stderr.write(`talsim: ${error.message}\n`);
    return 2;
  }
}

function readReportFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReportError(file, 'a readable report file', code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
}
