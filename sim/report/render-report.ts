// The reporters by name (`--reporter pretty|json|junit|tap`) and the one call that renders a
// report with one of them.
import type { SweepReport } from './sweep-report.ts';
import { renderPretty } from './pretty-reporter.ts';
import { renderJson } from './json-reporter.ts';
import { renderJunit } from './junit-reporter.ts';
import { renderTap } from './tap-reporter.ts';

export const REPORTER_NAMES = ['pretty', 'json', 'junit', 'tap'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

const RENDERERS: Record<ReporterName, (report: SweepReport) => string> = {
  pretty: renderPretty,
  json: renderJson,
  junit: renderJunit,
  tap: renderTap,
};

export function isReporterName(name: string): name is ReporterName {
  return (REPORTER_NAMES as readonly string[]).includes(name);
}

export function renderReport(report: SweepReport, reporter: ReporterName): string {
  return RENDERERS[reporter](report);
}
