// Go's time.Duration as Talos reads and prints it: in machine configs (`bootTimeout: 2m`,
// `certLifetime: 87600h`), log lines and talosctl output (`8ms`, `1.008s`, `5m33.273s`): parsing
// follows time.ParseDuration, printing follows Duration.String ("2m0s", "1h0m0s", "1.5s",
// "300ms"). Values are whole nanoseconds as bigint, or virtual milliseconds for the simulator's
// own spans. Leaves out: overflow beyond int64 (rejected as invalid).

const UNIT_NANOSECONDS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n,
  'μs': 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_INT64 = 2n ** 63n - 1n;

/** Parses like time.ParseDuration; null when Go would return an error. */
export function parseGoDuration(text: string): bigint | null {
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return null;
  let totalNs = 0n;
  const part = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (rest !== '') {
    const match = part.exec(rest);
    if (match === null || (match[1] === '' && (match[2] ?? '') === '')) return null;
    const unitNs = UNIT_NANOSECONDS[match[3]];
    const whole = BigInt(match[1] === '' ? '0' : match[1]) * unitNs;
    const fraction = match[2] ?? '';
    const fractionNs = fraction === '' ? 0n : (BigInt(fraction) * unitNs) / 10n ** BigInt(fraction.length);
    totalNs += whole + fractionNs;
    rest = rest.slice(match[0].length);
  }
  if (totalNs > MAX_INT64) return null;
  return negative ? -totalNs : totalNs;
}

function trimFraction(fraction: string): string {
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed === '' ? '' : `.${trimmed}`;
}

/** Formats like Go's Duration.String: "1h2m3.5s", "1.5ms", "0s". */
export function formatGoDuration(durationNs: bigint): string {
  if (durationNs === 0n) return '0s';
  const sign = durationNs < 0n ? '-' : '';
  const ns = durationNs < 0n ? -durationNs : durationNs;
  if (ns < 1_000_000_000n) {
    if (ns < 1_000n) return `${sign}${ns}ns`;
    if (ns < 1_000_000n) return `${sign}${ns / 1_000n}${trimFraction((ns % 1_000n).toString().padStart(3, '0'))}µs`;
    return `${sign}${ns / 1_000_000n}${trimFraction((ns % 1_000_000n).toString().padStart(6, '0'))}ms`;
  }
  const hours = ns / UNIT_NANOSECONDS.h;
  const minutes = (ns % UNIT_NANOSECONDS.h) / UNIT_NANOSECONDS.m;
  const secondsNs = ns % UNIT_NANOSECONDS.m;
  const seconds = `${secondsNs / 1_000_000_000n}${trimFraction((secondsNs % 1_000_000_000n).toString().padStart(9, '0'))}s`;
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

/** A span of virtual milliseconds (fractions allowed, kept to the nanosecond) as Duration.String prints it. */
export function goDuration(ms: number): string {
  return formatGoDuration(BigInt(Math.round(ms * 1_000_000)));
}

/** `25m43s ago` style ages, as `talosctl services` prints LAST CHANGE (rounded to seconds). */
export function goAge(ms: number): string {
  return goDuration(Math.max(0, Math.round(ms / 1000) * 1000));
}
