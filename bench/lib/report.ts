// One benchmark row: a figure, the baseline it is compared with (measured in the same run), the
// ratio and the target of issue 15. Each bench file prints its rows; under `npm run bench` it
// also appends them as JSON lines to $TALSIM_BENCH_OUT, from which run-all.ts prints the table.
import { appendFileSync, readFileSync } from 'node:fs';

export interface Row {
  id: string;
  what: string;
  value: number;
  unit: string;
  baselineName: string;
  baseline: number;
  baselineUnit?: string;
  /** value / baseline (or as stated in ratioNote). */
  ratio: number;
  /** Which way is better for the ratio. */
  ratioSense: 'higher' | 'lower';
  target: string;
  /** undefined when the row has no pass/fail target (or ran at smoke size). */
  met?: boolean;
  note?: string;
}

/** Smoke mode (CI): small sizes, figures only, no targets judged. */
export const SMOKE = process.env.TALSIM_BENCH_SMOKE === '1';

export function format(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function rowLine(row: Row): string {
  const verdict = row.met === undefined ? '' : row.met ? ' MET' : ' NOT MET';
  const note = row.note ? ` (${row.note})` : '';
  return `${row.what}: ${format(row.value)} ${row.unit} vs ${row.baselineName} ${format(row.baseline)} ${row.baselineUnit ?? row.unit} = ${row.ratio.toFixed(2)}x; target ${row.target}${verdict}${note}`;
}

export function report(rows: Row[]): void {
  for (const row of rows) {
    const judged = SMOKE ? { ...row, met: undefined } : row;
    console.log(rowLine(judged));
    if (process.env.TALSIM_BENCH_OUT) appendFileSync(process.env.TALSIM_BENCH_OUT, `${JSON.stringify(judged)}\n`);
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * CPU milliseconds (user + system) of this process since `since` (a process.cpuUsage() value).
 * In-process benchmarks time with it rather than the wall clock: the machine is shared, and a
 * process waiting for a core is not slower code.
 */
/**
 * CPU time of the calling (main) thread alone, ms, from Linux's /proc/thread-self/schedstat (ns);
 * undefined elsewhere. Unlike process.cpuUsage it leaves out V8's background GC and compiler threads,
 * whose work after a collection lands in whichever short round runs next.
 */
export function mainThreadCpuMs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

export function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}
