// Virtual time as scenario output prints it: `<minutes>m<seconds.mmm>s` (e.g. `4m05.250s`).
// Its own file so the run loop and the timeline renderer share it without importing each other.
export function formatTime(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const seconds = ((ms % 60_000) / 1000).toFixed(3).padStart(6, '0');
  return `${minutes}m${seconds}s`;
}
