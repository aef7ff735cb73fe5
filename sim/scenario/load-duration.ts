// Durations as scenario files write them (`90s`, `2m`, `1h30m`, `500ms`, `1.5h`), turned into
// virtual milliseconds. Every duration carries a unit: a plain number is ambiguous and rejected.
// Leaves out days and microseconds: no scenario needs them.

/** One or more `<number><unit>` parts, units ms, s, m, h; a number may have a decimal part. */
export const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;

const PART_PATTERN = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a duration text matching DURATION_PATTERN; undefined when it does not match. */
export function parseDurationMs(text: string): number | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined;
  let totalMs = 0;
  for (const part of text.matchAll(PART_PATTERN)) {
    totalMs += Number(part[1]) * UNIT_MS[part[2]!]!;
  }
  return totalMs;
}

/** The shortest text for a whole number of milliseconds: `0s`, `90s` -> `1m30s`, `1h`, `500ms`. */
export function formatDurationMs(durationMs: number): string {
  if (durationMs === 0) return '0s';
  const parts: string[] = [];
  let restMs = durationMs;
  for (const unit of ['h', 'm', 's', 'ms']) {
    const count = Math.floor(restMs / UNIT_MS[unit]!);
    if (count > 0) parts.push(`${count}${unit}`);
    restMs -= count * UNIT_MS[unit]!;
  }
  return parts.join('');
}
