// Durations rendered the way Go's time.Duration prints them, since Talos's log lines and talosctl
// show Go durations: `8ms`, `1.008s`, `5m33.273s`, `1h0m0s`, `1m0s`.

export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1) return `${sign}${trim((rest * 1000).toFixed(3))}µs`;
  if (rest < 1000) return `${sign}${trim(rest.toFixed(6))}ms`;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = trim((rest / 1000).toFixed(9));
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** `25m43s ago` style ages, as `talosctl services` prints LAST CHANGE (rounded to seconds). */
export function goAge(ms: number): string {
  return goDuration(Math.max(0, Math.round(ms / 1000) * 1000));
}
