// `talsim report merge`: shard reports of one sweep joined into one report. They must come from
// the same sweep (same scenario files, seeds and case count) and must not overlap (a shard or a
// case twice is an error). Missing shards are allowed but named in a warning. Of several shrinks
// of the same failure (one per shard), the one at the lowest (scenario, seed) is kept.
import { buildSweepReport, shrinkKey, type ShrinkReport, type SweepReport } from './sweep-report.ts';
import { ReportError } from './report-error.ts';

export interface NamedReport {
  file: string;
  report: SweepReport;
}

export interface MergeResult {
  report: SweepReport;
  warnings: string[];
}

export function mergeSweepReports(reports: readonly NamedReport[]): MergeResult {
  if (reports.length === 0) throw new ReportError('(no files)', 'at least one report to merge', 'none');
  const first = reports[0]!;
  for (const other of reports.slice(1)) checkSameSweep(first, other);
  const shardCount = first.report.shards[0]?.count ?? 1;
  const seenShards = new Map<number, string>();
  const seenCases = new Map<number, string>();
  for (const { file, report } of reports) {
    for (const shard of report.shards) {
      if (shard.count !== shardCount) throw new ReportError(file, `shards of a sweep split ${shardCount} ways`, `shard ${shard.index}/${shard.count}`);
      if (seenShards.has(shard.index)) throw new ReportError(file, 'each shard once', `shard ${shard.index}/${shard.count}, also in ${seenShards.get(shard.index)}`);
      seenShards.set(shard.index, file);
    }
    for (const sweepCase of report.cases) {
      if (seenCases.has(sweepCase.index)) throw new ReportError(file, 'each case once', `${sweepCase.scenario} seed=${sweepCase.seed}, also in ${seenCases.get(sweepCase.index)}`);
      seenCases.set(sweepCase.index, file);
    }
  }
  const missing = Array.from({ length: shardCount }, (_, index) => index).filter((index) => !seenShards.has(index));
  const totalCases = first.report.sweep.totalCases;
  if (missing.length === 0 && seenCases.size !== totalCases) {
    throw new ReportError(first.file, `${totalCases} cases across all ${shardCount} shards`, `${seenCases.size}`);
  }
  const warnings = missing.length === 0 ? [] : [`${missing.length} of ${shardCount} shards missing (${missing.map((index) => `${index}/${shardCount}`).join(', ')}): ${seenCases.size} of ${totalCases} cases merged`];
  const report = buildSweepReport({
    sweep: first.report.sweep,
    shards: reports.flatMap(({ report: shardReport }) => shardReport.shards),
    cases: reports.flatMap(({ report: shardReport }) => shardReport.cases),
    shrinks: firstShrinkPerFailure(reports.flatMap(({ report: shardReport }) => shardReport.shrinks)),
    elapsedSeconds: Math.max(...reports.map(({ report: shardReport }) => shardReport.summary.elapsedSeconds)),
  });
  return { report, warnings };
}

function checkSameSweep(first: NamedReport, other: NamedReport): void {
  const a = first.report.sweep;
  const b = other.report.sweep;
  if (JSON.stringify(a.files) !== JSON.stringify(b.files)) {
    throw new ReportError(other.file, `the scenario files of ${first.file} (${a.files.join(', ')})`, b.files.join(', '));
  }
  if (a.seeds !== b.seeds) throw new ReportError(other.file, `the seeds of ${first.file} (${a.seeds ?? 'scenario seeds'})`, b.seeds ?? 'scenario seeds');
  if (a.totalCases !== b.totalCases) throw new ReportError(other.file, `a sweep of ${a.totalCases} cases like ${first.file}`, `${b.totalCases}`);
}

function firstShrinkPerFailure(shrinks: ShrinkReport[]): ShrinkReport[] {
  const kept = new Map<string, ShrinkReport>();
  for (const shrink of [...shrinks].sort((a, b) => a.caseIndex - b.caseIndex)) {
    const key = shrinkKey(shrink.file, shrink.failureClass, shrink.failureName);
    if (!kept.has(key)) kept.set(key, shrink);
  }
  return [...kept.values()];
}
