// github.com/dustin/go-humanize's Bytes and IBytes, the one byte-size formatter of talsim:
// - Bytes (SI, powers of 1000): what Talos prints as `pretty_size` (Disks, DiscoveredVolumes),
//   VolumeStatus `prettySize`, what talosctl prints for sizes, what the v1alpha1 config writes for
//   a DiskSize, the CEL selector's `disk.pretty_size` and the terminal UI's sizes;
// - IBytes (IEC, powers of 1024): SwapStatus `sizeHuman` / `usedHuman`.
// Under 10 bytes "N B"; else the value in the largest power that fits, rounded to one decimal
// (half up), printed with one decimal below 10 and none from 10 on (Go's %.0f: halves to even),
// with the suffix.
const SI_SUFFIXES = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
const IEC_SUFFIXES = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Go's %.0f: round to an integer, an exact half to the even neighbour. */
function goFixed0(value: number): string {
  const floor = Math.floor(value);
  const fraction = value - floor;
  const rounded = fraction > 0.5 || (fraction === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  return String(rounded);
}

function humanate(bytes: number, base: number, suffixes: readonly string[]): string {
  if (bytes < 10) return `${bytes} B`;
  const exponent = Math.min(suffixes.length - 1, Math.floor(Math.log(bytes) / Math.log(base)));
  const value = Math.floor((bytes / base ** exponent) * 10 + 0.5) / 10;
  return `${value < 10 ? value.toFixed(1) : goFixed0(value)} ${suffixes[exponent]}`;
}

/** humanize.Bytes: 10737418240 => "11 GB", 8589934592 => "8.6 GB". */
export function humanizeBytes(bytes: number): string {
  return humanate(bytes, 1000, SI_SUFFIXES);
}

/** humanize.IBytes: 82854982 => "79 MiB". */
export function humanizeIBytes(bytes: number): string {
  return humanate(bytes, 1024, IEC_SUFFIXES);
}
