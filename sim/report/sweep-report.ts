// The JSON report of a sweep (`--reporter json`), the one shape every other reporter and
// `talsim report merge` read. Versioned: a reader refuses a version it does not know. Shape:
//
//   { format: "talsim-sweep-report", version: 1,
//     sweep:   { files: [scenario file, ...], seeds: "1..1000" | null, totalCases },
//     shards:  [{ index, count }, ...]            which shards of the sweep this report holds
//     summary: { total, passed, failed, elapsedSeconds },
//     cases:   [{ index, file, scenario, seed, passed, wallSeconds, virtualMs, eventsFired,
//                 traceDigest, replay, failures: [{ kind, failureClass, name, detail, atMs,
//                 source? }], traceFile?, minimalScenarioFile? }, ...]   in (scenario, seed) order
//     shrinks: [{ caseIndex, file, scenario, seed, failureClass, failureName, minimalScenarioFile?,
//                 replay?, removed: [...], runsUsed, budgetRuns, before, after, error? }, ...] }
//
// `seeds: null` means each scenario ran once with its own seed. Times: `wallSeconds` is wall
// time, `virtualMs` and `atMs` are virtual. Leaves out timelines (the trace file has them).
import { z } from 'zod';

/** One shard of a sweep: the cases whose index modulo `count` is `index`. */
export interface ShardSpec {
  /** 0 .. count-1. */
  index: number;
  count: number;
}

/** The key one shrink is filed under: a failure (its class and name) of one scenario file. */
export function shrinkKey(file: string, failureClass: string, failureName: string): string {
  return JSON.stringify([file, failureClass, failureName]);
}

export const REPORT_FORMAT = 'talsim-sweep-report';
export const REPORT_VERSION = 1;

const failureClass = z.enum(['correctness', 'liveness', 'crash']);

const failureReport = z.object({
  kind: z.string(),
  failureClass,
  name: z.string(),
  detail: z.string(),
  atMs: z.number(),
  source: z.object({ file: z.string(), line: z.number(), column: z.number() }).optional(),
});

const caseReport = z.object({
  index: z.int().min(0),
  file: z.string(),
  scenario: z.string(),
  seed: z.string(),
  passed: z.boolean(),
  wallSeconds: z.number().min(0),
  virtualMs: z.number(),
  eventsFired: z.number(),
  traceDigest: z.string(),
  replay: z.string(),
  failures: z.array(failureReport),
  traceFile: z.string().optional(),
  minimalScenarioFile: z.string().optional(),
});

const planSize = z.object({
  nodes: z.int(),
  steps: z.int(),
  expectations: z.int(),
  faults: z.int(),
  durationMs: z.number(),
});

const shrinkReport = z.object({
  caseIndex: z.int().min(0),
  file: z.string(),
  scenario: z.string(),
  seed: z.string(),
  failureClass,
  failureName: z.string(),
  minimalScenarioFile: z.string().optional(),
  replay: z.string().optional(),
  removed: z.array(z.string()),
  runsUsed: z.int(),
  budgetRuns: z.int(),
  before: planSize,
  after: planSize,
  error: z.string().optional(),
});

const shardSpec = z.object({ index: z.int().min(0), count: z.int().min(1) });

export const sweepReportSchema = z.object({
  format: z.literal(REPORT_FORMAT),
  version: z.literal(REPORT_VERSION),
  sweep: z.object({ files: z.array(z.string()), seeds: z.string().nullable(), totalCases: z.int().min(0) }),
  shards: z.array(shardSpec),
  summary: z.object({ total: z.int(), passed: z.int(), failed: z.int(), elapsedSeconds: z.number().min(0) }),
  cases: z.array(caseReport),
  shrinks: z.array(shrinkReport),
});

export type FailureReport = z.infer<typeof failureReport>;
export type CaseReport = z.infer<typeof caseReport>;
export type PlanSize = z.infer<typeof planSize>;
export type ShrinkReport = z.infer<typeof shrinkReport>;
export type SweepIdentity = z.infer<typeof sweepReportSchema>['sweep'];
export type SweepReport = z.infer<typeof sweepReportSchema>;

export interface SweepReportParts {
  sweep: SweepIdentity;
  shards: ShardSpec[];
  cases: CaseReport[];
  shrinks: ShrinkReport[];
  elapsedSeconds: number;
}

/** A report from its parts: cases sorted into (scenario, seed) order, the summary counted from them. */
export function buildSweepReport(parts: SweepReportParts): SweepReport {
  const cases = [...parts.cases].sort((a, b) => a.index - b.index);
  const failed = cases.filter((sweepCase) => !sweepCase.passed).length;
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    sweep: parts.sweep,
    shards: [...parts.shards].sort((a, b) => a.index - b.index),
    summary: { total: cases.length, passed: cases.length - failed, failed, elapsedSeconds: parts.elapsedSeconds },
    cases,
    shrinks: [...parts.shrinks].sort((a, b) => a.caseIndex - b.caseIndex),
  };
}

/** `N passed, M failed`: the summary line every reporter ends with. */
export function summaryLine(report: SweepReport): string {
  return `${report.summary.passed} passed, ${report.summary.failed} failed`;
}
