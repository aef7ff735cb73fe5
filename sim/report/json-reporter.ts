// The JSON reporter and its reader: the report as indented JSON (shape in sweep-report.ts), and
// the check a report file passes before `talsim report merge` trusts it.
import { REPORT_FORMAT, REPORT_VERSION, sweepReportSchema, type SweepReport } from './sweep-report.ts';
import { ReportError } from './report-error.ts';

export function renderJson(report: SweepReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The report in `text` (read from `file`); a ReportError says what is wrong with it. */
export function parseSweepReport(text: string, file: string): SweepReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ReportError(file, 'a JSON talsim sweep report', `text that is not JSON (${(error as Error).message})`);
  }
  const header = data as { format?: unknown; version?: unknown } | null;
  if (typeof header !== 'object' || header === null || header.format !== REPORT_FORMAT) {
    throw new ReportError(file, `a JSON object with "format": "${REPORT_FORMAT}"`, describe(header?.format));
  }
  if (header.version !== REPORT_VERSION) {
    throw new ReportError(file, `report version ${REPORT_VERSION} (this talsim reads no other)`, `version ${describe(header.version)}`);
  }
  const parsed = sweepReportSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ReportError(file, `a valid report at ${issue.path.join('.') || '(top)'}`, issue.message);
  }
  return parsed.data;
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
